package org.poq.evaluator;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.poq.core.Score;

/** The scorer for both evaluator kinds: tokenizer, ONNX Runtime session, score head and guard. */
final class OnnxScorer implements Scorer {
    private final EvaluatorPackage evaluator;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ExecutionInfo execution;
    private final ModelSignature signature;
    private final InputEncoder encoder;
    private final ScorerOptions options;
    /** Rows per model call: options.batchSize, or 1 for a dynamically quantised model (see {@link ModelFile}). */
    private final int rowsPerCall;

    private OnnxScorer(EvaluatorPackage evaluator, SessionFactory.Opened opened, ModelSignature signature,
                       InputEncoder encoder, ScorerOptions options, int rowsPerCall) {
        this.evaluator = evaluator;
        this.env = OrtEnvironment.getEnvironment();
        this.session = opened.session();
        this.execution = opened.execution();
        this.signature = signature;
        this.encoder = encoder;
        this.options = options;
        this.rowsPerCall = rowsPerCall;
    }

    static OnnxScorer open(EvaluatorPackage evaluator, ScorerOptions options) throws IOException {
        SessionFactory.Opened opened = SessionFactory.open(evaluator.model(), options);
        try {
            ModelSignature signature = ModelSignature.check(opened.session(), evaluator.config());
            InputEncoder encoder = InputEncoder.open(evaluator.tokenizer(), evaluator.config());
            int rowsPerCall = ModelFile.usesDynamicQuantisation(evaluator.model()) ? 1 : options.batchSize();
            return new OnnxScorer(evaluator, opened, signature, encoder, options, rowsPerCall);
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened.session());
            throw e;
        }
    }

    /**
     * Relevance of each answer: the lower of the model's score for the whole answer and for its residual
     * (the answer without the prompt's instruction words, {@link PromptOverlap}), then the guard. Both go
     * through the model in one call; an answer that repeats nothing is scored once.
     */
    @Override
    public List<ScoredAnswer> scoreDetailed(String prompt, List<String> answers) {
        Objects.requireNonNull(prompt, "prompt");
        answers.forEach(a -> Objects.requireNonNull(a, "answer"));
        if (answers.isEmpty()) {
            return List.of();
        }
        PromptOverlap overlap = PromptOverlap.of(prompt);
        List<String> texts = new ArrayList<>(answers);
        int[] residualAt = new int[answers.size()];
        for (int i = 0; i < answers.size(); i++) {
            String residual = overlap.residual(answers.get(i));
            boolean changed = !residual.equals(PromptOverlap.normalize(answers.get(i)).replaceAll("\\s+", " ").strip());
            if (changed && residual.codePoints().anyMatch(Character::isLetterOrDigit)) {
                residualAt[i] = texts.size();
                texts.add(residual);
            } else {
                residualAt[i] = -1;
            }
        }
        double[] raw = evaluator.kind() == EvaluatorKind.CROSS ? crossLogits(prompt, texts) : biCosines(prompt, texts);
        EvaluatorConfig config = evaluator.config();
        List<ScoredAnswer> out = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            Score model = config.head().apply(raw[i]);
            Score residual = residualAt[i] < 0 ? model : config.head().apply(raw[residualAt[i]]);
            Score relevance = residual.value() < model.value() ? residual : model;
            Degeneracy d = config.guard().check(overlap, prompt, answers.get(i)).orElse(null);
            out.add(new ScoredAnswer(config.guard().limit(relevance, Optional.ofNullable(d)), model, raw[i], residual, d));
        }
        return out;
    }

    private double[] crossLogits(String prompt, List<String> answers) {
        long[] promptPieces = encoder.promptPieces(encoder.pieces(List.of(prompt))[0]);
        long[][] answerPieces = encoder.pieces(answers);
        List<Encoded> rows = new ArrayList<>(answers.size());
        for (long[] a : answerPieces) {
            rows.add(encoder.pair(promptPieces, a));
        }
        double[][] logits = runRows(rows);
        ScoreHead head = evaluator.config().head();
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            if (logits[i].length < head.minOutputs()) {
                throw new ScoringException("the model gave " + logits[i].length + " outputs per row; the head reads class "
                        + head.classIndex(), null);
            }
            out[i] = head.value(logits[i]);
        }
        return out;
    }

    private double[] biCosines(String prompt, List<String> answers) {
        int maxLength = evaluator.config().maxLength();
        Encoded promptRow = encoder.single(encoder.pieces(List.of(prompt))[0], evaluator.config().maxPromptTokens());
        double[] promptEmbedding = runRows(List.of(promptRow))[0];
        List<Encoded> rows = new ArrayList<>(answers.size());
        for (long[] a : encoder.pieces(answers)) {
            rows.add(encoder.single(a, maxLength));
        }
        double[][] embeddings = runRows(rows);
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = cosine(promptEmbedding, embeddings[i]);
        }
        return out;
    }

    /** Bi-encoder embeddings of texts, each cut to maxLength: the answer side of {@link #scoreDetailed}, for benchmarks. */
    double[][] embed(List<String> texts) {
        List<Encoded> rows = new ArrayList<>(texts.size());
        for (long[] t : encoder.pieces(texts)) {
            rows.add(encoder.single(t, evaluator.config().maxLength()));
        }
        return runRows(rows);
    }

    int rowsPerCall() {
        return rowsPerCall;
    }

    OrtSession session() {
        return session;
    }

    /** Runs rows grouped by padded length (see {@link PaddedBatch}); returns one vector per row, in order. */
    double[][] runRows(List<Encoded> rows) {
        int maxLength = evaluator.config().maxLength();
        TreeMap<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byLength.computeIfAbsent(PaddedBatch.paddedLength(rows.get(i).length(), maxLength), k -> new ArrayList<>()).add(i);
        }
        double[][] out = new double[rows.size()][];
        for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
            List<Integer> idx = group.getValue();
            for (int from = 0; from < idx.size(); from += rowsPerCall) {
                List<Integer> chunk = idx.subList(from, Math.min(idx.size(), from + rowsPerCall));
                PaddedBatch batch = PaddedBatch.of(chunk.stream().map(rows::get).toList(), group.getKey(), encoder.padId());
                double[][] results = run(batch);
                for (int r = 0; r < chunk.size(); r++) {
                    out[chunk.get(r)] = results[r];
                }
            }
        }
        return out;
    }

    /**
     * Direct input buffers kept per thread and reused from call to call: ONNX Runtime reads a direct buffer
     * in place, where a heap array would be copied into a fresh direct one on every call.
     */
    private static final ThreadLocal<LongBuffer[]> INPUT_BUFFERS = ThreadLocal.withInitial(() -> new LongBuffer[3]);

    private static LongBuffer direct(int slot, long[] values) {
        LongBuffer[] buffers = INPUT_BUFFERS.get();
        LongBuffer b = buffers[slot];
        if (b == null || b.capacity() < values.length) {
            b = ByteBuffer.allocateDirect(Math.max(values.length, 4096) * Long.BYTES)
                    .order(ByteOrder.nativeOrder()).asLongBuffer();
            buffers[slot] = b;
        }
        b.clear();
        b.put(values).flip();
        return b;
    }

    private double[][] run(PaddedBatch batch) {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(ModelSignature.INPUT_IDS, OnnxTensor.createTensor(env, direct(0, batch.ids()), batch.shape()));
            inputs.put(ModelSignature.ATTENTION_MASK, OnnxTensor.createTensor(env, direct(1, batch.mask()), batch.shape()));
            if (signature.takesTokenTypes()) {
                inputs.put(ModelSignature.TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, direct(2, batch.typeIds()), batch.shape()));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(signature.output()))) {
                OnnxTensor t = (OnnxTensor) result.get(0);
                FloatBuffer values = t.getFloatBuffer();
                return evaluator.kind() == EvaluatorKind.CROSS ? logits(values, batch) : meanPool(values, batch);
            }
        } catch (OrtException e) {
            throw new ScoringException("the evaluator model failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** One row of logits per input row ([batch, 1] or [batch, classes]). */
    private static double[][] logits(FloatBuffer values, PaddedBatch batch) {
        int perRow = values.remaining() / batch.rows();
        if (perRow < 1 || perRow * batch.rows() != values.remaining()) {
            throw new ScoringException("the model gave " + values.remaining() + " logits for " + batch.rows() + " rows", null);
        }
        double[][] out = new double[batch.rows()][perRow];
        for (int r = 0; r < batch.rows(); r++) {
            for (int c = 0; c < perRow; c++) {
                out[r][c] = values.get(r * perRow + c);
            }
        }
        return out;
    }

    /** Mean of the token vectors under the attention mask, summed in a fixed order in double precision. */
    private static double[][] meanPool(FloatBuffer values, PaddedBatch batch) {
        int rows = batch.rows();
        int length = batch.length();
        int hidden = values.remaining() / (rows * length);
        if (hidden * rows * length != values.remaining()) {
            throw new ScoringException("the model's hidden states do not match the batch shape", null);
        }
        // One bulk copy out of the native buffer, then plain array reads: per-element FloatBuffer.get was most of the pooling time.
        float[] hiddenStates = new float[values.remaining()];
        values.get(hiddenStates);
        long[] mask = batch.mask();
        double[][] out = new double[rows][hidden];
        for (int r = 0; r < rows; r++) {
            int tokens = 0;
            double[] sum = out[r];
            for (int s = 0; s < length; s++) {
                if (mask[r * length + s] == 0) {
                    continue;
                }
                tokens++;
                int base = (r * length + s) * hidden;
                for (int h = 0; h < hidden; h++) {
                    sum[h] += hiddenStates[base + h];
                }
            }
            for (int h = 0; h < hidden; h++) {
                out[r][h] /= tokens;
            }
        }
        return out;
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    @Override
    public EvaluatorPackage evaluator() {
        return evaluator;
    }

    @Override
    public ExecutionInfo execution() {
        return execution;
    }

    @Override
    public void close() {
        encoder.close();
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            // Nothing more can be done about a session that fails to close; its memory goes with the process.
        }
    }
}
