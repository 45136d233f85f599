package org.poq.miner.chat;

/** A chat template that refuses a conversation (its own raise_exception) or cannot be rendered; the message says why in words. */
public final class ChatTemplateException extends RuntimeException {
    public ChatTemplateException(String message) {
        super(message);
    }
}
