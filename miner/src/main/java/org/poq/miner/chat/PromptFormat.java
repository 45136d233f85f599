package org.poq.miner.chat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a loaded model's prompts are written. By default ({@code --chat-format auto}) it is the model's own
 * Jinja template ({@code tokenizer.chat_template}) rendered as transformers renders it; a hand-kept
 * {@link ChatFamily} is the fallback where the template cannot be rendered, and the format a user chose.
 * A file without a template gets ChatML, as llama.cpp gives it.
 */
public final class PromptFormat {
    private final JinjaChatTemplate template;
    private final ChatFamily family;
    private final String description;

    private PromptFormat(JinjaChatTemplate template, ChatFamily family, String description) {
        this.template = template;
        this.family = Objects.requireNonNull(family, "family");
        this.description = description;
    }

    /** A hand-kept format the user chose ({@code --chat-format NAME}). */
    public static PromptFormat of(ChatFamily family) {
        return new PromptFormat(null, family, family.cliName() + " (chosen)");
    }

    /**
     * The format {@code auto} picks for a model: its own template where that renders a plain
     * conversation, else the hand-kept format it is recognised as, else ChatML for a file with no template.
     */
    public static PromptFormat auto(Optional<String> jinjaTemplate, String bosToken, String eosToken, Clock clock) {
        ChatFamily recognised = ChatFamily.forTemplate(jinjaTemplate);
        if (jinjaTemplate.isEmpty() || jinjaTemplate.get().isBlank()) {
            return new PromptFormat(null, ChatFamily.CHATML, "chatml (the file has no chat template; llama.cpp's default)");
        }
        JinjaChatTemplate own = new JinjaChatTemplate(jinjaTemplate.get(), bosToken, eosToken, clock);
        try {
            own.renderParts(List.of(ChatMessage.user("Hello")));
            return new PromptFormat(own, recognised, "the file's own template (Jinja)");
        } catch (ChatTemplateException e) {
            String why = e.getMessage();
            return new PromptFormat(null, recognised, recognised == ChatFamily.UNKNOWN
                    ? "none: " + why : recognised.cliName() + " (the file's own template cannot be used: " + why + ")");
        }
    }

    /** Whether prompts can be written at all (false for an unknown template that also cannot be rendered). */
    public boolean usable() {
        return template != null || family != ChatFamily.UNKNOWN;
    }

    /** In words, for the node's output and {@code models info}. */
    public String description() {
        return description;
    }

    /** The hand-kept family behind this format (UNKNOWN where there is none). */
    public ChatFamily family() {
        return family;
    }

    /**
     * The prompt for these messages, ending where the assistant's answer begins. A template that refuses
     * a system role (Gemma 2, Mistral v0.1) gets the system text in front of the first user turn, as
     * those models' vendors advise; one that cannot be rendered falls back to the hand-kept format.
     */
    public List<PromptPart> renderParts(List<ChatMessage> messages) {
        if (template != null) {
            try {
                return template.renderParts(messages);
            } catch (ChatTemplateException refused) {
                List<ChatMessage> merged = systemInFirstUser(messages);
                if (merged != null) {
                    try {
                        return template.renderParts(merged);
                    } catch (ChatTemplateException stillRefused) {
                        // falls through to the hand-kept format, or to the first refusal
                    }
                }
                if (family == ChatFamily.UNKNOWN) {
                    throw refused;
                }
            }
        }
        return family.renderParts(messages);
    }

    /** Strings that end an assistant turn: the family's markers where it is known (llama.cpp also stops at end-of-generation tokens). */
    public List<String> stopStrings() {
        return family.stopStrings();
    }

    private static List<ChatMessage> systemInFirstUser(List<ChatMessage> messages) {
        if (messages.isEmpty() || messages.get(0).role() != ChatMessage.Role.SYSTEM) {
            return null;
        }
        List<ChatMessage> out = new ArrayList<>();
        String system = messages.get(0).content().strip();
        boolean placed = false;
        for (ChatMessage m : messages.subList(1, messages.size())) {
            if (!placed && m.role() == ChatMessage.Role.USER) {
                out.add(ChatMessage.user(system + "\n\n" + m.content()));
                placed = true;
            } else {
                out.add(m);
            }
        }
        return placed ? out : null;
    }
}
