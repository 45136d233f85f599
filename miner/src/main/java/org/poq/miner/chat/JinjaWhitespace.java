package org.poq.miner.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies Jinja2's whitespace rules to a template's source the way Python's jinja2 lexer does, so that
 * the engine that then renders it does none of its own: {@code -} on a tag strips every whitespace
 * character on that side, trim_blocks drops the one newline after a block or comment tag, lstrip_blocks
 * drops the spaces and tabs before a block or comment tag that opens its line, and the template's one
 * final newline is dropped (keep_trailing_newline off). Jinjava's own handling of these differs in
 * many small places (a {@code {#- comment #}}, a {@code {%- set %}} after an expression), and every
 * difference is a byte of the prompt the model was not trained on.
 *
 * <p>Also drops transformers' {@code {% generation %}} markers, which wrap what they enclose and render nothing.
 */
final class JinjaWhitespace {
    private JinjaWhitespace() {
    }

    private record Piece(String text, boolean tag, char kind, boolean stripBefore, boolean stripAfter,
                         boolean plusBefore, boolean plusAfter) {
    }

    static String normalize(String source) {
        List<Piece> pieces = split(source);
        StringBuilder out = new StringBuilder(source.length());
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            if (p.tag()) {
                if (!isGenerationMarker(p)) {
                    out.append(p.text());
                }
                continue;
            }
            String text = p.text();
            Piece before = i > 0 ? pieces.get(i - 1) : null;
            Piece after = i + 1 < pieces.size() ? pieces.get(i + 1) : null;
            // jinja2's "line_starting": the text begins a line of the source (after what the tag before consumed)
            boolean lineStart = before == null;
            if (before != null && before.stripAfter()) {
                String stripped = stripLeading(text);
                lineStart = stripped.length() < text.length() && text.charAt(text.length() - stripped.length() - 1) == '\n';
                text = stripped;
            } else if (before != null && before.kind() != '{' && !before.plusAfter() && text.startsWith("\n")) {
                text = text.substring(1); // trim_blocks
                lineStart = true;
            }
            if (after != null && after.stripBefore()) {
                text = stripTrailing(text);
            } else if (after != null && after.kind() != '{' && !after.plusBefore()) {
                text = lstrip(text, lineStart);
            }
            if (after == null && text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1); // keep_trailing_newline=False
            }
            if (after != null && text.endsWith("{")) {
                // "properties:{" then a tag: once the whitespace between them is gone, "{{%" would open an expression
                text = text.substring(0, text.length() - 1) + "{{ '{' }}";
            }
            out.append(text);
        }
        return out.toString();
    }

    /** lstrip_blocks: the spaces and tabs between the last newline (or the template's start) and the tag. */
    private static String lstrip(String text, boolean atTemplateStart) {
        int end = text.length();
        int k = end;
        while (k > 0 && (text.charAt(k - 1) == ' ' || text.charAt(k - 1) == '\t')) {
            k--;
        }
        if (k == 0 ? atTemplateStart : text.charAt(k - 1) == '\n') {
            return text.substring(0, k);
        }
        return text;
    }

    private static String stripLeading(String s) {
        int k = 0;
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
            k++;
        }
        return s.substring(k);
    }

    private static String stripTrailing(String s) {
        int k = s.length();
        while (k > 0 && Character.isWhitespace(s.charAt(k - 1))) {
            k--;
        }
        return s.substring(0, k);
    }

    private static boolean isGenerationMarker(Piece p) {
        if (p.kind() != '%') {
            return false;
        }
        String body = p.text().substring(2, p.text().length() - 2).strip();
        return body.equals("generation") || body.equals("endgeneration");
    }

    /** Text and tags in order; each tag already without its whitespace markers ({@code -} and {@code +}). */
    private static List<Piece> split(String s) {
        List<Piece> out = new ArrayList<>();
        int text = 0;
        int i = 0;
        while (i < s.length() - 1) {
            char c = s.charAt(i);
            char n = s.charAt(i + 1);
            if (c != '{' || (n != '{' && n != '%' && n != '#')) {
                i++;
                continue;
            }
            if (n == '%' && isRaw(s, i)) {
                int end = s.indexOf("endraw", i + 2);
                int close = end < 0 ? -1 : s.indexOf("%}", end);
                if (close >= 0) {
                    i = close + 2;
                    continue;
                }
            }
            int end = n == '#' ? s.indexOf("#}", i + 2) : tagEnd(s, i + 2, n == '{' ? '}' : '%');
            if (end < 0) {
                break; // unclosed: left to the engine, which names the error
            }
            out.add(new Piece(s.substring(text, i), false, ' ', false, false, false, false));
            String inner = s.substring(i + 2, end);
            boolean stripBefore = inner.startsWith("-");
            boolean plusBefore = inner.startsWith("+");
            boolean stripAfter = inner.endsWith("-");
            boolean plusAfter = inner.endsWith("+");
            String body = inner;
            if (stripBefore || plusBefore) {
                body = body.substring(1);
            }
            if ((stripAfter || plusAfter) && !body.isEmpty()) {
                body = body.substring(0, body.length() - 1);
            }
            String open = "{" + n;
            String close = (n == '{' ? "}" : String.valueOf(n)) + "}";
            String tag = n == '#' ? "" : open + JinjaSyntax.rewrite(body) + close;
            // a comment renders nothing but keeps its whitespace effects on the text around it
            out.add(new Piece(tag, true, n == '{' ? '{' : n, stripBefore, stripAfter, plusBefore, plusAfter));
            i = end + 2;
            text = i;
        }
        out.add(new Piece(s.substring(text), false, ' ', false, false, false, false));
        return out;
    }

    private static boolean isRaw(String s, int at) {
        int k = at + 2;
        while (k < s.length() && (s.charAt(k) == '-' || s.charAt(k) == '+' || s.charAt(k) == ' ')) {
            k++;
        }
        return s.startsWith("raw", k);
    }

    /** Where the tag that starts before {@code from} closes ("}}" or "%}"), skipping quoted strings. */
    private static int tagEnd(String s, int from, char closing) {
        char quote = 0;
        for (int i = from; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == closing && s.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }
}
