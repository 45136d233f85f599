package org.poq.evaluator;

import org.poq.core.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.poq.core.Sha256;

/**
 * Evaluators built from model files on the class path (the langchain4j all-MiniLM-L6-v2 jars), so that
 * a fresh install can validate without a download. Only the fp32 jar ships with the app; the int8 one
 * is on the test class path for benchmarks.
 */
public enum BundledEvaluator {
    MINILM_L6_V2("all-minilm-l6-v2", "all-MiniLM-L6-v2 bi-encoder (fp32)",
            "d5e966111c558790ba3ec0956801234c4469dadda81083ac9606f4dc26857b2b"),
    MINILM_L6_V2_INT8("all-minilm-l6-v2-q", "all-MiniLM-L6-v2 bi-encoder (int8)",
            "5c2f9f6aded3f98310fa6ba942e84b0ca51bc2c539e5a6c5382d084f342d114c");

    /**
     * Cosine similarity to probability: sigmoid(8 * (cos - 0.35)). MiniLM gives a question and a
     * relevant answer cosines of about 0.5-0.8 and unrelated text about -0.1-0.15; 0.35 lies between, and
     * the slope 8 keeps good answers apart (0.6 -> 0.88, 0.75 -> 0.96) instead of all at 0.99.
     */
    static final ScoreHead MINILM_HEAD = new ScoreHead(ScoreHead.LOGISTIC, 8.0, -2.8);
    private static final int MAX_LENGTH = 256;
    private static final int MAX_PROMPT_TOKENS = 128;

    private final String resourceBase;
    private final String label;
    private final Sha256 expectedId;

    BundledEvaluator(String resourceBase, String label, String expectedIdHex) {
        this.resourceBase = resourceBase;
        this.label = label;
        this.expectedId = Sha256.parse(expectedIdHex);
    }

    /** The id this build expects; {@link #install} refuses model files that hash differently. */
    public Sha256 id() {
        return expectedId;
    }

    public EvaluatorConfig config() {
        return new EvaluatorConfig(label, EvaluatorKind.BI, MAX_LENGTH, MAX_PROMPT_TOKENS, MINILM_HEAD, DegenerateGuard.standard());
    }

    public boolean available() {
        return BundledEvaluator.class.getResource("/" + resourceBase + ".onnx") != null;
    }

    /** The package in {@code evaluatorsDir}, written there from the class path the first time. */
    public EvaluatorPackage install(Path evaluatorsDir) throws IOException {
        Path target = evaluatorsDir.resolve(expectedId.hex());
        if (Files.isDirectory(target)) {
            try {
                EvaluatorPackage existing = EvaluatorPackage.load(target);
                if (existing.id().equals(expectedId)) {
                    return existing;
                }
            } catch (IOException e) {
                // Damaged on disk (an interrupted copy by an older version, a user edit): rebuild it below.
            }
        }
        try (StagingDir staging = StagingDir.in(evaluatorsDir)) {
            copyResource(resourceBase + ".onnx", staging.path().resolve(EvaluatorPackage.MODEL));
            copyResource(resourceBase + "-tokenizer.json", staging.path().resolve(EvaluatorPackage.TOKENIZER));
            Files.writeString(staging.path().resolve(EvaluatorPackage.CONFIG), config().toJson());
            EvaluatorPackage staged = EvaluatorPackage.load(staging.path());
            if (!staged.id().equals(expectedId)) {
                throw new IllegalStateException("the bundled " + label + " model on the class path has evaluator id "
                        + staged.id().hex() + ", this build expects " + expectedId.hex() + " (a different langchain4j jar?)");
            }
            if (Files.isDirectory(target)) {
                FileTrees.delete(target);
            }
            return EvaluatorImporter.install(staging, evaluatorsDir);
        }
    }

    private void copyResource(String name, Path to) throws IOException {
        try (InputStream in = BundledEvaluator.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new InvalidEvaluatorException("the bundled evaluator file " + name + " is not on the class path"
                        + " (is the langchain4j-embeddings-" + resourceBase + " jar there?)");
            }
            Files.copy(in, to);
        }
    }
}
