package org.poq.evaluator;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Map;
import java.util.Set;

/** Checks that a model has the inputs and output an evaluator of its kind feeds and reads. */
record ModelSignature(boolean takesTokenTypes, String output) {
    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final Set<String> KNOWN_INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

    static ModelSignature check(OrtSession session, EvaluatorConfig config) throws InvalidEvaluatorException {
        EvaluatorKind kind = config.kind();
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            for (String name : inputs.keySet()) {
                if (!KNOWN_INPUTS.contains(name)) {
                    throw new InvalidEvaluatorException("model.onnx has an input \"" + name
                            + "\" the scorer cannot feed (expected input_ids, attention_mask, token_type_ids)");
                }
                requireInt64(name, inputs.get(name));
            }
            for (String name : new String[] {INPUT_IDS, ATTENTION_MASK}) {
                if (!inputs.containsKey(name)) {
                    throw new InvalidEvaluatorException("model.onnx lacks the input \"" + name + "\"");
                }
            }
            // RoBERTa- and DeBERTa-style models have no token_type_ids: the separator tokens alone mark the answer.
            boolean types = inputs.containsKey(TOKEN_TYPE_IDS);
            return new ModelSignature(types, kind == EvaluatorKind.CROSS ? crossOutput(session, config.head()) : biOutput(session));
        } catch (OrtException e) {
            throw new InvalidEvaluatorException("cannot read model.onnx's inputs and outputs: " + e.getMessage(), e);
        }
    }

    private static void requireInt64(String name, NodeInfo info) throws InvalidEvaluatorException {
        if (!(info.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.INT64 || t.getShape().length != 2) {
            throw new InvalidEvaluatorException("model.onnx input \"" + name + "\" must be an int64 tensor [batch, sequence], is " + info.getInfo());
        }
    }

    private static String crossOutput(OrtSession session, ScoreHead head) throws OrtException, InvalidEvaluatorException {
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        NodeInfo info = outputs.containsKey("logits") ? outputs.get("logits")
                : outputs.size() == 1 ? outputs.values().iterator().next() : null;
        if (info == null) {
            throw new InvalidEvaluatorException("model.onnx has no \"logits\" output (a cross-encoder has logits [batch, 1])");
        }
        long[] shape = info.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT ? t.getShape() : null;
        boolean ok = head.isSoftmax()
                ? shape != null && shape.length == 2 && (shape[1] < 0 || shape[1] >= head.minOutputs())
                : shape != null && (shape.length == 1 || (shape.length == 2 && shape[1] == 1));
        if (!ok) {
            throw new InvalidEvaluatorException("model.onnx output \"" + info.getName() + "\" must be a float tensor "
                    + (head.isSoftmax() ? "[batch, classes] with at least " + head.minOutputs() + " classes for a softmax head"
                            : "[batch, 1] for a logistic head (a classifier with several outputs needs \"type\": \"softmax\" and a \"class\")")
                    + ", is " + info.getInfo());
        }
        return info.getName();
    }

    private static String biOutput(OrtSession session) throws OrtException, InvalidEvaluatorException {
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        NodeInfo info = outputs.containsKey("last_hidden_state") ? outputs.get("last_hidden_state")
                : outputs.values().iterator().next();
        boolean ok = info.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT && t.getShape().length == 3;
        if (!ok) {
            throw new InvalidEvaluatorException("model.onnx output \"" + info.getName()
                    + "\" must be a float tensor [batch, sequence, hidden] for a bi-encoder, is " + info.getInfo());
        }
        return info.getName();
    }
}
