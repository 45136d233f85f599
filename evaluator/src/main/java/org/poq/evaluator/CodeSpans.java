package org.poq.evaluator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The prose of an answer without its code (decision 0052). Code is written in Latin letters and English
 * keywords whatever language the answer is written in, so the guard's script and language rules read only
 * the prose around it: a Chinese answer that is mostly Python is still a Chinese answer, and the keyword
 * "in" of a loop is no English word in a German answer.
 *
 * <p>Removed: fenced blocks (```...```), inline code (`...`), lines indented by a tab or four spaces, and
 * every run of printable ASCII without spaces that holds a character prose does not use inside a word:
 * brackets, {@code = ; _ < > $ # \ |}, or a dot or colon followed by a letter or digit ({@code f.read},
 * {@code std::cout}). A run ends at a space and at any other character, so code written into a Chinese
 * sentence without spaces goes and the Han letters around it stay. Plain words next to code stay too: an
 * English sentence with "len(s)" in it is still English.
 */
final class CodeSpans {
    private static final Pattern FENCED = Pattern.compile("```.*?(```|\\z)", Pattern.DOTALL);
    private static final Pattern INLINE = Pattern.compile("`[^`\\n]*`");
    /** Characters that prose does not use inside a word. */
    private static final String CODE_CHARS = "()[]{}=;_<>$#\\|";

    private CodeSpans() {
    }

    static String prose(String text) {
        String t = INLINE.matcher(FENCED.matcher(text).replaceAll("\n")).replaceAll(" ");
        List<String> lines = new ArrayList<>();
        for (String line : t.split("\n", -1)) {
            if (line.startsWith("\t") || line.startsWith("    ")) {
                continue;
            }
            lines.add(withoutCodeRuns(line));
        }
        return String.join("\n", lines);
    }

    /** The line with every code-like run of printable ASCII replaced by a space; linear in the line's length. */
    private static String withoutCodeRuns(String line) {
        StringBuilder out = new StringBuilder(line.length());
        int i = 0;
        while (i < line.length()) {
            if (!isAsciiPrintable(line.charAt(i))) {
                out.append(line.charAt(i++));
                continue;
            }
            int end = i;
            boolean code = false;
            while (end < line.length() && isAsciiPrintable(line.charAt(end))) {
                char c = line.charAt(end);
                boolean memberAccess = (c == '.' || c == ':') && end + 1 < line.length() && isAsciiLetterOrDigit(line.charAt(end + 1));
                code |= CODE_CHARS.indexOf(c) >= 0 || memberAccess;
                end++;
            }
            out.append(code ? " " : line.substring(i, end));
            i = end;
        }
        return out.toString();
    }

    private static boolean isAsciiPrintable(char c) {
        return c > ' ' && c <= '~';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }
}
