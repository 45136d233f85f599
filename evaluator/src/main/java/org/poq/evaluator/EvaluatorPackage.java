package org.poq.evaluator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.poq.core.Sha256;

/**
 * An evaluator on disk: a folder with model.onnx, tokenizer.json and evaluator.json, and its id.
 * Loading checks that the files are there and the configuration is valid, and computes the id;
 * {@link PackageValidator} checks that the model and tokenizer really work together.
 */
public final class EvaluatorPackage {
    public static final String MODEL = "model.onnx";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String CONFIG = "evaluator.json";
    static final String ID_HEADER = "poq-evaluator v2\n";

    private final Path dir;
    private final EvaluatorConfig config;
    private final Sha256 id;

    private EvaluatorPackage(Path dir, EvaluatorConfig config, Sha256 id) {
        this.dir = dir;
        this.config = config;
        this.id = id;
    }

    public static EvaluatorPackage load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InvalidEvaluatorException("not an evaluator folder: " + dir);
        }
        for (String name : new String[] {MODEL, TOKENIZER, CONFIG}) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) {
                throw new InvalidEvaluatorException("missing " + name + " in " + dir);
            }
            if (Files.size(f) == 0) {
                throw new InvalidEvaluatorException(name + " in " + dir + " is empty");
            }
        }
        EvaluatorConfig config = EvaluatorConfig.read(dir.resolve(CONFIG));
        return new EvaluatorPackage(dir, config, computeId(dir.resolve(MODEL), dir.resolve(TOKENIZER), config));
    }

    /**
     * The evaluator id: SHA-256 of the UTF-8 text
     * <pre>
     * poq-evaluator v1\n
     * model &lt;sha256 hex of model.onnx&gt;\n
     * tokenizer &lt;sha256 hex of tokenizer.json&gt;\n
     * &lt;EvaluatorConfig#canonicalLines&gt;
     * </pre>
     * so that it covers every byte and parameter a score depends on, but not the JSON formatting.
     */
    public static Sha256 computeId(Path model, Path tokenizer, EvaluatorConfig config) throws IOException {
        return Sha256.of(idText(Sha256.ofFile(model), Sha256.ofFile(tokenizer), config).getBytes(StandardCharsets.UTF_8));
    }

    static String idText(Sha256 model, Sha256 tokenizer, EvaluatorConfig config) {
        return ID_HEADER + "model " + model.hex() + "\n" + "tokenizer " + tokenizer.hex() + "\n" + config.canonicalLines();
    }

    public Sha256 id() {
        return id;
    }

    public EvaluatorConfig config() {
        return config;
    }

    public EvaluatorKind kind() {
        return config.kind();
    }

    public String name() {
        return config.name();
    }

    public Path dir() {
        return dir;
    }

    public Path model() {
        return dir.resolve(MODEL);
    }

    public Path tokenizer() {
        return dir.resolve(TOKENIZER);
    }

    @Override
    public String toString() {
        return (config.name().isEmpty() ? "evaluator" : config.name()) + " (" + config.kind().wireName() + ", " + id.hex() + ")";
    }
}
