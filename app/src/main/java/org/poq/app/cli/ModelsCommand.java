package org.poq.app.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.poq.app.service.ModelCatalogService;
import org.poq.core.AppPaths;
import org.poq.core.ByteSizes;
import org.poq.core.Sha256;
import org.poq.core.db.Database;
import org.poq.miner.catalog.CatalogFit;
import org.poq.miner.chat.PromptFormat;
import org.poq.miner.gguf.SplitFiles;
import org.poq.miner.gguf.ModelMetadata;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.hardware.MemoryEstimate;
import org.poq.miner.hardware.MemoryFit;
import org.poq.miner.library.DownloadCancel;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `poq models`: the miner's model library. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The miner's models: catalog, pull, list, import, download, info, verify, remove.",
        subcommands = {ModelsCommand.Catalog.class, ModelsCommand.Pull.class, ModelsCommand.ListModels.class,
            ModelsCommand.ImportModel.class, ModelsCommand.DownloadModel.class, ModelsCommand.ModelInfo.class,
            ModelsCommand.Verify.class, ModelsCommand.Remove.class})
public final class ModelsCommand extends CommandGroup {
    /** Opens the library of the user's data folder (POQ_HOME or -Dpoq.home override it). */
    private static <T> T withLibrary(LibraryWork<T> work) {
        return withCatalog(service -> work.run(service.library()));
    }

    private interface LibraryWork<T> {
        T run(ModelLibrary library);
    }

    /** Opens the catalog service over the library of the user's data folder. */
    private static <T> T withCatalog(CatalogWork<T> work) {
        AppPaths paths = AppPaths.fromEnvironment();
        try (Database db = Database.open(paths.database())) {
            return work.run(ModelCatalogService.open(paths, db));
        }
    }

    private interface CatalogWork<T> {
        T run(ModelCatalogService service);
    }

    static String line(ModelRecord r) {
        return String.format(Locale.ROOT, "%s  %-24s %-6s %6.2fB params  %-7s ctx %-6d %s%s", r.id().hex(), r.name(),
                r.architecture(), r.parameterCount() / 1e9, r.quantization(), r.contextLength(), r.chatFamily(),
                r.expertCount() > 1 ? "  " + r.expertCount() + " experts" : "");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models in the library.")
    static final class ListModels extends CliCommand {
        @Override
        public Integer call() {
            PrintWriter out = out();
            withLibrary(library -> {
                library.list().forEach(r -> out.println(line(r)));
                return null;
            });
            out.flush();
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Copy a GGUF file into the library.")
    static final class ImportModel extends CliCommand {
        @Parameters(paramLabel = "FILE", description = "A GGUF model file.")
        Path file;

        @Override
        public Integer call() {
            ModelRecord r = withLibrary(library -> library.importFile(file));
            out().println(line(r));
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Download a model (resuming broken connections) and list it if its SHA-256 matches.")
    static final class DownloadModel extends CliCommand {
        @Parameters(paramLabel = "URL")
        URI url;

        @Option(names = "--sha256", paramLabel = "HEX",
                description = "The file's expected SHA-256; without it, the one the host publishes is read first.")
        String sha256;

        @Override
        public Integer call() {
            Optional<Sha256> expected;
            try {
                expected = sha256 == null ? Optional.empty() : Optional.of(Sha256.parse(sha256));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter err = err();
            ProgressBar bar = new ProgressBar(err, "downloading");
            ModelRecord r = withCatalog(service -> service.download(url, expected, bar, new DownloadCancel(),
                    line -> say(err, line)));
            out().println(line(r));
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Show a model's metadata (read without loading it) and whether it fits this machine.")
    static final class ModelInfo extends CliCommand {
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
            PrintWriter out = out();
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
            out.printf(Locale.ROOT, "chat template:  %s%n",
                    PromptFormat.auto(m.chatTemplate(), m.bosToken(), m.eosToken(), Clock.systemUTC()).description());
            out.printf(Locale.ROOT, "memory:         %s: %s%n", fit.verdict(), fit.explanation());
            out.flush();
            List<Path> missing = SplitFiles.missing(file);
            if (!missing.isEmpty()) {
                // the figures above are part 1's alone, and the engine cannot load a split model with a gap
                say(err(), "warning: " + file.getFileName() + " is part of a model split in "
                        + SplitFiles.parts(file).size() + " files and " + missing.size() + " of them "
                        + (missing.size() == 1 ? "is" : "are") + " missing ("
                        + String.join(", ", missing.stream().map(p -> p.getFileName().toString()).toList())
                        + "): the size and parameters above count only the parts present, and the model cannot "
                        + "be loaded until every part is in " + file.toAbsolutePath().getParent());
            }
            return 0;
        }
    }

    private static void say(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }

    @Command(name = "catalog", mixinStandardHelpOptions = true,
            description = "List the catalog's models, each labelled by how it fits this machine at its recommended context.")
    static final class Catalog extends CliCommand {
        @Option(names = "--fits", description = "Only models that run here (full GPU, partial offload or CPU only).")
        boolean onlyFitting;

        @Override
        public Integer call() {
            PrintWriter out = out();
            Set<CatalogFit.Kind> show = onlyFitting ? EnumSet.complementOf(EnumSet.of(CatalogFit.Kind.DOES_NOT_FIT))
                    : EnumSet.allOf(CatalogFit.Kind.class);
            withCatalog(service -> {
                out.printf(Locale.ROOT, "catalog version %d%n", service.catalog().version());
                for (ModelCatalogService.Row r : service.list(show)) {
                    String size = r.quant().size().isPresent()
                            ? ByteSizes.format(r.quant().size().getAsLong())
                            : "~" + ByteSizes.format(r.fit().weightsBytes());
                    out.printf(Locale.ROOT, "%-32s %-28s %8s  %-16s %s%s%s%n", r.label(), r.entry().displayName(), size,
                            r.fit().kind().label(), r.quant().verified() ? "" : "hash from host  ",
                            r.quant().split() ? r.quant().files().size() + " parts  " : "",
                            r.downloaded().isPresent() ? (r.filesMissing() ? "pulled, files missing" : "pulled") : "");
                    out.printf(Locale.ROOT, "    family %s, %s, %s; %s%n", r.entry().family(), r.entry().licence(),
                            r.entry().gating(), r.fit().explanation());
                }
                return null;
            });
            out.flush();
            return 0;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Download a catalog model (every part verified) into the library.")
    static final class Pull extends CliCommand {
        @Parameters(paramLabel = "NAME[:QUANT]", description = "A model of `poq models catalog`, e.g. llama-3.2-1b-instruct:Q4_K_M.")
        String name;

        @Override
        public Integer call() {
            PrintWriter err = err();
            ProgressBar bar = new ProgressBar(err, "downloading");
            ModelCatalogService.Pulled p = withCatalog(service -> service.pull(name, bar, new DownloadCancel(),
                    line -> say(err, line)));
            PrintWriter out = out();
            out.println((p.alreadyThere() ? "already pulled: " : "pulled: ") + p.selection().label() + " ("
                    + p.selection().entry().displayName() + ", family " + p.selection().entry().family() + ")");
            out.println(line(p.model()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a model's file(s) and take it off the list.")
    static final class Remove extends CliCommand {
        @Parameters(paramLabel = "NAME[:QUANT]|ID", description = "A pulled catalog model, or a model's id (64 hex digits).")
        String model;

        @Override
        public Integer call() {
            ModelRecord r = withCatalog(service -> service.remove(model));
            out().println("removed " + r.id().hex() + " (" + r.name() + ")");
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Re-hash a model's file(s) against its id.")
    static final class Verify extends CliCommand {
        @Parameters(paramLabel = "NAME[:QUANT]|ID", description = "A pulled catalog model, or a model's id (64 hex digits).")
        String model;

        @Override
        public Integer call() {
            var v = withCatalog(service -> service.verify(model));
            if (v.ok()) {
                out().println("ok: " + v.model().id().hex() + " (" + v.model().name() + ") is whole and unchanged");
                return 0;
            }
            v.problems().forEach(p -> err().println("error: " + p));
            return 1;
        }
    }
}
