package org.poq.evaluator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;

/** The entry point: open scorers, import evaluator packages, find installed ones by id. */
public final class Evaluators {
    private Evaluators() {
    }

    public static Scorer openDefault(AppPaths paths) throws IOException {
        return openDefault(paths, ScorerOptions.defaults());
    }

    public static Scorer openDefault(AppPaths paths, ScorerOptions options) throws IOException {
        return open(DefaultEvaluator.install(paths), options);
    }

    /** Opens the evaluator folder {@code dir} (not imported: for trying a package before importing it). */
    public static Scorer open(Path dir) throws IOException {
        return open(EvaluatorPackage.load(dir), ScorerOptions.defaults());
    }

    public static Scorer open(Path dir, ScorerOptions options) throws IOException {
        return open(EvaluatorPackage.load(dir), options);
    }

    public static Scorer open(EvaluatorPackage evaluator, ScorerOptions options) throws IOException {
        return OnnxScorer.open(evaluator, options);
    }

    /** Opens the installed evaluator with this id (the one a task names); the default one is installed on demand. */
    public static Scorer open(AppPaths paths, Sha256 id, ScorerOptions options) throws IOException {
        EvaluatorPackage evaluator = find(paths, id).orElseThrow(() ->
                new InvalidEvaluatorException("evaluator " + id.hex() + " is not installed; import it first"));
        return open(evaluator, options);
    }

    public static Optional<EvaluatorPackage> find(AppPaths paths, Sha256 id) throws IOException {
        if (id.equals(DefaultEvaluator.id())) {
            return Optional.of(DefaultEvaluator.install(paths));
        }
        Path dir = paths.evaluators().resolve(id.hex());
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        EvaluatorPackage evaluator = EvaluatorPackage.load(dir);
        if (!evaluator.id().equals(id)) {
            throw new InvalidEvaluatorException("the evaluator folder " + dir + " was changed: its files hash to " + evaluator.id().hex());
        }
        return Optional.of(evaluator);
    }

    /** Imports a folder or .zip: validated in a staging folder, then moved under its id in one step. */
    public static EvaluatorPackage importPackage(Path source, AppPaths paths) throws IOException {
        return EvaluatorImporter.importFrom(source, paths.evaluators());
    }

    public static EvaluatorPackage importPackage(Path source, Path evaluatorsDir) throws IOException {
        return EvaluatorImporter.importFrom(source, evaluatorsDir);
    }

    /** The installed evaluators (folders named by a valid id). */
    public static List<EvaluatorPackage> installed(AppPaths paths) throws IOException {
        List<EvaluatorPackage> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(paths.evaluators())) {
            for (Path dir : dirs.filter(Files::isDirectory).filter(d -> d.getFileName().toString().matches("[0-9a-f]{64}")).toList()) {
                try {
                    out.add(EvaluatorPackage.load(dir));
                } catch (InvalidEvaluatorException e) {
                    // A damaged folder is not an installed evaluator; find() reports it when it is asked for.
                }
            }
        }
        return out;
    }
}
