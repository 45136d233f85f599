package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorImportTest {
    @TempDir
    Path tmp;

    private Path evaluators() {
        return tmp.resolve("evaluators");
    }

    @Test
    void importsAFolderUnderItsId() throws Exception {
        EvaluatorPackage p = Evaluators.importPackage(TestEvaluators.tinyCross(), evaluators());
        assertThat(p.id().hex()).isEqualTo(TestEvaluators.tinyCrossIdFromPython());
        assertThat(p.dir()).isEqualTo(evaluators().resolve(p.id().hex()));
        assertThat(Files.readAllBytes(p.model())).isEqualTo(Files.readAllBytes(TestEvaluators.tinyCross().resolve("model.onnx")));
        // Importing again is harmless and finds the same package.
        assertThat(Evaluators.importPackage(TestEvaluators.tinyCross(), evaluators()).dir()).isEqualTo(p.dir());
        assertThat(entries()).containsExactly(p.id().hex());
        try (Scorer s = Evaluators.open(p.dir())) {
            assertThat(s.evaluator().id()).isEqualTo(p.id());
        }
    }

    @Test
    void importsAZipWithOrWithoutATopFolder() throws Exception {
        Path flat = zip("flat.zip", "", null);
        Path nested = zip("nested.zip", "tiny-cross/", null);
        assertThat(Evaluators.importPackage(flat, evaluators()).id().hex()).isEqualTo(TestEvaluators.tinyCrossIdFromPython());
        assertThat(Evaluators.importPackage(nested, evaluators()).id().hex()).isEqualTo(TestEvaluators.tinyCrossIdFromPython());
        assertThat(entries()).hasSize(1);
    }

    @Test
    void truncatedModelIsRejectedAndNothingIsLeft() throws Exception {
        Path src = TestEvaluators.copyOfTinyCross(tmp.resolve("src"));
        truncate(src.resolve("model.onnx"));
        assertThatThrownBy(() -> Evaluators.importPackage(src, evaluators()))
                .isInstanceOf(InvalidEvaluatorException.class).hasMessageContaining("model.onnx does not load");
        assertThat(entries()).isEmpty();
    }

    @Test
    void truncatedTokenizerIsRejected() throws Exception {
        Path src = TestEvaluators.copyOfTinyCross(tmp.resolve("src"));
        truncate(src.resolve("tokenizer.json"));
        assertThatThrownBy(() -> Evaluators.importPackage(src, evaluators()))
                .isInstanceOf(InvalidEvaluatorException.class).hasMessageContaining("tokenizer.json is not valid JSON");
        assertThat(entries()).isEmpty();
    }

    @Test
    void tokenizerWithoutBertSpecialTokensIsRejected() throws Exception {
        Path src = TestEvaluators.copyOfTinyCross(tmp.resolve("src"));
        Files.writeString(src.resolve("tokenizer.json"), Files.readString(src.resolve("tokenizer.json")).replace("[CLS]", "[XLS]"));
        assertThatThrownBy(() -> Evaluators.importPackage(src, evaluators())).hasMessageContaining("no [CLS] token");
        assertThat(entries()).isEmpty();
    }

    @Test
    void malformedConfigIsRejected() throws Exception {
        Path src = TestEvaluators.copyOfTinyCross(tmp.resolve("src"));
        Files.writeString(src.resolve("evaluator.json"), "{\"format\": 1, \"kind\": \"cross\"");
        assertThatThrownBy(() -> Evaluators.importPackage(src, evaluators())).hasMessageContaining("evaluator.json is not valid JSON");
        assertThat(entries()).isEmpty();
    }

    @Test
    void configThatDoesNotMatchTheModelIsRejected() throws Exception {
        Path src = TestEvaluators.copyOfTinyCross(tmp.resolve("src"));
        Files.writeString(src.resolve("evaluator.json"), Files.readString(src.resolve("evaluator.json")).replace("\"cross\"", "\"bi\""));
        assertThatThrownBy(() -> Evaluators.importPackage(src, evaluators()))
                .hasMessageContaining("must be a float tensor [batch, sequence, hidden] for a bi-encoder");
        assertThat(entries()).isEmpty();
    }

    @Test
    void missingOrEmptyFilesAreRejected() throws Exception {
        Path src = TestEvaluators.copyOfTinyCross(tmp.resolve("src"));
        Files.delete(src.resolve("tokenizer.json"));
        assertThatThrownBy(() -> Evaluators.importPackage(src, evaluators())).hasMessageContaining("missing tokenizer.json");
        Path empty = TestEvaluators.copyOfTinyCross(tmp.resolve("empty"));
        Files.write(empty.resolve("model.onnx"), new byte[0]);
        assertThatThrownBy(() -> Evaluators.importPackage(empty, evaluators())).hasMessageContaining("model.onnx").hasMessageContaining("empty");
        assertThatThrownBy(() -> Evaluators.importPackage(tmp.resolve("nowhere"), evaluators())).hasMessageContaining("no such file");
        assertThat(entries()).isEmpty();
    }

    @Test
    void badArchivesAreRejected() throws Exception {
        Path truncatedZip = zip("cut.zip", "", null);
        byte[] all = Files.readAllBytes(truncatedZip);
        Files.write(truncatedZip, Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> Evaluators.importPackage(truncatedZip, evaluators()))
                .isInstanceOf(InvalidEvaluatorException.class);
        Path notZip = tmp.resolve("random.bin");
        Files.write(notZip, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> Evaluators.importPackage(notZip, evaluators())).hasMessageContaining("neither an evaluator folder nor a zip");
        Path partial = zip("partial.zip", "", "tokenizer.json");
        assertThatThrownBy(() -> Evaluators.importPackage(partial, evaluators())).hasMessageContaining("missing tokenizer.json");
        assertThat(entries()).isEmpty();
    }

    @Test
    void aChangedInstalledFolderIsReported() throws Exception {
        EvaluatorPackage p = Evaluators.importPackage(TestEvaluators.tinyCross(), evaluators());
        String config = Files.readString(p.dir().resolve("evaluator.json"));
        String changed = config.replace("\"bias\": 0.0", "\"bias\": 0.5");
        assertThat(changed).isNotEqualTo(config);
        Files.writeString(p.dir().resolve("evaluator.json"), changed);
        org.poq.core.AppPaths paths = new org.poq.core.AppPaths(tmp);
        assertThatThrownBy(() -> Evaluators.find(paths, p.id())).hasMessageContaining("was changed");
    }

    private List<String> entries() throws IOException {
        if (!Files.isDirectory(evaluators())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(evaluators())) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void truncate(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length / 3));
    }

    private Path zip(String name, String prefix, String skip) throws IOException {
        Path z = tmp.resolve(name);
        try (OutputStream o = Files.newOutputStream(z); ZipOutputStream zip = new ZipOutputStream(o)) {
            for (String f : new String[] {"model.onnx", "tokenizer.json", "evaluator.json"}) {
                if (f.equals(skip)) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(prefix + f));
                zip.write(Files.readAllBytes(TestEvaluators.tinyCross().resolve(f)));
                zip.closeEntry();
            }
        }
        return z;
    }
}
