package org.poq.simulator;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A self-contained SVG of grouped bars: one group per configuration, one bar per strategy, the bar the
 * mean reward per node per round; miners and validators in two panels (their pools differ). Slashes are
 * drawn as a red tick under the axis, since at 10% of stake they would dwarf every reward bar.
 */
public final class RewardChart {
    private static final String[] COLORS = {"#2e7d32", "#9e9e9e", "#8d6e63", "#ffb300", "#5c6bc0", "#d81b60"};
    private static final int GROUP_W = 120;
    private static final int PANEL_H = 240;
    private static final int LEFT = 60;

    private RewardChart() {
    }

    public static String svg(SimulationReport report) {
        int n = report.configs().size();
        int width = LEFT + n * GROUP_W + 220;
        int height = 2 * (PANEL_H + 110) + 40;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">"
                + "Mean reward per node per round (POQ) by strategy; red ticks: slashed</text>%n", LEFT));
        panel(s, report, "Miners", ConfigResult::miners, report.minerStrategies(), 40);
        panel(s, report, "Validators", ConfigResult::validators, report.validatorStrategies(), 40 + PANEL_H + 110);
        s.append("</svg>\n");
        return s.toString();
    }

    private static void panel(StringBuilder s, SimulationReport report, String title,
                              Function<ConfigResult, List<StrategyResult>> role, List<String> strategies, int top) {
        double max = report.configs().stream().flatMap(c -> role.apply(c).stream()).mapToDouble(StrategyResult::reward)
                .max().orElse(1);
        max = max <= 0 ? 1 : max * 1.1;
        int base = top + 30 + PANEL_H;
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                LEFT, top + 20, title));
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            int y = base - (int) Math.round(PANEL_H * t / 4.0);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#e0e0e0\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.1f</text>%n",
                    LEFT, LEFT + report.configs().size() * GROUP_W, y, y, LEFT - 6, y + 4, v));
        }
        int barW = Math.max(4, (GROUP_W - 20) / Math.max(1, strategies.size()));
        for (int g = 0; g < report.configs().size(); g++) {
            ConfigResult c = report.configs().get(g);
            int x0 = LEFT + g * GROUP_W + 10;
            for (int i = 0; i < strategies.size(); i++) {
                String name = strategies.get(i);
                StrategyResult r = role.apply(c).stream().filter(x -> x.strategy().equals(name)).findFirst().orElse(null);
                if (r == null) continue;
                int h = (int) Math.round(PANEL_H * Math.max(0, r.reward()) / max);
                int x = x0 + i * barW;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                        + "<title>%s, %s: reward %.2f, slashed %.1f</title></rect>%n",
                        x, base - h, barW - 1, h, COLORS[i % COLORS.length], esc(c.config().label()), esc(name), r.reward(), r.slash()));
                if (r.slash() > 0) {
                    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"6\" fill=\"#c62828\"/>%n",
                            x, base + 2, barW - 1));
                }
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">m=%d</text>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d%% bad</text>%n",
                    x0 + (GROUP_W - 20) / 2, base + 22, c.config().m(), x0 + (GROUP_W - 20) / 2, base + 36,
                    Math.round(c.config().maliciousShare() * 100)));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, LEFT + report.configs().size() * GROUP_W, base, base));
        int lx = LEFT + report.configs().size() * GROUP_W + 20;
        for (int i = 0; i < strategies.size(); i++) {
            int y = top + 40 + i * 18;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, y, COLORS[i % COLORS.length], lx + 18, y + 10, esc(strategies.get(i))));
        }
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
