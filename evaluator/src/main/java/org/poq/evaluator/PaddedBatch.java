package org.poq.evaluator;

import java.util.Arrays;
import java.util.List;

/**
 * Rows padded to one length, flattened row-major for ONNX Runtime.
 *
 * <p>Padding goes to a multiple of {@link #BUCKET} that depends only on the row's own length, and only
 * rows of the same bucket share a batch: a row then meets exactly the same tensor shapes (except the
 * batch size) whether it is scored alone or with others, which is what makes batch and alone scores
 * bit-identical rather than merely close.
 */
record PaddedBatch(long[] ids, long[] mask, long[] typeIds, int rows, int length) {
    static final int BUCKET = 16;

    static int paddedLength(int length, int maxLength) {
        int rounded = (length + BUCKET - 1) / BUCKET * BUCKET;
        return Math.max(length, Math.min(rounded, maxLength));
    }

    static PaddedBatch of(List<Encoded> rows, int length, long padId) {
        int b = rows.size();
        long[] ids = new long[b * length];
        long[] mask = new long[b * length];
        long[] types = new long[b * length];
        Arrays.fill(ids, padId);
        for (int r = 0; r < b; r++) {
            Encoded e = rows.get(r);
            if (e.length() > length) {
                throw new IllegalArgumentException("row longer than the batch length");
            }
            System.arraycopy(e.ids(), 0, ids, r * length, e.length());
            System.arraycopy(e.typeIds(), 0, types, r * length, e.length());
            Arrays.fill(mask, r * length, r * length + e.length(), 1L);
        }
        return new PaddedBatch(ids, mask, types, b, length);
    }

    long[] shape() {
        return new long[] {rows, length};
    }
}
