package org.poq.miner.chat;

import java.util.List;
import java.util.Optional;

/**
 * The prompt formats the miner renders. The text never starts with the BOS token: llama.cpp's
 * tokenizer adds BOS itself, and writing it here too would double it (llama.cpp's own built-in
 * templates leave it out for the same reason).
 */
public enum ChatFamily {
    /** Llama 3 instruct: header tokens around each role, {@code <|eot_id|>} after each turn. */
    LLAMA3(List.of("<|eot_id|>")) {
        @Override
        public String render(List<ChatMessage> messages) {
            StringBuilder sb = new StringBuilder();
            for (ChatMessage m : messages) {
                sb.append("<|start_header_id|>").append(roleName(m.role())).append("<|end_header_id|>\n\n")
                        .append(m.content().strip()).append("<|eot_id|>");
            }
            return sb.append("<|start_header_id|>assistant<|end_header_id|>\n\n").toString();
        }
    },
    /**
     * Mistral and Mixtral instruct (v0.1/v0.2 style): no system role, so the system prompt goes in front
     * of the first user message, the way Mistral's reference code does it.
     */
    MISTRAL(List.of("</s>")) {
        @Override
        public String render(List<ChatMessage> messages) {
            StringBuilder sb = new StringBuilder();
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
                        sb.append("[INST] ").append(content).append(" [/INST]");
                    }
                    case ASSISTANT -> sb.append(m.content().strip()).append("</s>");
                }
            }
            return sb.toString();
        }
    },
    /** ChatML: the fallback for a model with no template, as llama.cpp does. */
    CHATML(List.of("<|im_end|>")) {
        @Override
        public String render(List<ChatMessage> messages) {
            StringBuilder sb = new StringBuilder();
            for (ChatMessage m : messages) {
                sb.append("<|im_start|>").append(roleName(m.role())).append('\n')
                        .append(m.content().strip()).append("<|im_end|>\n");
            }
            return sb.append("<|im_start|>assistant\n").toString();
        }
    };

    private final List<String> stopStrings;

    ChatFamily(List<String> stopStrings) {
        this.stopStrings = stopStrings;
    }

    /** The prompt text for these messages, ending where the assistant's answer begins. */
    public abstract String render(List<ChatMessage> messages);

    /** Strings that end an assistant turn in this format, to pass as stop strings. */
    public List<String> stopStrings() {
        return stopStrings;
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
        if (jinjaTemplate.contains("[INST]") && jinjaTemplate.contains("[/INST]")) {
            return Optional.of(MISTRAL);
        }
        if (jinjaTemplate.contains("<|im_start|>")) {
            return Optional.of(CHATML);
        }
        return Optional.empty();
    }

    /** The family for a model's template, ChatML when it has none or one we do not know. */
    public static ChatFamily forTemplate(Optional<String> jinjaTemplate) {
        return jinjaTemplate.flatMap(ChatFamily::recognize).orElse(CHATML);
    }

    private static String roleName(ChatMessage.Role role) {
        return switch (role) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
        };
    }
}
