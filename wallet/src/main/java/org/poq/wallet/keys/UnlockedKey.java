package org.poq.wallet.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.Secrets;
import org.poq.wallet.WalletLockedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key derived from the wallet password, held while the wallet is unlocked and wiped once
 * {@code idleTimeout} passes without use (measured on the injected clock). The vault keeps only this
 * key, never the password. Guarded by the vault's monitor: the vault calls it from its synchronized
 * methods, and the timer takes the same monitor, so a lock listener sees the vault as one piece.
 */
final class UnlockedKey {
    private static final Logger LOG = LoggerFactory.getLogger(WalletVault.class);
    /** One daemon thread for every vault's auto-lock timer: it only compares times and wipes a key. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wallet-auto-lock");
        t.setDaemon(true);
        return t;
    });

    private final Object monitor;
    private final Clock clock;
    private final List<Runnable> lockListeners = new CopyOnWriteArrayList<>();
    private Duration idleTimeout;
    private byte[] key;
    private Instant lastUse;
    private ScheduledFuture<?> autoLock;

    UnlockedKey(Object monitor, Clock clock, Duration idleTimeout) {
        this.monitor = monitor;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    /** Holds a freshly derived key (wiping any older one) and starts the idle clock. */
    void hold(byte[] derived) {
        Secrets.wipe(key);
        key = derived;
        lastUse = clock.instant();
        scheduleAutoLock(idleTimeout);
    }

    /** The key, counting as a use; {@link WalletLockedException} when locked or idle too long. */
    byte[] require() {
        checkIdle();
        if (key == null) {
            throw new WalletLockedException();
        }
        lastUse = clock.instant();
        return key;
    }

    boolean present() {
        checkIdle();
        return key != null;
    }

    /**
     * Auto-lock fires on its own: a timer checks when the idle time would end and locks then, so the
     * key is wiped even if nothing asks the wallet anything (the window left open overnight). Each
     * use moves {@code lastUse}; the timer re-arms for the time left.
     */
    private void scheduleAutoLock(Duration delay) {
        if (autoLock != null) {
            autoLock.cancel(false);
        }
        long millis = Math.max(1, delay.toMillis());
        autoLock = TIMER.schedule(this::tick, millis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        synchronized (monitor) {
            if (key == null) {
                return;
            }
            Duration left = idleTimeout.minus(Duration.between(lastUse, clock.instant()));
            if (left.isNegative() || left.isZero()) {
                checkIdle();
            } else {
                scheduleAutoLock(left);
            }
        }
    }

    void lock() {
        if (autoLock != null) {
            autoLock.cancel(false);
            autoLock = null;
        }
        if (key != null) {
            Secrets.wipe(key);
            key = null;
            LOG.info("wallet locked");
            lockListeners.forEach(Runnable::run);
        }
    }

    void checkIdle() {
        if (key != null && !Duration.between(lastUse, clock.instant()).minus(idleTimeout).isNegative()) {
            LOG.info("wallet idle for {} s: locking", idleTimeout.toSeconds());
            lock();
        }
    }

    void setIdleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("the auto-lock time must be positive");
        }
        this.idleTimeout = timeout;
        if (key != null) {
            scheduleAutoLock(Duration.ofMillis(1));
        }
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    void onLock(Runnable listener) {
        lockListeners.add(listener);
    }
}
