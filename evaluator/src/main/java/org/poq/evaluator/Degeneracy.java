package org.poq.evaluator;

/** Why an answer is degenerate whatever the model thinks of it. */
public enum Degeneracy {
    /** Nothing but whitespace, punctuation or symbols. */
    EMPTY,
    /** A repetition loop: few distinct n-grams. */
    REPETITION,
    /** Adds nothing to the prompt: only its words (a restatement, a wrapped echo) or its material given back unchanged. */
    PROMPT_ECHO,
    /** Only questions: asks instead of answering (a paraphrased echo of the prompt). */
    QUESTION,
    /** Written in another script than the prompt (Latin prompt, Cyrillic answer, ...). */
    OTHER_SCRIPT,
    /** Declines to answer ("I'm sorry, I can't help with that", in the languages of {@link Refusals}). */
    REFUSAL,
    /** In the prompt's script but another language (a Spanish answer to a French prompt; Chinese for Japanese). */
    WRONG_LANGUAGE
}
