package org.poq.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock two processes on one data folder share: held across processes, nested on a thread, freed when its holder dies. */
class FolderLockTest {
    @TempDir
    Path dir;

    /** Another process: takes the lock, says "held", keeps it until its standard input ends. */
    public static void main(String[] args) throws Exception {
        try (FolderLock.Held held = FolderLock.of(Path.of(args[0])).acquire()) {
            System.out.println("held");
            System.out.flush();
            System.in.read();
        }
    }

    Process holder(Path file) throws Exception {
        Process p = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"), FolderLockTest.class.getName(),
                file.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("held");
        return p;
    }

    @Test
    void anotherProcessWaitsUntilTheHolderLetsGoOrDies() throws Exception {
        Path file = dir.resolve("locks").resolve("account.lock");
        Process p = holder(file);
        FolderLock lock = FolderLock.of(file);
        assertThat(lock.isFree()).isFalse();
        CompletableFuture<Boolean> mine = CompletableFuture.supplyAsync(() -> {
            try (FolderLock.Held h = lock.acquire()) {
                return true;
            }
        });
        Thread.sleep(300);
        assertThat(mine).as("taken while another process holds it").isNotDone();
        p.getOutputStream().close(); // the holder lets go
        assertThat(mine.get(60, TimeUnit.SECONDS)).isTrue();

        // attack on the ledger: a holder killed by SIGKILL must not keep everyone else out
        Process killed = holder(file);
        assertThat(lock.isFree()).isFalse();
        killed.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        try (FolderLock.Held h = lock.acquire()) {
            assertThat(h).isNotNull();
        }
        assertThat(lock.isFree()).isTrue();
    }

    @Test
    void threadsTakeTurnsAndOneThreadMayNest() throws Exception {
        FolderLock lock = FolderLock.of(dir.resolve("l.lock"));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Runnable work = () -> {
            for (int i = 0; i < 50; i++) {
                try (FolderLock.Held outer = lock.acquire(); FolderLock.Held inner = lock.acquire()) {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    inside.decrementAndGet();
                }
            }
        };
        CompletableFuture<Void> a = CompletableFuture.runAsync(work);
        CompletableFuture<Void> b = CompletableFuture.runAsync(work);
        a.get(60, TimeUnit.SECONDS);
        b.get(60, TimeUnit.SECONDS);
        assertThat(most.get()).isEqualTo(1);
        assertThat(lock.isFree()).isTrue();
    }
}
