package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.AppPaths;

/** The real all-MiniLM-L6-v2 from the langchain4j jar, installed into a fresh data folder. */
class DefaultEvaluatorTest {
    @TempDir
    static Path home;
    private static Scorer scorer;

    @BeforeAll
    static void open() throws Exception {
        scorer = Evaluators.openDefault(new AppPaths(home), ScorerOptions.defaults().withDevice(ExecutionDevice.CPU));
    }

    @AfterAll
    static void close() {
        scorer.close();
    }

    @Test
    void installsIntoTheDataFolderUnderTheDeclaredId() throws Exception {
        AppPaths paths = new AppPaths(home);
        Path dir = paths.evaluators().resolve(DefaultEvaluator.id().hex());
        assertThat(scorer.evaluator().dir()).isEqualTo(dir);
        assertThat(scorer.evaluator().id()).isEqualTo(DefaultEvaluator.id());
        assertThat(scorer.evaluator().kind()).isEqualTo(EvaluatorKind.BI);
        FileTime written = Files.getLastModifiedTime(dir.resolve("model.onnx"));
        assertThat(DefaultEvaluator.install(paths).dir()).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(dir.resolve("model.onnx"))).isEqualTo(written);
        try (var s = Files.list(paths.evaluators())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(DefaultEvaluator.id().hex());
        }
    }

    @Test
    void aDamagedInstallIsRebuilt(@TempDir Path other) throws Exception {
        AppPaths paths = new AppPaths(other);
        Path dir = DefaultEvaluator.install(paths).dir();
        byte[] model = Files.readAllBytes(dir.resolve("model.onnx"));
        Files.write(dir.resolve("model.onnx"), java.util.Arrays.copyOf(model, 1000));
        EvaluatorPackage repaired = DefaultEvaluator.install(paths);
        assertThat(repaired.id()).isEqualTo(DefaultEvaluator.id());
        assertThat(Files.size(repaired.model())).isEqualTo(model.length);
    }

    @Test
    void findsTheDefaultByIdAsATaskNamesIt() throws Exception {
        assertThat(Evaluators.find(new AppPaths(home), DefaultEvaluator.id())).get()
                .extracting(EvaluatorPackage::dir).isEqualTo(scorer.evaluator().dir());
    }

    @Test
    void ranksARelevantAnswerAboveAnOffTopicOne() {
        List<ScoredAnswer> s = scorer.scoreDetailed("What is the capital of France?",
                List.of("The capital of France is Paris.", "Photosynthesis turns light into chemical energy in plants."));
        assertThat(s.get(0).score().value()).isGreaterThan(7000);
        assertThat(s.get(1).score().value()).isLessThan(2000);
    }

    @Test
    void sameScoresOnRepeatedRunsAndInABatchOrAlone() {
        String prompt = "How does a refrigerator keep food cold?";
        List<String> answers = new ArrayList<>();
        String[] parts = {"A refrigerant absorbs heat inside the fridge as it evaporates",
            "and releases it outside through the coils at the back when the compressor squeezes it.",
            "The cycle repeats, so heat keeps flowing out of the box.",
            "Insulation in the walls slows heat coming back in."};
        for (int i = 0; i < 20; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = 0; j <= i % parts.length; j++) {
                b.append(parts[j]).append(' ');
            }
            answers.add(b.append("(variant ").append(i).append(')').toString());
        }
        List<ScoredAnswer> batched = scorer.scoreDetailed(prompt, answers);
        assertThat(scorer.scoreDetailed(prompt, answers)).isEqualTo(batched);
        for (int i = 0; i < answers.size(); i++) {
            ScoredAnswer alone = scorer.scoreDetailed(prompt, List.of(answers.get(i))).get(0);
            assertThat(alone.raw()).as("answer %d", i).isEqualTo(batched.get(i).raw());
            assertThat(alone.score()).isEqualTo(batched.get(i).score());
        }
    }
}
