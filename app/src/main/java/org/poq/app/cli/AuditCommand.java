package org.poq.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.poq.app.service.AnswerAudits;
import org.poq.miner.engine.AuditPolicy;
import org.poq.miner.engine.AuditResult;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.sampling.SamplingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `poq audit`: replays one answer on a model file under a seed, as an auditor does. Exit 0 PASS, 3 FAIL. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Replay an answer on a model: did this model, under this seed and these settings, draw it?",
            "The question is rendered as a miner renders it (the miners' system prompt, the model's chat format),",
            "or taken as it is with --raw-prompt. Give the miner's token ids with --tokens where you have them: an",
            "answer's text alone is replayed as the tokenizer splits it, which is not always how it was drawn.",
            "Exit status: 0 PASS, 3 FAIL, 2 bad input, 1 another error."})
public final class AuditCommand extends CliCommand {
    static final int FAILED = 3;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "The GGUF model file the answer claims.")
    Path model;

    @Option(names = "--prompt", paramLabel = "TEXT", required = true, description = "The task's question.")
    String prompt;

    @Option(names = "--answer", paramLabel = "TEXT", description = "The revealed answer text.")
    String answer;

    @Option(names = "--tokens", paramLabel = "IDS", description = "The token ids the miner drew (12,845,9 or [12, 845, 9]).")
    String tokens;

    @Option(names = "--seed", paramLabel = "SEED", required = true,
            description = "The miner's sampling seed for the task: 64 hex digits, or a whole number.")
    String seed;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8", description = "Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "40", description = "Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "0.95", description = "Default: ${DEFAULT-VALUE}.")
    float topP;

    @Option(names = "--raw-prompt", description = "The prompt is the whole rendered prompt, control tokens included.")
    boolean rawPrompt;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "CPU threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--context", paramLabel = "N", defaultValue = "2048",
            description = "Context in tokens; prompt and answer must fit (default: ${DEFAULT-VALUE}).")
    int context;

    @Override
    public Integer call() {
        if ((answer == null || answer.isEmpty()) && tokens == null) {
            throw new IllegalArgumentException("give the answer to replay: --answer TEXT, --tokens IDS, or both");
        }
        SamplingSeed parsedSeed;
        try {
            parsedSeed = SamplingSeed.parse(seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--seed: " + e.getMessage(), e);
        }
        SamplingSettings sampling = SamplingSettings.forTask(temperature, topK, topP, parsedSeed);
        if (threads < 1 || threads > 512) {
            throw new IllegalArgumentException("--threads must be from 1 to 512, not " + threads);
        }
        if (context < 64) {
            throw new IllegalArgumentException("--context must be at least 64 tokens, not " + context);
        }
        int[] ids = tokens == null ? new int[0] : AnswerAudits.parseTokens(tokens);
        AnswerAudits.Outcome outcome = AnswerAudits.run(new AnswerAudits.Input(model, prompt, answer, ids, sampling,
                rawPrompt, threads, context));
        AuditResult r = outcome.result();
        PrintWriter out = out();
        out.println("model: " + outcome.modelName() + " (" + model.getFileName() + "), prompt format "
                + outcome.chatFormat());
        out.println("sampling: " + sampling.describe());
        out.println(r.describe());
        out.printf("the rule: a mismatch counts as floating-point drift when the draw was within %s of the answer's "
                        + "token, and at most 1 + 1 per %d positions may be; any other mismatch fails the answer. "
                        + "Audit %d ms (llama.cpp's pass %d ms)%n", AuditPolicy.DRIFT_MARGIN,
                AuditPolicy.POSITIONS_PER_ALLOWED_MISMATCH, r.auditTime().toMillis(), r.prefillTime().toMillis());
        out.flush();
        return r.verdict() == AuditResult.Verdict.PASS ? 0 : FAILED;
    }
}
