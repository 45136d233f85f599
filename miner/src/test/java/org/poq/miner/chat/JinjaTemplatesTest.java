package org.poq.miner.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every chat template llama.cpp bundles (templates/, with their source in templates/SOURCE.md), rendered
 * by PoQ for four conversations and compared byte for byte with Python jinja2's rendering of the same
 * template (references/, made by render_references.py, which says how). A template that refuses a
 * conversation must refuse it here too.
 */
class JinjaTemplatesTest {
    /** render_references.py's fixed clock (strftime_now) and its BOS and EOS tokens. */
    static final Clock FIXED_NOW = Clock.fixed(LocalDateTime.of(2026, 1, 15, 9, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    static final String BOS = "<s>";
    static final String EOS = "</s>";

    /** render_references.py's CONVERSATIONS, the same turns in the same order. */
    static final Map<String, List<ChatMessage>> CONVERSATIONS = conversations();

    private static Map<String, List<ChatMessage>> conversations() {
        Map<String, List<ChatMessage>> c = new LinkedHashMap<>();
        c.put("user", List.of(ChatMessage.user("What is 2+2?")));
        c.put("system", List.of(ChatMessage.system("You are a careful assistant."), ChatMessage.user("What is 2+2?")));
        c.put("turns", List.of(ChatMessage.system("Answer briefly."), ChatMessage.user("Hi"),
                ChatMessage.assistant("Hello! How can I help?"), ChatMessage.user("2+2?")));
        c.put("text", List.of(ChatMessage.user("  Grüße, 你好 — «quotes», \"json\" & <tags>\n\tindented line\n")));
        return c;
    }

    static Path folder() throws URISyntaxException {
        return Path.of(JinjaTemplatesTest.class.getResource("templates").toURI()).getParent();
    }

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        Path dir = folder();
        try (Stream<Path> files = Files.list(dir.resolve("templates"))) {
            return files.filter(p -> p.toString().endsWith(".jinja")).sorted().toList().stream()
                    .flatMap(t -> CONVERSATIONS.keySet().stream().map(c -> Arguments.of(
                            t.getFileName().toString().replace(".jinja", ""), c)));
        }
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("cases")
    void rendersLikeJinja2(String template, String conversation) throws Exception {
        Path dir = folder();
        String source = Files.readString(dir.resolve("templates").resolve(template + ".jinja"), StandardCharsets.UTF_8);
        String expected = Files.readString(dir.resolve("references").resolve(template + "." + conversation + ".txt"),
                StandardCharsets.UTF_8);
        JinjaChatTemplate t = new JinjaChatTemplate(source, BOS, EOS, FIXED_NOW);
        List<ChatMessage> messages = CONVERSATIONS.get(conversation);
        if (expected.startsWith("ERROR: ")) {
            assertThatThrownBy(() -> t.render(messages, true)).isInstanceOf(ChatTemplateException.class);
        } else {
            assertThat(t.render(messages, true)).isEqualTo(expected);
        }
    }
}
