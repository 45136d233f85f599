package org.poq.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A `poq wallet` subcommand: the wallet's shared options ({@link WalletCommand.Common}), declared once for all of them. */
abstract class WalletSubcommand implements Callable<Integer> {
    @Mixin
    WalletCommand.Common c;
}
