package org.poq.miner.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.poq.miner.testmodels.TestModels;

class ChatFamilyTest {
    private static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("You are a concise assistant."),
            ChatMessage.user("What is 2+2?"),
            ChatMessage.assistant("4"),
            ChatMessage.user("And 3+3?"));

    @Test
    void rendersLlama3Instruct() {
        assertThat(ChatFamily.LLAMA3.render(CONVERSATION)).isEqualTo(
                "<|start_header_id|>system<|end_header_id|>\n\nYou are a concise assistant.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n4<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nAnd 3+3?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void rendersMistralInstructWithTheSystemPromptInFrontOfTheFirstUserTurn() {
        assertThat(ChatFamily.MISTRAL.render(CONVERSATION)).isEqualTo(
                "[INST] You are a concise assistant.\n\nWhat is 2+2? [/INST]4</s>[INST] And 3+3? [/INST]");
    }

    @Test
    void rendersChatMl() {
        assertThat(ChatFamily.CHATML.render(CONVERSATION)).isEqualTo(
                "<|im_start|>system\nYou are a concise assistant.<|im_end|>\n"
                        + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                        + "<|im_start|>assistant\n4<|im_end|>\n"
                        + "<|im_start|>user\nAnd 3+3?<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }

    @Test
    void aSingleUserTurnWithoutSystemPrompt() {
        List<ChatMessage> one = List.of(ChatMessage.user("Hi"));
        assertThat(ChatFamily.LLAMA3.render(one)).isEqualTo(
                "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
        assertThat(ChatFamily.MISTRAL.render(one)).isEqualTo("[INST] Hi [/INST]");
    }

    @Test
    void recognisesEachFamilyFromTheModelsOwnTemplate() {
        assertThat(ChatFamily.recognize(TestModels.LLAMA3_TEMPLATE)).contains(ChatFamily.LLAMA3);
        assertThat(ChatFamily.recognize(TestModels.MIXTRAL_TEMPLATE)).contains(ChatFamily.MISTRAL);
        assertThat(ChatFamily.recognize("{% for m in messages %}<|im_start|>{{ m.role }}{% endfor %}"))
                .contains(ChatFamily.CHATML);
        assertThat(ChatFamily.recognize("{{ messages[0].content }}")).isEmpty();
    }

    @Test
    void fallsBackToChatMlWithoutATemplateOrWithAnUnknownOne() {
        assertThat(ChatFamily.forTemplate(Optional.empty())).isEqualTo(ChatFamily.CHATML);
        assertThat(ChatFamily.forTemplate(Optional.of("{{ unknown }}"))).isEqualTo(ChatFamily.CHATML);
    }

    @Test
    void eachFamilyNamesTheStringThatEndsATurn() {
        assertThat(ChatFamily.LLAMA3.stopStrings()).containsExactly("<|eot_id|>");
        assertThat(ChatFamily.MISTRAL.stopStrings()).containsExactly("</s>");
        assertThat(ChatFamily.CHATML.stopStrings()).containsExactly("<|im_end|>");
    }
}
