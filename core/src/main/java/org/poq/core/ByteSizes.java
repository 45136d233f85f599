package org.poq.core;

import java.util.Locale;

/**
 * The one way every face shows a size of memory, disk or a file: binary units (KiB, MiB, GiB, 1024-based),
 * as the memory fit and llama.cpp count them, with one decimal. The Miner screen, the evaluator
 * catalog, `poq doctor`, `poq evaluators`, `poq models`, the model downloader's messages and the download
 * progress bar all call this (it lives in core so the miner and evaluator modules can use it too).
 */
public final class ByteSizes {
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private ByteSizes() {
    }

    /** "512 B", "3.4 KiB", "637.8 MiB", "4.1 GiB"; "size unknown" for a negative size. */
    public static String format(long bytes) {
        if (bytes < 0) {
            return "size unknown";
        }
        if (bytes < KIB) {
            return bytes + " B";
        }
        if (bytes < MIB) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / (double) KIB);
        }
        if (bytes < GIB) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) GIB);
    }

    /** Whole mebibytes, for a progress line that counts up ("312/4096 MiB"). */
    public static long mebibytes(long bytes) {
        return bytes / MIB;
    }
}
