package org.poq.app.cli;

import java.util.List;

/** The list of `poq` subcommands. */
final class Subcommands {
    private Subcommands() {
    }

    static List<Object> all() {
        return List.of(
                new DevnetCommand(),
                new WalletCommand(),
                new ScoreCommand(),
                new AuditCommand(),
                new EvaluatorsCommand(),
                new ModelsCommand(),
                new DeployCommand(),
                new AskCommand(),
                new TaskCommand(),
                new ServeCommand(),
                new NodeCommand(),
                new DemoCommand(),
                new DoctorCommand(),
                new SimulateCommand());
    }
}
