package org.poq.miner.gguf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A GGUF model split into parts named {@code NAME-00001-of-00003.gguf} (llama.cpp's gguf-split naming). */
public final class SplitFiles {
    private static final Pattern SPLIT = Pattern.compile("(.*)-(\\d{5})-of-(\\d{5})\\.gguf");

    private SplitFiles() {
    }

    /** Every part's path in order for the file of any part; the file alone when it is not split. */
    public static List<Path> parts(Path file) {
        Matcher m = SPLIT.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return List.of(file);
        }
        int count = Integer.parseInt(m.group(3));
        List<Path> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(file.resolveSibling(String.format("%s-%05d-of-%05d.gguf", m.group(1), i, count)));
        }
        return out;
    }

    /** The parts that are not there, empty when the model is complete. */
    public static List<Path> missing(Path file) {
        return parts(file).stream().filter(p -> !Files.isRegularFile(p)).toList();
    }

    public static boolean isSplit(Path file) {
        return SPLIT.matcher(file.getFileName().toString()).matches();
    }
}
