package org.poq.miner.chat;

import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * The Python methods chat templates call on strings and dicts ({@code content.strip()},
 * {@code content.split('</think>')}, {@code role.startswith('u')}, {@code tool.items()} ...), with
 * Python's meaning. Jinjava would otherwise call Java's methods of the same name (String.split takes
 * a regular expression) or none at all ({@code startswith}). Anything else goes to Jinjava's own resolver.
 */
final class PythonMethods extends ELResolver {
    private final ELResolver next;

    private PythonMethods(ELResolver next) {
        this.next = next;
    }

    static ELResolver resolver() {
        return new PythonMethods(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
        Object[] args = params == null ? new Object[0] : params;
        if (method instanceof String name) {
            Object out = NO_METHOD;
            if (base instanceof CharSequence s) {
                out = string(s.toString(), name, args);
            } else if (base instanceof Map<?, ?> m) {
                out = map(m, name, args);
            }
            if (out != NO_METHOD) {
                context.setPropertyResolved(true);
                return out;
            }
        }
        return next.invoke(context, base, method, types, params);
    }

    private static final Object NO_METHOD = new Object();

    private static Object string(String s, String name, Object[] a) {
        return switch (name) {
            case "strip" -> strip(s, chars(a), true, true);
            case "lstrip" -> strip(s, chars(a), true, false);
            case "rstrip" -> strip(s, chars(a), false, true);
            case "split" -> a.length == 0 || a[0] == null ? whitespaceSplit(s) : split(s, str(a[0]), a.length > 1 ? num(a[1]) : -1);
            case "rsplit" -> a.length == 0 || a[0] == null ? whitespaceSplit(s) : rsplit(s, str(a[0]), a.length > 1 ? num(a[1]) : -1);
            case "startswith" -> anyOf(a[0], p -> s.startsWith(p));
            case "endswith" -> anyOf(a[0], p -> s.endsWith(p));
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "replace" -> replace(s, str(a[0]), str(a[1]), a.length > 2 ? num(a[2]) : -1);
            case "find" -> s.indexOf(str(a[0]));
            case "rfind" -> s.lastIndexOf(str(a[0]));
            case "count" -> count(s, str(a[0]));
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "join" -> join(s, a[0]);
            default -> NO_METHOD;
        };
    }

    private static Object map(Map<?, ?> m, String name, Object[] a) {
        return switch (name) {
            case "items" -> m.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList();
            case "keys" -> new ArrayList<>(m.keySet());
            case "values" -> new ArrayList<>(m.values());
            case "get" -> m.containsKey(a[0]) ? m.get(a[0]) : (a.length > 1 ? a[1] : null);
            default -> NO_METHOD;
        };
    }

    private static String chars(Object[] a) {
        return a.length == 0 || a[0] == null ? null : str(a[0]);
    }

    /** Python's strip: whitespace by default, else any of the given characters. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && strippable(s.charAt(start), chars)) {
            start++;
        }
        while (right && end > start && strippable(s.charAt(end - 1), chars)) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
    }

    private static List<String> whitespaceSplit(String s) {
        String t = strip(s, null, true, true);
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    private static List<String> split(String s, String sep, int max) {
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        List<String> out = new ArrayList<>();
        int from = 0;
        int at;
        while ((max < 0 || out.size() < max) && (at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static List<String> rsplit(String s, String sep, int max) {
        if (max < 0) {
            return split(s, sep, -1);
        }
        List<String> out = new ArrayList<>();
        int end = s.length();
        int at;
        while (out.size() < max && (at = s.lastIndexOf(sep, end - sep.length())) >= 0 && end - sep.length() >= 0) {
            out.add(0, s.substring(at + sep.length(), end));
            end = at;
        }
        out.add(0, s.substring(0, end));
        return out;
    }

    private static boolean anyOf(Object prefixes, Predicate<String> test) {
        if (prefixes instanceof Collection<?> c) {
            return c.stream().anyMatch(p -> test.test(str(p)));
        }
        return test.test(str(prefixes));
    }

    private static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean previousCased = false;
        for (char c : s.toCharArray()) {
            b.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousCased = Character.isLetter(c);
        }
        return b.toString();
    }

    private static String replace(String s, String old, String with, int count) {
        if (count < 0) {
            return s.replace(old, with);
        }
        String out = s;
        int from = 0;
        for (int i = 0; i < count; i++) {
            int at = out.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out = out.substring(0, at) + with + out.substring(at + old.length());
            from = at + with.length();
        }
        return out;
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0 && !sub.isEmpty(); at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String sep, Object items) {
        List<String> parts = new ArrayList<>();
        if (items instanceof Iterable<?> it) {
            it.forEach(x -> parts.add(str(x)));
        }
        return String.join(sep, parts);
    }

    private static String str(Object o) {
        return o == null ? "None" : o.toString();
    }

    private static int num(Object o) {
        return o instanceof Number n ? n.intValue() : Integer.parseInt(str(o));
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return next.getCommonPropertyType(context, base);
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return next.getFeatureDescriptors(context, base);
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return next.getType(context, base, property);
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return next.getValue(context, base, property);
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return next.isReadOnly(context, base, property);
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        next.setValue(context, base, property, value);
    }
}
