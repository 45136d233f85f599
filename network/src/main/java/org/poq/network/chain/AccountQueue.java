package org.poq.network.chain;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.poq.core.concurrent.FolderLock;

/**
 * One signer queue per account: every transaction an account sends in this process (and, once
 * {@link #shareIn} names the data folder, in every process on it) takes its turn, so nonces are
 * assigned in order and a read-then-act step (check the allowance, approve, submit) cannot interleave
 * with another. Without it, ten concurrent requests from one account collided on nonces ("nonce too
 * low", "transaction already imported") and raced their approvals into ERC20InsufficientAllowance.
 */
public final class AccountQueue {
    private static final Map<String, ReentrantLock> LOCAL = new ConcurrentHashMap<>();
    private static volatile Path folder;

    private AccountQueue() {
    }

    /**
     * From now on the queue also holds across processes, through one lock file per account in
     * {@code dataFolder} (the operating system releases it when a holder dies).
     */
    public static void shareIn(Path dataFolder) {
        folder = dataFolder;
    }

    /** Takes the account's turn; nested calls on one thread nest. Close to let the next one go. */
    public static FolderLock.Held hold(long chainId, String address) {
        String key = chainId + "-" + address.toLowerCase(Locale.ROOT);
        Path shared = folder;
        if (shared != null) {
            return FolderLock.of(shared.resolve("locks").resolve("account-" + key + ".lock")).acquire();
        }
        ReentrantLock lock = LOCAL.computeIfAbsent(key, k -> new ReentrantLock(true));
        lock.lock();
        return lock::unlock;
    }
}
