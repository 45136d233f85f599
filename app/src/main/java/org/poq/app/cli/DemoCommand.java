package org.poq.app.cli;

import org.poq.app.demo.LocalNetworkDemo;
import org.poq.core.AppPaths;
import org.poq.core.TokenAmount;
import org.poq.network.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `poq demo`: a whole PoQ round on a local chain with local miners and validators, offline. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a whole round on a fresh local chain: 3 local miners (bundled tiny model), 5 local validators "
                + "(bundled evaluator), one prompt, through to the rewards. Offline.")
public final class DemoCommand extends CliCommand {
    @Parameters(arity = "0..1", paramLabel = "PROMPT", defaultValue = "What is the capital of France?",
            description = "The prompt (default: ${DEFAULT-VALUE}).")
    String prompt;

    @Option(names = "--json", description = "Print the finished task as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        var options = LocalNetworkDemo.Options.defaults(prompt);
        TaskView v = new LocalNetworkDemo(AppPaths.fromEnvironment(), err())
                .run(new LocalNetworkDemo.Options(prompt, options.miners(), options.validators(), TokenAmount.ofTokens(10),
                        options.maxTokens()));
        if (json) {
            TaskViewPrinter.json(v, out());
        } else {
            TaskViewPrinter.text(v, out());
        }
        return 0;
    }
}
