package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.Main;
import org.poq.core.AppPaths;
import org.poq.network.devnet.LocalDevnet;

/** The local devnet is one anvil per data folder, whoever starts it and however often. */
class DevnetLockTest {
    @TempDir
    Path home;

    @BeforeEach
    void useTempHome() {
        System.setProperty("poq.home", home.toString());
    }

    @AfterEach
    void stopDevnet() {
        CliRun.of("devnet", "stop");
        System.clearProperty("poq.home");
    }

    @Test
    void attackTwoStartsAtOnceStartOneAnvilAndStopStopsIt() {
        // two terminals (or the window and a command) starting at the same moment
        List<CompletableFuture<LocalDevnet.Started>> starts = List.of(
                CompletableFuture.supplyAsync(() -> DevnetCommand.devnet().startOrFind()),
                CompletableFuture.supplyAsync(() -> DevnetCommand.devnet().startOrFind()));
        List<LocalDevnet.Started> results = starts.stream().map(CompletableFuture::join).toList();
        assertThat(results).extracting(LocalDevnet.Started::pid).as("one anvil").containsOnly(results.get(0).pid());
        assertThat(results).filteredOn(LocalDevnet.Started::alreadyRunning).hasSize(1);
        assertThat(results.get(0).descriptor().contracts()).isEqualTo(results.get(1).descriptor().contracts());

        CliRun again = CliRun.of("devnet", "start");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("devnet already running (pid " + results.get(0).pid() + "); nothing started");

        assertThat(CliRun.of("devnet", "stop").out()).contains("devnet stopped");
        assertThat(ProcessHandle.of(results.get(0).pid()).map(ProcessHandle::isAlive).orElse(false))
                .as("stop stopped the anvil that start started").isFalse();
        assertThat(new LocalDevnet(new AppPaths(home), List.of()).status().running()).isFalse();
    }

    @Test
    void statusPrintsWhenMainExitsRightAfter() {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("devnet", "status");
        } finally {
            System.setOut(out);
        }
        assertThat(code).isEqualTo(3);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("devnet: stopped");
    }
}
