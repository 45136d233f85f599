package org.poq.app.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.poq.core.AppPaths;
import org.poq.core.Sha256;
import org.poq.core.db.Database;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.gguf.ModelMetadata;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.hardware.MemoryEstimate;
import org.poq.miner.hardware.MemoryFit;
import org.poq.miner.library.ModelDownloader;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `poq models`: the miner's model library. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The miner's models: list, import, download, info.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.ImportModel.class,
            ModelsCommand.DownloadModel.class, ModelsCommand.ModelInfo.class})
public final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Opens the library of the user's data folder (POQ_HOME or -Dpoq.home override it). */
    private static <T> T withLibrary(LibraryWork<T> work) {
        AppPaths paths = AppPaths.fromEnvironment();
        try (Database db = Database.open(paths.database())) {
            return work.run(new ModelLibrary(db, paths.models(), ModelDownloader.withDefaults()));
        }
    }

    private interface LibraryWork<T> {
        T run(ModelLibrary library);
    }

    static String line(ModelRecord r) {
        return String.format(Locale.ROOT, "%s  %-24s %-6s %6.2fB params  %-7s ctx %-6d %s%s", r.id().hex(), r.name(),
                r.architecture(), r.parameterCount() / 1e9, r.quantization(), r.contextLength(), r.chatFamily(),
                r.expertCount() > 1 ? "  " + r.expertCount() + " experts" : "");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models in the library.")
    static final class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            withLibrary(library -> {
                library.list().forEach(r -> out.println(line(r)));
                return null;
            });
            out.flush();
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Copy a GGUF file into the library.")
    static final class ImportModel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "A GGUF model file.")
        Path file;

        @Override
        public Integer call() {
            ModelRecord r = withLibrary(library -> library.importFile(file));
            spec.commandLine().getOut().println(line(r));
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Download a model (resuming broken connections) and list it if its SHA-256 matches.")
    static final class DownloadModel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "URL")
        URI url;

        @Option(names = "--sha256", required = true, paramLabel = "HEX", description = "The file's expected SHA-256.")
        String sha256;

        @Override
        public Integer call() {
            Sha256 expected;
            try {
                expected = Sha256.parse(sha256);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "downloading");
            ModelRecord r = withLibrary(library -> library.download(url, expected, bar::update));
            spec.commandLine().getOut().println(line(r));
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Show a model's metadata (read without loading it) and whether it fits this machine.")
    static final class ModelInfo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE|ID", description = "A GGUF file, or the SHA-256 of a model in the library.")
        String model;

        @Option(names = "--context", defaultValue = "4096", description = "Context size for the estimate (default: ${DEFAULT-VALUE}).")
        int context;

        @Option(names = "--gpu-layers", defaultValue = "-1", description = "Layers on the GPU for the estimate, -1 all (default: ${DEFAULT-VALUE}).")
        int gpuLayers;

        @Override
        public Integer call() {
            Path file = Path.of(model);
            if (!Files.exists(file) && model.matches("(0x)?[0-9a-fA-F]{64}")) {
                file = withLibrary(library -> library.find(Sha256.parse(model)))
                        .map(ModelRecord::path)
                        .orElseThrow(() -> new IllegalArgumentException("no model " + model + " in the library"));
            }
            ModelMetadata m = ModelMetadata.read(file);
            MemoryEstimate need = MemoryEstimate.of(m, Math.min(context, m.contextLength()), gpuLayers);
            MemoryFit fit = MemoryFit.assess(need, HardwareInfo.detect());
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "name:           %s%n", m.name());
            out.printf(Locale.ROOT, "architecture:   %s%n", m.architecture());
            out.printf(Locale.ROOT, "parameters:     %d (%.2fB)%n", m.parameterCount(), m.parameterCount() / 1e9);
            out.printf(Locale.ROOT, "quantization:   %s%n", m.quantization());
            out.printf(Locale.ROOT, "context length: %d%n", m.contextLength());
            out.printf(Locale.ROOT, "layers:         %d, %d heads, %d KV heads, width %d%n", m.blockCount(),
                    m.headCount(), m.headCountKv(), m.embeddingLength());
            out.printf(Locale.ROOT, "experts:        %s%n", m.expertCount() > 1
                    ? m.expertCount() + " (" + m.expertUsedCount() + " used per token)" : "none");
            out.printf(Locale.ROOT, "tokenizer:      %s, %d tokens%n", m.tokenizerModel(), m.vocabularySize());
            out.printf(Locale.ROOT, "chat template:  %s%s%n", ChatFamily.forTemplate(m.chatTemplate()),
                    m.chatTemplate().isPresent() ? " (from the file)" : " (fallback: the file has none)");
            out.printf(Locale.ROOT, "memory:         %s: %s%n", fit.verdict(), fit.explanation());
            out.flush();
            return 0;
        }
    }
}
