package org.poq.miner.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/** Python's json.dumps(x, ensure_ascii=False[, indent][, sort_keys]): the text a template's tojson writes into a prompt. */
final class PythonJson {
    private PythonJson() {
    }

    static String dumps(Object value, int indent, boolean sortKeys) {
        StringBuilder out = new StringBuilder();
        write(out, value, indent, sortKeys, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object v, int indent, boolean sortKeys, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            out.append(d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d) : Double.toString(d));
        } else if (v instanceof Number n) {
            out.append(n);
        } else if (v instanceof Map<?, ?> m) {
            Map<?, ?> entries = sortKeys ? new TreeMap<>(m) : m;
            List<Map.Entry<?, ?>> list = new ArrayList<>(entries.entrySet());
            container(out, '{', '}', list.size(), indent, depth, i -> {
                string(out, String.valueOf(list.get(i).getKey()));
                out.append(": ");
                write(out, list.get(i).getValue(), indent, sortKeys, depth + 1);
            });
        } else if (v instanceof Iterable<?> it) {
            List<Object> list = new ArrayList<>();
            it.forEach(list::add);
            container(out, '[', ']', list.size(), indent, depth, i -> write(out, list.get(i), indent, sortKeys, depth + 1));
        } else {
            string(out, v.toString());
        }
    }

    private static void container(StringBuilder out, char open, char close, int size, int indent, int depth,
                                  IntConsumer item) {
        out.append(open);
        if (size == 0) {
            out.append(close);
            return;
        }
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                out.append(indent >= 0 ? "," : ", ");
            }
            if (indent >= 0) {
                out.append('\n').append(" ".repeat(indent * (depth + 1)));
            }
            item.accept(i);
        }
        if (indent >= 0) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
        out.append(close);
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
