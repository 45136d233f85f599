package org.poq.evaluator;

import java.util.Locale;

/** How the model turns a (prompt, answer) pair into the number the score head reads. */
public enum EvaluatorKind {
    /** One pass over {@code [CLS] prompt [SEP] answer [SEP]}; the head reads the relevance logit. */
    CROSS,
    /** Prompt and answer embedded apart (mean pooling); the head reads their cosine similarity. */
    BI;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static EvaluatorKind parse(String s) throws InvalidEvaluatorException {
        for (EvaluatorKind k : values()) {
            if (k.wireName().equals(s)) {
                return k;
            }
        }
        throw new InvalidEvaluatorException("evaluator.json: kind must be \"cross\" or \"bi\", not \"" + s + "\"");
    }
}
