package org.poq.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs point where they say: every relative link in README.md and docs/ (the decision records
 * included) names a file of this repository, and every decision record a doc cites by number exists.
 * Decision 0022 once pointed to a class that had moved; this test would have said so.
 */
class DocsLinksTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    static final Pattern CITED = Pattern.compile("[Dd]ecision(?: record)?s? (\\d{4})");

    static List<Path> docs() throws IOException {
        List<Path> out = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md")));
        try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(out::add);
        }
        return out;
    }

    @Test
    void everyRelativeLinkNamesAFileOfTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1).replaceFirst("#.*$", "");
                if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
                    continue; // an anchor in the same page, or a web address
                }
                Path file = doc.getParent().resolve(target).normalize();
                if (file.startsWith(ROOT) && !Files.exists(file)) {
                    broken.add(ROOT.relativize(doc) + " -> " + m.group(1));
                }
            }
        }
        assertThat(broken).as("links to files that do not exist").isEmpty();
    }

    @Test
    void everyCitedDecisionRecordExists() throws IOException {
        List<String> records;
        try (Stream<Path> s = Files.list(ROOT.resolve("docs/decisions"))) {
            records = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{4}-.*\\.md")).toList();
        }
        assertThat(records).as("the decision records").isNotEmpty();
        List<String> missing = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher m = CITED.matcher(Files.readString(doc));
            while (m.find()) {
                String number = m.group(1);
                if (records.stream().noneMatch(n -> n.startsWith(number + "-"))) {
                    missing.add(ROOT.relativize(doc) + " cites decision " + number);
                }
            }
        }
        assertThat(missing).as("decision records cited but not written").isEmpty();
    }
}
