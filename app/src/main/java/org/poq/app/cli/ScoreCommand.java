package org.poq.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.poq.core.AppPaths;
import org.poq.core.Score;
import org.poq.evaluator.EvaluatorPackage;
import org.poq.evaluator.Evaluators;
import org.poq.evaluator.MinerPayout;
import org.poq.evaluator.ExecutionDevice;
import org.poq.evaluator.ScoredAnswer;
import org.poq.evaluator.Scorer;
import org.poq.evaluator.ScorerOptions;
import org.poq.evaluator.TaskScore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `poq score`: scores answers with an evaluator, as a validator would (integers 0..10000). */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score an answer to a prompt (0..10000) with the default evaluator or --evaluator DIR.",
            "--pairs FILE scores each line of a UTF-8 TSV file (prompt<TAB>answer; \\t, \\n and \\\\ escapes) alone,",
            "printing one score per line in order, with the model loaded once.",
            "--tasks FILE reads the same format, but consecutive lines with the same prompt are one task's answers:",
            "each is scored with relevance and agreement, exactly as a validator node commits it;",
            "with --json each answer also shows its share of the miner pot, paid the way the contract pays."})
public final class ScoreCommand extends CliCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(names = "--answer", paramLabel = "TEXT", description = "The answer to score.")
    String answer;

    @Option(names = "--pairs", paramLabel = "FILE", description = "A UTF-8 TSV file of prompt<TAB>answer lines, each scored alone.")
    Path pairs;

    @Option(names = "--tasks", paramLabel = "FILE",
            description = "A UTF-8 TSV file of prompt<TAB>answer lines; consecutive lines with one prompt are one task.")
    Path tasks;

    @Option(names = "--evaluator", paramLabel = "DIR", description = "An evaluator folder (model.onnx, tokenizer.json, evaluator.json).")
    Path evaluator;

    @Option(names = "--json", description = "Print JSON (one object per pair) with the raw model output, guard verdict and evaluator id.")
    boolean json;

    @Option(names = "--quality-floor", paramLabel = "0..10000", defaultValue = "3000",
            description = "With --tasks --json: the network's quality floor for the pot shares (default: ${DEFAULT-VALUE}).")
    int qualityFloor;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda", defaultValue = "auto",
            description = "Where to run the model (default: ${DEFAULT-VALUE}; auto uses CUDA when it loads).")
    ExecutionDevice device;

    record Pair(String prompt, String answer) {
    }

    @Override
    public Integer call() throws IOException {
        List<Pair> input = input();
        ScorerOptions options = ScorerOptions.defaults().withDevice(device);
        try (Scorer scorer = evaluator == null ? Evaluators.openDefault(AppPaths.fromEnvironment(), options)
                : Evaluators.open(evaluator, options)) {
            PrintWriter out = out();
            if (tasks != null) {
                for (List<TaskScore> task : scoreTasks(scorer, input)) {
                    long[] shares = MinerPayout.millionths(task.stream().map(t -> t.score().value()).toList(), qualityFloor);
                    for (int i = 0; i < task.size(); i++) {
                        out.println(json ? toJson(task.get(i), shares[i], scorer) : Integer.toString(task.get(i).score().value()));
                    }
                }
            } else {
                for (ScoredAnswer s : scoreAll(scorer, input)) {
                    out.println(json ? toJson(s, scorer).toString() : Integer.toString(s.score().value()));
                }
            }
            out.flush();
        }
        return 0;
    }

    private List<Pair> input() throws IOException {
        if (qualityFloor < 0 || qualityFloor > Score.MAX) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--quality-floor must be a whole number from 0 to 10000, got " + qualityFloor);
        }
        boolean single = prompt != null || answer != null;
        int sources = (single ? 1 : 0) + (pairs != null ? 1 : 0) + (tasks != null ? 1 : 0);
        if (sources != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give one of: --prompt and --answer, --pairs FILE, or --tasks FILE");
        }
        if (single) {
            if (prompt == null || answer == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--prompt and --answer go together");
            }
            return List.of(new Pair(prompt, answer));
        }
        return readPairs(pairs != null ? pairs : tasks);
    }

    static List<Pair> readPairs(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        List<Pair> out = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new IllegalArgumentException(file.getFileName() + " line " + lineNumber
                            + ": expected prompt<TAB>answer, found no tab");
                }
                out.add(new Pair(unescape(line.substring(0, tab)), unescape(line.substring(tab + 1))));
            }
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file.getFileName() + " is not UTF-8 (after line " + lineNumber + ")", e);
        }
        return out;
    }

    /** TSV cannot hold tabs or newlines in a field, so they come escaped as \t and \n (and \\ for a backslash). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char n = field.charAt(++i);
                switch (n) {
                    case 't' -> b.append('\t');
                    case 'n' -> b.append('\n');
                    case '\\' -> b.append('\\');
                    default -> b.append(c).append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Each pair alone; consecutive lines with the same prompt share a model call, which never changes a relevance score. */
    private static List<ScoredAnswer> scoreAll(Scorer scorer, List<Pair> input) {
        List<ScoredAnswer> out = new ArrayList<>(input.size());
        for (List<Pair> group : byPrompt(input)) {
            out.addAll(scorer.scoreDetailed(group.get(0).prompt(), group.stream().map(Pair::answer).toList()));
        }
        return out;
    }

    /** Each run of lines with one prompt is a task: the scores a validator commits (Scorer#scoreTask, as ValidatorService). */
    private static List<List<TaskScore>> scoreTasks(Scorer scorer, List<Pair> input) {
        List<List<TaskScore>> out = new ArrayList<>();
        for (List<Pair> group : byPrompt(input)) {
            out.add(scorer.scoreTask(group.get(0).prompt(), group.stream().map(Pair::answer).toList()));
        }
        return out;
    }

    /** Consecutive lines with the same prompt, in input order. */
    static List<List<Pair>> byPrompt(List<Pair> input) {
        List<List<Pair>> out = new ArrayList<>();
        for (Pair p : input) {
            if (out.isEmpty() || !out.get(out.size() - 1).get(0).prompt().equals(p.prompt())) {
                out.add(new ArrayList<>());
            }
            out.get(out.size() - 1).add(p);
        }
        return out;
    }

    private static ObjectNode toJson(ScoredAnswer s, Scorer scorer) {
        EvaluatorPackage e = scorer.evaluator();
        ObjectNode o = JSON.createObjectNode();
        o.put("score", s.score().value());
        o.put("modelScore", s.modelScore().value());
        o.put("residualScore", s.residualScore().value());
        o.put("raw", s.raw());
        if (s.degeneracy() == null) {
            o.putNull("guard");
        } else {
            o.put("guard", s.degeneracy().name().toLowerCase(Locale.ROOT));
        }
        o.put("evaluator", e.id().hex());
        o.put("kind", e.kind().wireName());
        o.put("device", scorer.execution().provider());
        return o;
    }

    /**
     * A task answer: its committed score, the relevance it had alone, the agreement it got, its copy group,
     * and its share of the miner pot (parts per million, as MinerPayout divides it: the contract's rule).
     */
    private String toJson(TaskScore s, long shareMillionths, Scorer scorer) {
        ObjectNode o = toJson(s.relevance(), scorer);
        o.put("score", s.score().value());
        o.put("relevance", s.relevance().score().value());
        o.put("support", s.support());
        o.put("group", s.group());
        o.put("copies", s.copies());
        o.put("isolated", s.isolated());
        o.put("paid", shareMillionths > 0);
        o.put("potShareMillionths", shareMillionths);
        o.put("potShare", shareMillionths / (double) MinerPayout.MILLION);
        o.put("qualityFloor", qualityFloor);
        return o.toString();
    }
}
