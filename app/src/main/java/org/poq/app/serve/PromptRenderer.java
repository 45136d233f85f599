package org.poq.app.serve;

import java.util.List;

/**
 * Turns chat messages into the one prompt a PoQ task carries. A lone user message goes as it is (the
 * miner wraps it in its model's chat template, as for `poq ask`); a conversation becomes labelled
 * turns, which both the miner's model and the validators' cross-encoder read as plain text.
 */
final class PromptRenderer {
    record Message(String role, String content) {
    }

    private PromptRenderer() {
    }

    static String render(List<Message> messages) {
        if (messages.size() == 1) {
            return messages.get(0).content().strip();
        }
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            sb.append(label(m.role())).append(": ").append(m.content().strip());
        }
        return sb.toString();
    }

    private static String label(String role) {
        return switch (role) {
            case "system", "developer" -> "System";
            case "assistant" -> "Assistant";
            default -> "User";
        };
    }
}
