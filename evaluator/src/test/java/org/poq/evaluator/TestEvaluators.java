package org.poq.evaluator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The small evaluator committed under resources/evaluators, made by make_tiny_cross_encoder.py. */
final class TestEvaluators {
    private TestEvaluators() {
    }

    static Path repoRoot() {
        String root = System.getProperty("poq.repo.root");
        Path p = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("resources/evaluators"))) {
            throw new IllegalStateException("cannot find the repository's resources/evaluators from " + p);
        }
        return p;
    }

    static Path tinyCross() {
        return repoRoot().resolve("resources/evaluators/tiny-cross");
    }

    /** The id make_tiny_cross_encoder.py computed, in Python, independently of the Java code. */
    static String tinyCrossIdFromPython() throws IOException {
        return Files.readString(repoRoot().resolve("resources/evaluators/tiny-cross.id")).strip();
    }

    /** A copy of the tiny evaluator that a test may damage. */
    static Path copyOfTinyCross(Path into) throws IOException {
        Files.createDirectories(into);
        for (String f : new String[] {EvaluatorPackage.MODEL, EvaluatorPackage.TOKENIZER, EvaluatorPackage.CONFIG}) {
            Files.copy(tinyCross().resolve(f), into.resolve(f));
        }
        return into;
    }
}
