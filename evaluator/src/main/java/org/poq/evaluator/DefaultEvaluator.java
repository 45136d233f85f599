package org.poq.evaluator;

import java.io.IOException;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;

/**
 * The evaluator that ships with the app: all-MiniLM-L6-v2 (fp32) as a bi-encoder. A tasks that names
 * no other evaluator uses it, and a fresh install can validate with it offline.
 */
public final class DefaultEvaluator {
    public static final BundledEvaluator BUNDLED = BundledEvaluator.MINILM_L6_V2;

    private DefaultEvaluator() {
    }

    /** The id the protocol declares for the default evaluator. */
    public static Sha256 id() {
        return BUNDLED.id();
    }

    /** Writes the default evaluator into the user's evaluators folder on first use; cheap afterwards. */
    public static EvaluatorPackage install(AppPaths paths) throws IOException {
        return BUNDLED.install(paths.evaluators());
    }
}
