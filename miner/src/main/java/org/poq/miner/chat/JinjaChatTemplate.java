package org.poq.miner.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A model's own chat template ({@code tokenizer.chat_template}, Jinja) rendered the way Hugging Face
 * transformers renders it: trim_blocks and lstrip_blocks, loop controls, {@code raise_exception},
 * {@code strftime_now}, Python's {@code tojson} and the Python string, list and dict methods templates
 * call ({@link PythonMethods}). JinjaTemplatesTest holds every template llama.cpp bundles to the
 * byte against Python's jinja2.
 */
public final class JinjaChatTemplate {
    private static final Jinjava JINJAVA = jinjava();

    private final String source;
    private final String bosToken;
    private final String eosToken;
    private final Clock clock;

    public JinjaChatTemplate(String source, String bosToken, String eosToken, Clock clock) {
        this.source = JinjaWhitespace.normalize(Objects.requireNonNull(source, "source"));
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String bosToken() {
        return bosToken;
    }

    public String eosToken() {
        return eosToken;
    }

    /**
     * The template's text for these messages, exactly as the template renders it (the BOS token
     * included where the template writes it).
     *
     * @throws ChatTemplateException where the template refuses the conversation or cannot be rendered
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        Map<String, Object> context = new HashMap<>();
        List<Map<String, Object>> turns = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", m.role().name().toLowerCase(Locale.ROOT));
            turn.put("content", m.content());
            turns.add(turn);
        }
        context.put("messages", turns);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        context.put(TemplateFunctions.CLOCK_KEY, clock);
        // "strftime_now is defined" (Llama 3.1's date line) asks for the functions as names
        context.put("strftime_now", true);
        context.put("raise_exception", true);
        RenderResult result = JINJAVA.renderForResult(source, context);
        for (TemplateError e : result.getErrors()) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new ChatTemplateException(TemplateFunctions.describe(e));
            }
        }
        return result.getOutput();
    }

    /**
     * The prompt in parts, ready for the engine: what people wrote is literal (tokenized as plain text),
     * the template's own text is template (its control tokens parsed); a leading BOS is left out
     * because llama.cpp's tokenizer adds it (llama.cpp's own chat code drops it the same way).
     *
     * <p>The parts come from a second rendering in which each message's text is a sentinel no text can
     * contain; they are used only when putting the texts back into it gives the first rendering byte for
     * byte (texts as written, or as the template trims them). A template whose branches depend on the text
     * fails that check, and gets no guess at where a task's text ends and a turn marker begins.
     *
     * @throws ChatTemplateException where the template refuses the conversation, or the check fails
     */
    public List<PromptPart> renderParts(List<ChatMessage> messages) {
        String real = render(messages, true);
        List<ChatMessage> marked = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            marked.add(new ChatMessage(messages.get(i).role(), sentinel(i)));
        }
        String skeleton = render(marked, true);
        for (boolean trimmed : new boolean[] {false, true}) {
            List<PromptPart> parts = split(skeleton, messages, trimmed);
            if (parts != null && join(parts).equals(real)) {
                return withoutLeadingBos(parts);
            }
        }
        throw new ChatTemplateException("the chat template changes the text it is given in a way PoQ cannot separate "
                + "from its own markers");
    }

    private static String sentinel(int i) {
        return "\uE000" + i + "\uE001";
    }

    private static List<PromptPart> split(String skeleton, List<ChatMessage> messages, boolean trimmed) {
        List<PromptPart> parts = new ArrayList<>();
        int at = 0;
        while (at < skeleton.length()) {
            int open = skeleton.indexOf('\uE000', at);
            if (open < 0) {
                parts.add(PromptPart.template(skeleton.substring(at)));
                break;
            }
            int close = skeleton.indexOf('\uE001', open);
            if (close < 0) {
                return null;
            }
            int index;
            try {
                index = Integer.parseInt(skeleton.substring(open + 1, close));
            } catch (NumberFormatException e) {
                return null;
            }
            if (index < 0 || index >= messages.size()) {
                return null;
            }
            parts.add(PromptPart.template(skeleton.substring(at, open)));
            String text = messages.get(index).content();
            parts.add(PromptPart.literal(trimmed ? PythonMethods.strip(text, null, true, true) : text));
            at = close + 1;
        }
        return merged(parts);
    }

    private static List<PromptPart> merged(List<PromptPart> parts) {
        List<PromptPart> out = new ArrayList<>();
        for (PromptPart p : parts) {
            if (p.text().isEmpty()) {
                continue;
            }
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).special() == p.special()) {
                out.set(last, new PromptPart(out.get(last).text() + p.text(), p.special()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private List<PromptPart> withoutLeadingBos(List<PromptPart> parts) {
        if (bosToken.isEmpty() || parts.isEmpty() || !parts.get(0).special() || !parts.get(0).text().startsWith(bosToken)) {
            return parts;
        }
        List<PromptPart> out = new ArrayList<>(parts);
        out.set(0, PromptPart.template(parts.get(0).text().substring(bosToken.length())));
        return merged(out);
    }

    private static String join(List<PromptPart> parts) {
        StringBuilder b = new StringBuilder();
        parts.forEach(p -> b.append(p.text()));
        return b.toString();
    }

    private static Jinjava jinjava() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                // JinjaWhitespace has applied jinja2's whitespace rules already
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                .withElResolver(PythonMethods.resolver())
                .build();
        Jinjava j = new Jinjava(config);
        TemplateFunctions.register(j);
        return j;
    }
}
