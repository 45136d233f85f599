package org.poq.miner.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The globals and filters transformers gives chat templates: raise_exception, strftime_now and Python's tojson. */
final class TemplateFunctions {
    /** Where a render keeps its clock, for strftime_now (a name no template uses). */
    static final String CLOCK_KEY = "__poq_clock__";
    private static final String REFUSAL = "poq-template-refusal: ";

    private TemplateFunctions() {
    }

    static void register(Jinjava j) {
        j.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class,
                "raiseException", Object.class));
        j.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now", TemplateFunctions.class,
                "strftimeNow", String.class));
        j.getGlobalContext().registerFunction(new ELFunctionDefinition("", JinjaSyntax.SLICE, TemplateFunctions.class,
                "slice", Object.class, Object.class, Object.class, Object.class));
        j.getGlobalContext().registerFilter(new ToJson());
    }

    public static Object raiseException(Object message) {
        throw new ChatTemplateException(REFUSAL + message);
    }

    public static String strftimeNow(String format) {
        Clock clock = (Clock) JinjavaInterpreter.getCurrent().getContext().get(CLOCK_KEY);
        return Strftime.format(format, LocalDateTime.now(clock == null ? Clock.systemUTC() : clock));
    }

    /** Python's {@code value[start:stop:step]} on a list or a string (JinjaSyntax turns slices into calls of this). */
    public static Object slice(Object value, Object start, Object stop, Object step) {
        int by = step == null ? 1 : ((Number) step).intValue();
        if (by == 0) {
            throw new IllegalArgumentException("slice step cannot be zero");
        }
        List<Object> items = new ArrayList<>();
        int n;
        if (value instanceof CharSequence cs) {
            n = cs.length();
        } else if (value instanceof Iterable<?> it) {
            it.forEach(items::add);
            n = items.size();
        } else {
            return value;
        }
        int lo = by > 0 ? bound(start, n, 0, 0, n) : bound(start, n, n - 1, -1, n - 1);
        int hi = by > 0 ? bound(stop, n, n, 0, n) : bound(stop, n, -1, -1, n - 1);
        StringBuilder text = new StringBuilder();
        List<Object> out = new ArrayList<>();
        for (int k = lo; by > 0 ? k < hi : k > hi; k += by) {
            if (value instanceof CharSequence cs) {
                text.append(cs.charAt(k));
            } else {
                out.add(items.get(k));
            }
        }
        return value instanceof CharSequence ? text.toString() : out;
    }

    /** A slice bound as Python computes it: negative from the end, clamped to [low, high]. */
    private static int bound(Object v, int n, int absent, int low, int high) {
        if (v == null) {
            return absent;
        }
        int k = ((Number) v).intValue();
        if (k < 0) {
            k += n;
        }
        return Math.max(low, Math.min(high, k));
    }

    /** A fatal render error in words: the template's own refusal as it wrote it, else Jinjava's message. */
    static String describe(TemplateError e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        for (Throwable t = e.getException(); t != null; t = t.getCause()) {
            if (t instanceof ChatTemplateException refused && refused.getMessage() != null) {
                message = refused.getMessage();
            }
        }
        int refusal = message.indexOf(REFUSAL);
        if (refusal >= 0) {
            return "the chat template refuses this conversation: " + message.substring(refusal + REFUSAL.length());
        }
        return "the chat template cannot be rendered: " + message;
    }

    /** Python's json.dumps as transformers' tojson filter calls it: no ASCII escaping, indent and separators as asked. */
    static final class ToJson implements AdvancedFilter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.getOrDefault("indent", args.length > 0 ? args[0] : null);
            Object sortKeys = kwargs.get("sort_keys");
            return PythonJson.dumps(var, indent instanceof Number n ? n.intValue() : -1, Boolean.TRUE.equals(sortKeys));
        }
    }
}
