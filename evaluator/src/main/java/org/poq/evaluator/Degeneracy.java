package org.poq.evaluator;

/** Why an answer is degenerate whatever the model thinks of it. */
public enum Degeneracy {
    /** Nothing but whitespace, punctuation or symbols. */
    EMPTY,
    /** A repetition loop: few distinct n-grams. */
    REPETITION,
    /** The prompt (or most of it) given back as the answer. */
    PROMPT_ECHO,
    /** Written in another script than the prompt (Latin prompt, Cyrillic answer, ...). */
    OTHER_SCRIPT
}
