package org.poq.evaluator;

/** One model input row before padding: token ids and their token type (segment) ids. */
record Encoded(long[] ids, long[] typeIds) {
    int length() {
        return ids.length;
    }
}
