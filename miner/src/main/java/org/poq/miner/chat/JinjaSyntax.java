package org.poq.miner.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the few Jinja2 expressions Jinjava parses differently into ones it parses the same way,
 * inside one tag's body (strings untouched):
 * <ul>
 *   <li>a test binds tighter than {@code not}, {@code and} and {@code or} in Jinja2
 *       ({@code not tools is defined or tools is none}): each {@code X is [not] test} is parenthesised;</li>
 *   <li>slices with expressions or a step ({@code messages[:ns.last+1]}, {@code messages[::-1]}) become
 *       calls of {@code poq_slice}, with Python's meaning;</li>
 *   <li>keyword arguments with operators ({@code namespace(last=messages|length - 1)}) are parenthesised.</li>
 * </ul>
 */
final class JinjaSyntax {
    /** The function slices become (registered by TemplateFunctions). */
    static final String SLICE = "poq_slice";
    private static final Pattern TEST = Pattern.compile("\\bis\\s+(not\\s+)?[A-Za-z_]\\w*");
    private static final Pattern SIMPLE = Pattern.compile("[\\w.]*|'[^']*'|\"[^\"]*\"");
    private static final Pattern KWARG = Pattern.compile("^\\s*[A-Za-z_]\\w*\\s*=(?!=)");

    private JinjaSyntax() {
    }

    static String rewrite(String body) {
        return nots(tests(brackets(spacedOperators(body))));
    }

    /** After a lone "=" (an assignment or a keyword argument), where Jinjava's set tag misreads "=(". */
    private static boolean afterAssignment(CharSequence out) {
        int k = out.length();
        while (k > 0 && out.charAt(k - 1) == ' ') {
            k--;
        }
        return k > 0 && out.charAt(k - 1) == '=' && (k < 2 || "=<>!".indexOf(out.charAt(k - 2)) < 0);
    }

    private static final Pattern NOT = Pattern.compile("\\bnot\\b");
    private static final Pattern STOP = Pattern.compile("\\s(and|or|if|else)\\b");

    /**
     * {@code not a == b} as {@code not (a == b)}: {@code not} binds looser than a comparison in Jinja2 and
     * tighter in Jinjava. Not for {@code is not} and {@code not in}, which are operators of their own.
     */
    private static String nots(String s) {
        return outsideStrings(s, (str, i, out) -> {
            Matcher m = NOT.matcher(str);
            if (str.charAt(i) != 'n' || !m.find(i) || m.start() != i || i > 0 && Character.isLetterOrDigit(str.charAt(i - 1))
                    || out.toString().stripTrailing().endsWith(" is") || str.substring(m.end()).stripLeading().startsWith("in ")) {
                return -1;
            }
            int end = operandEnd(str, m.end());
            String operand = str.substring(m.end(), end).strip();
            out.append("not (").append(nots(operand)).append(')');
            if (end < str.length() && str.charAt(end) != ' ') {
                out.append(' ');
            }
            return end;
        });
    }

    /** One rewrite at index {@code i} of {@code s}: the index after what it wrote to {@code out}, or -1 to copy the character. */
    private interface Rewrite {
        int at(String s, int i, StringBuilder out);
    }

    /** Walks {@code s}, copying string literals as they are and letting {@code rewrite} act at every other character. */
    private static String outsideStrings(String s, Rewrite rewrite) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                int end = stringEnd(s, i);
                out.append(s, i, end);
                i = end;
                continue;
            }
            int next = rewrite.at(s, i, out);
            if (next >= 0) {
                i = next;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Where the operand of a {@code not} that starts at {@code from} ends: and, or, if, else, a closing bracket or a comma at its level. */
    private static int operandEnd(String s, int from) {
        int depth = 0;
        for (int k = from; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\'' || c == '"') {
                k = stringEnd(s, k) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth-- == 0) {
                    return k;
                }
            } else if (depth == 0 && c == ',') {
                return k;
            } else if (depth == 0 && Character.isWhitespace(c)) {
                Matcher stop = STOP.matcher(s);
                if (stop.find(k) && stop.start() == k) {
                    return k;
                }
            }
        }
        return s.length();
    }

    /** {@code n+1} as {@code n + 1}: Jinjava reads "+1" as a number after a name, a syntax error. */
    private static String spacedOperators(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                int end = stringEnd(s, i);
                out.append(s, i, end);
                i = end - 1;
            } else if (c == '-' && (i == 0 || !isPrimaryEnd(s.charAt(i - 1))) && i + 1 < s.length()
                    && Character.isDigit(s.charAt(i + 1)) && !afterAssignment(out)) {
                // "-1 <= k": Jinjava applies a unary minus to the whole comparison
                int end = i + 1;
                while (end < s.length() && (Character.isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
                    end++;
                }
                out.append("(").append(s, i, end).append(")");
                i = end - 1;
            } else if ((c == '+' || c == '-') && i > 0 && i + 1 < s.length() && isPrimaryEnd(s.charAt(i - 1))
                    && s.charAt(i - 1) != '\'' && s.charAt(i - 1) != '"' && s.charAt(i + 1) != ' ') {
                out.append(' ').append(c).append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Slices and keyword arguments, innermost first. */
    private static String brackets(String s) {
        return outsideStrings(s, (str, i, out) -> {
            char c = str.charAt(i);
            if (c != '[' && c != '(') {
                return -1;
            }
            int close = matching(str, i);
            if (close < 0) {
                out.append(str.substring(i));
                return str.length();
            }
            String inner = brackets(str.substring(i + 1, close));
            boolean subscript = out.length() > 0 && isPrimaryEnd(out.charAt(out.length() - 1));
            List<String> parts = topLevel(inner, c == '[' ? ':' : ',');
            if (c == '[' && subscript && parts.size() > 1) {
                int start = primaryStart(out);
                String base = out.substring(start);
                out.setLength(start);
                out.append(SLICE).append('(').append(base);
                for (int k = 0; k < 3; k++) {
                    String part = k < parts.size() ? parts.get(k).strip() : "";
                    out.append(", ").append(part.isEmpty() ? "none" : "(" + part + ")");
                }
                out.append(')');
            } else if (c == '(' && subscript) {
                out.append('(').append(String.join(",", parts.stream().map(JinjaSyntax::keyword).toList())).append(')');
            } else {
                out.append(c).append(inner).append(str.charAt(close));
            }
            return close + 1;
        });
    }

    /** {@code name=a - 1} as {@code name=(a - 1)}. */
    private static String keyword(String arg) {
        Matcher m = KWARG.matcher(arg);
        if (!m.find()) {
            return arg;
        }
        String value = arg.substring(m.end()).strip();
        // a plain value stays as it is: Jinjava's set tag misreads "namespace(x=(false))"
        return SIMPLE.matcher(value).matches() ? arg : arg.substring(0, m.end()) + "(" + value + ")";
    }

    /** Each {@code X is [not] test}, as {@code (X is [not] test)}. */
    private static String tests(String s) {
        return outsideStrings(s, (str, i, out) -> {
            Matcher m = TEST.matcher(str);
            if (str.charAt(i) != 'i' || i > 0 && (Character.isLetterOrDigit(str.charAt(i - 1)) || str.charAt(i - 1) == '_')
                    || !m.find(i) || m.start() != i) {
                return -1;
            }
            String trimmed = out.toString().stripTrailing();
            int start = filteredStart(trimmed);
            if (start >= trimmed.length()) {
                return -1;
            }
            String subject = trimmed.substring(start);
            out.setLength(start);
            out.append('(').append(subject).append(' ').append(m.group()).append(')');
            return m.end();
        });
    }

    /** The start of a primary with its filters ({@code messages | length}): filters bind tighter than tests. */
    private static int filteredStart(String s) {
        int start = primaryStart(s);
        while (true) {
            int k = start;
            while (k > 0 && s.charAt(k - 1) == ' ') {
                k--;
            }
            if (k == 0 || s.charAt(k - 1) != '|') {
                return start;
            }
            k--;
            while (k > 0 && s.charAt(k - 1) == ' ') {
                k--;
            }
            int before = primaryStart(s.substring(0, k));
            if (before == k) {
                return start;
            }
            start = before;
        }
    }

    private static boolean isPrimaryEnd(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ']' || c == ')' || c == '\'' || c == '"';
    }

    /** Where the primary expression (name, attribute chain, subscripts, calls, literal) ending the text starts. */
    private static int primaryStart(CharSequence s) {
        int i = s.length();
        while (i > 0) {
            char c = s.charAt(i - 1);
            if (c == ']' || c == ')') {
                int open = matchingBack(s, i - 1);
                if (open < 0) {
                    return i;
                }
                i = open;
            } else if (c == '\'' || c == '"') {
                int k = i - 2;
                while (k >= 0 && s.charAt(k) != c) {
                    k--;
                }
                if (k < 0) {
                    return i;
                }
                i = k;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                i--;
            } else {
                break;
            }
        }
        return i;
    }

    private static int matchingBack(CharSequence s, int close) {
        char closing = s.charAt(close);
        char opening = closing == ']' ? '[' : '(';
        int depth = 0;
        for (int k = close; k >= 0; k--) {
            char c = s.charAt(k);
            if (c == closing) {
                depth++;
            } else if (c == opening && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int k = open; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\'' || c == '"') {
                k = stringEnd(s, k) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    /** The parts of a bracket's content split at the separator outside nested brackets and strings. */
    private static List<String> topLevel(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\'' || c == '"') {
                k = stringEnd(s, k) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(s.substring(from, k));
                from = k + 1;
            }
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static int stringEnd(String s, int open) {
        char quote = s.charAt(open);
        for (int k = open + 1; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == quote) {
                return k + 1;
            }
        }
        return s.length();
    }
}
