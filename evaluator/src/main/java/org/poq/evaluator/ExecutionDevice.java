package org.poq.evaluator;

/** Where a scorer should run. */
public enum ExecutionDevice {
    /** CUDA when its provider loads (the `-P gpu` build on a machine with CUDA 12), otherwise the CPU. */
    AUTO,
    CPU,
    /** CUDA or an error: for checking a GPU setup rather than silently running on the CPU. */
    CUDA
}
