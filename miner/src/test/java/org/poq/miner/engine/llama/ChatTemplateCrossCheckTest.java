package org.poq.miner.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.chat.ChatMessage;
import org.poq.miner.engine.LlamaLibraries;

/**
 * Our renderers against llama.cpp's own (llama_chat_apply_template with a built-in template name),
 * byte for byte, for the formats both implement the same way; each was also checked against the
 * model family's official Jinja template (ChatFamilyTest).
 */
class ChatTemplateCrossCheckTest {
    private static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("You are a concise assistant."),
            ChatMessage.user("What is 2+2?"),
            ChatMessage.assistant("4"),
            ChatMessage.user("And 3+3? Ünïcödé ✓"));
    private static LlamaApi api;

    @BeforeAll
    static void load() {
        api = Native.load(LlamaLibraries.llamaLibrary(LlamaLibraries.locate()).orElseThrow().toString(), LlamaApi.class);
    }

    @Test
    void ourRenderersMatchLlamaCpps() {
        Map<ChatFamily, String> builtIn = Map.of(ChatFamily.LLAMA3, "llama3", ChatFamily.CHATML, "chatml",
                ChatFamily.GEMMA, "gemma", ChatFamily.MISTRAL_V7_TEKKEN, "mistral-v7-tekken");
        builtIn.forEach((family, name) -> assertThat(family.render(CONVERSATION)).as(name).isEqualTo(llamaCpp(name)));
    }

    @Test
    void llamaCppHasNoBuiltInForATemplateItDoesNotKnow() {
        LlamaChatMessage[] chat = messages();
        assertThat(api.llama_chat_apply_template("{{ my very own template }}", chat, chat.length, (byte) 1,
                new byte[16], 16)).isNegative();
    }

    private static String llamaCpp(String template) {
        LlamaChatMessage[] chat = messages();
        byte[] buf = new byte[4096];
        int n = api.llama_chat_apply_template(template, chat, chat.length, (byte) 1, buf, buf.length);
        assertThat(n).as("llama_chat_apply_template(%s)", template).isBetween(1, buf.length);
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    private static LlamaChatMessage[] messages() {
        LlamaChatMessage[] chat = (LlamaChatMessage[]) new LlamaChatMessage().toArray(CONVERSATION.size());
        for (int i = 0; i < chat.length; i++) {
            chat[i].role = CONVERSATION.get(i).role().name().toLowerCase(java.util.Locale.ROOT);
            chat[i].content = CONVERSATION.get(i).content();
            chat[i].write();
        }
        return chat;
    }
}
