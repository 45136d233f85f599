package org.poq.miner.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The prompt formats the miner renders, each checked against its model family's official template.
 * The text never starts with the BOS token: llama.cpp's tokenizer adds BOS itself, and writing it here
 * too would double it (llama.cpp's own built-in templates leave it out for the same reason).
 *
 * <p>A prompt is rendered in parts: the format's own markers are template parts (their control tokens
 * are parsed), what people wrote is literal (tokenized as plain text), so a {@code <|eot_id|>} typed
 * into a task cannot end the user's turn or forge a system message.
 *
 * <p>A model whose template is none of these gets {@link #UNKNOWN}, which refuses to render: the user
 * chooses a format ({@code poq node --chat-format}), never a silent ChatML.
 */
public enum ChatFamily {
    /** Llama 3 instruct: header tokens around each role, {@code <|eot_id|>} after each turn. */
    LLAMA3(List.of("<|eot_id|>")) {
        @Override
        void renderInto(List<ChatMessage> messages, Parts out) {
            for (ChatMessage m : messages) {
                out.template("<|start_header_id|>" + roleName(m.role()) + "<|end_header_id|>\n\n")
                        .literal(m.content().strip()).template("<|eot_id|>");
            }
            out.template("<|start_header_id|>assistant<|end_header_id|>\n\n");
        }
    },
    /**
     * Mistral and Mixtral instruct (v0.1-v0.3 style): no system role, so the system prompt goes in
     * front of the first user message, the way Mistral's reference code does it.
     */
    MISTRAL(List.of("</s>")) {
        @Override
        void renderInto(List<ChatMessage> messages, Parts out) {
            String system = null;
            for (ChatMessage m : messages) {
                switch (m.role()) {
                    case SYSTEM -> system = m.content().strip();
                    case USER -> {
                        String content = m.content().strip();
                        if (system != null) {
                            content = system + "\n\n" + content;
                            system = null;
                        }
                        out.template("[INST] ").literal(content).template(" [/INST]");
                    }
                    case ASSISTANT -> out.literal(m.content().strip()).template("</s>");
                }
            }
        }
    },
    /**
     * Mistral's v7 (tekken) format of Mistral Small 3 and later: a real system prompt in
     * {@code [SYSTEM_PROMPT]} and no spaces around the instruction markers.
     */
    MISTRAL_V7_TEKKEN(List.of("</s>")) {
        @Override
        void renderInto(List<ChatMessage> messages, Parts out) {
            for (ChatMessage m : messages) {
                switch (m.role()) {
                    case SYSTEM -> out.template("[SYSTEM_PROMPT]").literal(m.content().strip()).template("[/SYSTEM_PROMPT]");
                    case USER -> out.template("[INST]").literal(m.content().strip()).template("[/INST]");
                    case ASSISTANT -> out.literal(m.content().strip()).template("</s>");
                }
            }
        }
    },
    /** Gemma 2 and 3: no system role (the system prompt opens the first user turn), the model's role is "model". */
    GEMMA(List.of("<end_of_turn>")) {
        @Override
        void renderInto(List<ChatMessage> messages, Parts out) {
            String system = null;
            for (ChatMessage m : messages) {
                switch (m.role()) {
                    case SYSTEM -> system = m.content().strip();
                    case USER -> {
                        out.template("<start_of_turn>user\n");
                        if (system != null) {
                            out.literal(system + "\n\n");
                            system = null;
                        }
                        out.literal(m.content().strip()).template("<end_of_turn>\n");
                    }
                    case ASSISTANT -> out.template("<start_of_turn>model\n").literal(m.content().strip())
                            .template("<end_of_turn>\n");
                }
            }
            out.template("<start_of_turn>model\n");
        }
    },
    /** ChatML (Qwen2.5 and others whose template is ChatML). */
    CHATML(List.of("<|im_end|>")) {
        @Override
        void renderInto(List<ChatMessage> messages, Parts out) {
            for (ChatMessage m : messages) {
                out.template("<|im_start|>" + roleName(m.role()) + "\n").literal(m.content().strip())
                        .template("<|im_end|>\n");
            }
            out.template("<|im_start|>assistant\n");
        }
    },
    /** A template none of the above matches: it cannot be rendered until the user chooses a format. */
    UNKNOWN(List.of()) {
        @Override
        void renderInto(List<ChatMessage> messages, Parts out) {
            throw new IllegalStateException("this model's chat template is not one PoQ can apply; choose a format "
                    + "for it (" + choices() + "), for example `poq node --chat-format chatml`");
        }
    };

    private final List<String> stopStrings;

    ChatFamily(List<String> stopStrings) {
        this.stopStrings = stopStrings;
    }

    abstract void renderInto(List<ChatMessage> messages, Parts out);

    /** The prompt for these messages in parts, ending where the assistant's answer begins. */
    public List<PromptPart> renderParts(List<ChatMessage> messages) {
        Parts out = new Parts();
        renderInto(messages, out);
        return out.parts;
    }

    /** The prompt text for these messages, ending where the assistant's answer begins. */
    public String render(List<ChatMessage> messages) {
        return renderParts(messages).stream().map(PromptPart::text).collect(Collectors.joining());
    }

    /** Strings that end an assistant turn in this format, to pass as stop strings. */
    public List<String> stopStrings() {
        return stopStrings;
    }

    /** The formats a user may choose, as they are typed. */
    public static String choices() {
        List<String> out = new ArrayList<>();
        for (ChatFamily f : values()) {
            if (f != UNKNOWN) {
                out.add(f.cliName());
            }
        }
        return String.join(", ", out);
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A format by the name a user typed, or a sentence listing the names. */
    public static ChatFamily parse(String name) {
        for (ChatFamily f : values()) {
            if (f != UNKNOWN && (f.cliName().equalsIgnoreCase(name.strip()) || f.name().equalsIgnoreCase(name.strip()))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown chat format '" + name + "'; choose one of " + choices());
    }

    /**
     * The family of a GGUF's own Jinja template (tokenizer.chat_template), recognised by the markers
     * each family's template must contain; empty when there is no template or it is none of these.
     */
    public static Optional<ChatFamily> recognize(String jinjaTemplate) {
        if (jinjaTemplate == null || jinjaTemplate.isBlank()) {
            return Optional.empty();
        }
        if (jinjaTemplate.contains("<|start_header_id|>") && jinjaTemplate.contains("<|eot_id|>")) {
            return Optional.of(LLAMA3);
        }
        if (jinjaTemplate.contains("[SYSTEM_PROMPT]") && jinjaTemplate.contains("[INST]")) {
            return Optional.of(MISTRAL_V7_TEKKEN);
        }
        if (jinjaTemplate.contains("[INST]") && jinjaTemplate.contains("[/INST]")) {
            return Optional.of(MISTRAL);
        }
        if (jinjaTemplate.contains("<start_of_turn>") && jinjaTemplate.contains("<end_of_turn>")) {
            return Optional.of(GEMMA);
        }
        if (jinjaTemplate.contains("<|im_start|>") && jinjaTemplate.contains("<|im_end|>")) {
            return Optional.of(CHATML);
        }
        return Optional.empty();
    }

    /** The family for a model's template; {@link #UNKNOWN} when it has none or one we do not know. */
    public static ChatFamily forTemplate(Optional<String> jinjaTemplate) {
        return jinjaTemplate.flatMap(ChatFamily::recognize).orElse(UNKNOWN);
    }

    private static String roleName(ChatMessage.Role role) {
        return switch (role) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
        };
    }

    /** Collects parts, merging neighbours of the same kind. */
    static final class Parts {
        private final List<PromptPart> parts = new ArrayList<>();

        Parts template(String text) {
            return add(text, true);
        }

        Parts literal(String text) {
            return add(text, false);
        }

        private Parts add(String text, boolean special) {
            if (text.isEmpty()) {
                return this;
            }
            int last = parts.size() - 1;
            if (last >= 0 && parts.get(last).special() == special) {
                parts.set(last, new PromptPart(parts.get(last).text() + text, special));
            } else {
                parts.add(new PromptPart(text, special));
            }
            return this;
        }
    }
}
