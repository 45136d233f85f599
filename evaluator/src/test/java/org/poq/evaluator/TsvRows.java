package org.poq.evaluator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The rows of a tab-separated set beside the tests: comments (#) and blank lines skipped, each row checked for its field count. */
final class TsvRows {
    private TsvRows() {
    }

    static List<String[]> read(String resource, int fields) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = TsvRows.class.getResourceAsStream(resource);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != fields) {
                    throw new IllegalStateException(resource + ": " + fields + " fields expected: " + line);
                }
                rows.add(f);
            }
        }
        return rows;
    }
}
