package org.poq.network.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.poq.network.NodeRole;

/** Writes metrics in the Prometheus text format, one series per role with a role label. */
final class PrometheusText {
    private final StringBuilder b = new StringBuilder();

    void counter(String name, String help, Map<NodeRole, RoleMetrics> roles, ToDoubleFunction<RoleMetrics> value) {
        header(name, "counter", help);
        for (Map.Entry<NodeRole, RoleMetrics> e : sorted(roles).entrySet()) {
            b.append(name).append(label(e.getKey())).append(' ').append(number(value.applyAsDouble(e.getValue()))).append('\n');
        }
    }

    void summary(String name, String help, Map<NodeRole, RoleMetrics> roles, Function<RoleMetrics, RoleMetrics.Summary> of) {
        header(name, "summary", help);
        for (Map.Entry<NodeRole, RoleMetrics> e : sorted(roles).entrySet()) {
            RoleMetrics.Summary s = of.apply(e.getValue());
            b.append(name).append("_count").append(label(e.getKey())).append(' ').append(s.count()).append('\n');
            b.append(name).append("_sum").append(label(e.getKey())).append(' ').append(number(s.sum())).append('\n');
        }
    }

    void plain(String name, String type, String help, double value) {
        header(name, type, help);
        b.append(name).append(' ').append(number(value)).append('\n');
    }

    private void header(String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static Map<NodeRole, RoleMetrics> sorted(Map<NodeRole, RoleMetrics> roles) {
        return new TreeMap<>(roles);
    }

    private static String label(NodeRole role) {
        return "{role=\"" + role.name().toLowerCase(Locale.ROOT) + "\"}";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
