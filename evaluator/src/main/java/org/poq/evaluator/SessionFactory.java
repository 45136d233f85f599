package org.poq.evaluator;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens an ONNX Runtime session on CUDA or the CPU, as asked and as available. */
final class SessionFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

    record Opened(OrtSession session, ExecutionInfo execution) {
    }

    private SessionFactory() {
    }

    static Opened open(Path model, ScorerOptions options) throws InvalidEvaluatorException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String fallback = null;
        // The CPU build of ONNX Runtime has no CUDA provider at all: nothing to try, nothing to report.
        // With the GPU build a failure to start CUDA (no driver, no device) is the reason shown.
        boolean cudaBuild = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        if (options.device() == ExecutionDevice.CUDA && !cudaBuild) {
            throw new IllegalStateException("CUDA was asked for but this build of ONNX Runtime has none (build with -P gpu)");
        }
        if (options.device() != ExecutionDevice.CPU && cudaBuild) {
            try {
                Opened cuda = new Opened(create(env, model, options, true), new ExecutionInfo("CUDA", null));
                LOG.info("evaluator session on CUDA");
                return cuda;
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                fallback = oneLine(e);
                if (options.device() == ExecutionDevice.CUDA) {
                    throw new IllegalStateException("CUDA was asked for but is not available: " + fallback, e);
                }
                // A model that cannot even be parsed fails again below with the CPU, and is reported there.
            }
        }
        try {
            OrtSession session = create(env, model, options, false);
            ExecutionInfo info = new ExecutionInfo("CPU", fallback);
            LOG.info("evaluator session on {}", info.describe());
            return new Opened(session, info);
        } catch (OrtException e) {
            throw new InvalidEvaluatorException("model.onnx does not load in ONNX Runtime (truncated or not an ONNX model?): "
                    + oneLine(e), e);
        }
    }

    private static OrtSession create(OrtEnvironment env, Path model, ScorerOptions options, boolean cuda) throws OrtException {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            // ONNX Runtime's pool threads otherwise busy-wait after every call. A validator scores in short
            // bursts on a desktop that also runs the miner (llama.cpp wants every core) and the window:
            // spinning threads would take those cores between calls for nothing. Measured in BENCHMARKS.md
            // (evaluator run G): no cost to the call itself.
            so.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (cuda) {
                // TF32 rounds matrix-product inputs to 10 mantissa bits on Ampere and later GPUs, and ONNX
                // Runtime turns it on by default: scores would then differ from the CPU's by far more than
                // float summation order. Off, the GPU computes in true fp32.
                try (OrtCUDAProviderOptions cudaOptions = new OrtCUDAProviderOptions(0)) {
                    cudaOptions.add("use_tf32", "0");
                    so.addCUDA(cudaOptions);
                }
            }
            return env.createSession(model.toString(), so);
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
