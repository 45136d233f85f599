package org.poq.miner.chat;

import java.util.Objects;

/**
 * A piece of a rendered prompt. special: template text, whose control tokens ({@code <|eot_id|>},
 * {@code [INST]}) are parsed as control tokens; otherwise the text is what someone wrote and is
 * tokenized as plain text, so a control token typed into a prompt cannot end a turn or forge a role.
 */
public record PromptPart(String text, boolean special) {
    public PromptPart {
        Objects.requireNonNull(text, "text");
    }

    public static PromptPart template(String text) {
        return new PromptPart(text, true);
    }

    public static PromptPart literal(String text) {
        return new PromptPart(text, false);
    }
}
