package org.poq.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.poq.app.evaluators.EvaluatorDownloads;
import org.poq.core.AppPaths;
import org.poq.core.ByteSizes;
import org.poq.core.Sha256;
import org.poq.evaluator.DefaultEvaluator;
import org.poq.evaluator.EvaluatorCatalog;
import org.poq.evaluator.EvaluatorPackage;
import org.poq.evaluator.Evaluators;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `poq evaluators`: the validator's evaluators: the catalog, downloads, imports, and what is installed. */
@Command(name = "evaluators", mixinStandardHelpOptions = true,
        description = "The validator's evaluators: list (installed and catalog), download NAME, import FOLDER|ZIP, info ID|NAME.",
        subcommands = {EvaluatorsCommand.ListEvaluators.class, EvaluatorsCommand.DownloadEvaluator.class,
            EvaluatorsCommand.ImportEvaluator.class, EvaluatorsCommand.EvaluatorInfo.class})
public final class EvaluatorsCommand extends CommandGroup {
    static String line(EvaluatorPackage p) {
        return p.id().hex() + "  " + p.kind().wireName() + "  " + (p.name().isEmpty() ? "(no name)" : p.name())
                + (p.id().equals(DefaultEvaluator.id()) ? "  [default]" : "");
    }

    static String line(EvaluatorCatalog.Entry e) {
        String size = e.size() > 0 ? ByteSizes.format(e.size()) : "size unknown";
        return String.format(Locale.ROOT, "%-24s %-20s %-12s %s  %s", e.name(), e.format(), e.licence(), size,
                e.availability());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The installed evaluators, then the catalog.")
    static final class ListEvaluators extends CliCommand {
        @Override
        public Integer call() throws IOException {
            PrintWriter out = out();
            AppPaths paths = AppPaths.fromEnvironment();
            DefaultEvaluator.install(paths);
            out.println("installed:");
            for (EvaluatorPackage p : Evaluators.installed(paths)) {
                out.println("  " + line(p));
            }
            out.println("catalog (poq evaluators download NAME):");
            for (EvaluatorCatalog.Entry e : EvaluatorCatalog.bundled().entries()) {
                out.println("  " + line(e));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Download a catalog evaluator (resumable, SHA-256 checked), validate it and install it under its id.")
    static final class DownloadEvaluator extends CliCommand {
        @Parameters(paramLabel = "NAME", description = "A name from `poq evaluators list`.")
        String name;

        @Override
        public Integer call() throws IOException {
            EvaluatorCatalog.Entry entry = EvaluatorCatalog.bundled().require(name);
            ProgressBar bar = new ProgressBar(err(), "downloading " + entry.name());
            EvaluatorPackage p = EvaluatorDownloads.withDefaults().download(entry, AppPaths.fromEnvironment().evaluators(), bar::update);
            out().println(line(p));
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import an evaluator folder or .zip (model.onnx, tokenizer.json, evaluator.json): validated, then installed under its id.")
    static final class ImportEvaluator extends CliCommand {
        @Parameters(paramLabel = "FOLDER|ZIP")
        Path source;

        @Override
        public Integer call() throws IOException {
            out().println(line(Evaluators.importPackage(source, AppPaths.fromEnvironment())));
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show an installed evaluator (by id) or a catalog entry (by name).")
    static final class EvaluatorInfo extends CliCommand {
        @Parameters(paramLabel = "ID|NAME")
        String what;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = out();
            if (what.matches("(?i)(0x)?[0-9a-f]{64}")) {
                Sha256 id = Sha256.parse(what.toLowerCase(Locale.ROOT).replaceFirst("^0x", ""));
                EvaluatorPackage p = Evaluators.find(AppPaths.fromEnvironment(), id).orElseThrow(() ->
                        new IllegalArgumentException("evaluator " + id.hex() + " is not installed; `poq evaluators list` shows what is"));
                out.println("id:                " + p.id().hex());
                out.println("name:              " + p.name());
                out.println("kind:              " + p.kind().wireName());
                out.println("max length:        " + p.config().maxLength() + " tokens (prompt up to " + p.config().maxPromptTokens() + ")");
                out.println("head:              " + p.config().head().type() + " scale " + p.config().head().scale() + " bias " + p.config().head().bias());
                out.println("folder:            " + p.dir());
            } else {
                EvaluatorCatalog.Entry e = EvaluatorCatalog.bundled().require(what);
                out.println("name:              " + e.name());
                out.println("description:       " + e.description());
                out.println("format:            " + e.format());
                out.println("licence:           " + e.licence());
                out.println("revision:          " + e.revision());
                for (EvaluatorCatalog.CatalogFile f : e.files()) {
                    out.println("file:              " + f.name() + "  " + f.url() + "  "
                            + (f.size() > 0 ? f.size() + " bytes" : "size unknown") + "  sha256 "
                            + f.sha256().map(Sha256::hex).orElse(e.downloadable() ? "read from the host's listing when downloading" : "UNVERIFIED"));
                }
                if (!e.note().isEmpty()) {
                    out.println("note:              " + e.note());
                }
            }
            out.flush();
            return 0;
        }
    }
}
