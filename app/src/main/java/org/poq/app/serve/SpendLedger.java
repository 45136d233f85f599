package org.poq.app.serve;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.concurrent.FolderLock;
import org.poq.core.db.Database;
import org.poq.core.db.SettingsStore;
import org.poq.network.TaskView;

/**
 * What the endpoint has spent each UTC day, kept in the data folder's database and reconciled with
 * the chain. A request reserves its whole fee before anything is signed (two concurrent requests, or
 * two servers on one data folder, cannot both slip under the limit: every change takes the folder's
 * ledger lock); the reservation is kept as an open entry with the task id once submitted; when the
 * round ends the chain's refund is credited and the entry closed. On start and after every round,
 * {@link #reconcile} settles the entries of processes that died (SIGKILL, SIGTERM mid-round) from what
 * the chain says: the refund of a finished task, the task a crash left unnamed, or a release when no
 * task was submitted. So the day's spending equals the fees escrowed less the refunds, to the wei.
 * Each paid request is recorded too ({@link RequestRecords}), linked to its reservation, so that a retry
 * reaching another process or a restarted one finds the task it paid for ({@link #claimRequest}).
 */
public final class SpendLedger implements AutoCloseable {
    private static final String SPENT = "serve.spent.";
    private static final String OPEN = "serve.open.";

    private final Database db;
    private final SettingsStore store;
    private final Clock clock;
    private final SpendingLimits limits;
    private final FolderLock lock;
    private final RequestRecords requests;
    private final Path locks;
    private final String owner = UUID.randomUUID().toString();
    private final Set<String> mine = ConcurrentHashMap.newKeySet();
    private FileChannel ownerChannel;

    /** A ledger over {@code db}, locked across processes through a file next to the database. */
    public SpendLedger(Database db, Clock clock, SpendingLimits limits) {
        this(db, clock, limits, db.file().toAbsolutePath().getParent().resolve("locks"));
    }

    SpendLedger(Database db, Clock clock, SpendingLimits limits, Path locks) {
        this.db = db;
        this.store = new SettingsStore(db);
        this.clock = clock;
        this.limits = limits;
        this.locks = locks;
        this.lock = FolderLock.of(locks.resolve("serve-ledger.lock"));
        this.requests = new RequestRecords(db);
        markAlive();
    }

    public SpendingLimits limits() {
        return limits;
    }

    /** A reservation: its entry, the day it counts against and the amount. */
    public record Reservation(String id, LocalDate day, TokenAmount amount) {
    }

    /** An open entry: a reservation of some process, and its task once submitted. */
    record Entry(String id, LocalDate day, TokenAmount amount, long fromBlock, String owner, TaskId task) {
        String encode() {
            return day + "|" + amount.wei() + "|" + fromBlock + "|" + owner + "|" + (task == null ? "" : task.value());
        }

        static Entry decode(String id, String s) {
            String[] f = s.split("\\|", -1);
            return new Entry(id, LocalDate.parse(f[0]), TokenAmount.ofWei(new BigInteger(f[1])), Long.parseLong(f[2]), f[3],
                    f[4].isEmpty() ? null : new TaskId(new BigInteger(f[4])));
        }

        Reservation reservation() {
            return new Reservation(id, day, amount);
        }
    }

    /**
     * Checks both limits and reserves the fee, or throws the OpenAI-shaped error (402 or 429).
     * {@code fromBlock} is the chain's height before signing: where a crashed process's task is looked for.
     */
    public Reservation reserve(TokenAmount fee, long fromBlock) {
        return reserve(fee, fromBlock, null);
    }

    /** As {@link #reserve(TokenAmount, long)}, linking the reservation to the request {@code claim} in the same transaction. */
    Reservation reserve(TokenAmount fee, long fromBlock, String claim) {
        if (fee.compareTo(limits.perRequest()) > 0) {
            throw new ApiError(402, "insufficient_quota", "spending_limit_per_request", "poq.fee",
                    "The fee of " + fee.toPlainString() + " POQ is above your limit of " + limits.perRequest().toPlainString()
                            + " POQ per request. Ask with a lower poq.fee, or raise the limit (poq serve --max-fee-per-request, or the Settings screen).",
                    null);
        }
        try (var held = lock.acquire()) {
            LocalDate day = today();
            TokenAmount spent = spent(day);
            if (spent.plus(fee).compareTo(limits.perDay()) > 0) {
                throw new ApiError(429, "insufficient_quota", "spending_limit_per_day", null,
                        "Today's spending limit is reached: " + spent.toPlainString() + " of " + limits.perDay().toPlainString()
                                + " POQ spent or escrowed (UTC day), and this request would escrow " + fee.toPlainString()
                                + " POQ more. Wait until tomorrow (UTC) or raise the limit (poq serve --max-fee-per-day, or the Settings screen).",
                        null);
            }
            Entry e = new Entry(UUID.randomUUID().toString(), day, fee, fromBlock, owner, null);
            mine.add(e.id());
            // one transaction: the spent total and the open entry are written together or not at all
            db.transaction(c -> {
                put(day, spent.plus(fee));
                store.put(OPEN + e.id(), e.encode());
                if (claim != null) {
                    requests.reserved(claim, e.id());
                }
                return null;
            });
            return e.reservation();
        }
    }

    /** The task is on chain: a crash from now on is settled by reading it. */
    public void submitted(Reservation r, TaskId task) {
        try (var held = lock.acquire()) {
            db.transaction(c -> {
                entry(r.id()).ifPresent(e -> store.put(OPEN + e.id(), new Entry(e.id(), e.day(), e.amount(), e.fromBlock(), e.owner(), task).encode()));
                requests.taskFound(r.id(), task);
                return null;
            });
        }
    }

    /** Nothing was submitted: the whole reservation goes back. */
    public void release(Reservation r) {
        close(r, r.amount());
    }

    /** The round finished: the chain's refund goes back to the day's budget (never more than was reserved). */
    public void refund(Reservation r, TokenAmount refund) {
        close(r, refund.compareTo(r.amount()) > 0 ? r.amount() : refund);
    }

    /** The reservation is left open for {@link #reconcile} (the round goes on on chain past the timeout). */
    public void leaveOpen(Reservation r) {
        mine.remove(r.id());
    }

    public TokenAmount spentToday() {
        try (var held = lock.acquire()) {
            return spent(today());
        }
    }

    /** What reconciling did: entries settled from finished tasks, released, and still running on chain. */
    public record Reconciled(int settled, int released, int running) {
    }

    /**
     * Settles every open entry no live process is working on: a finished task's refund is credited; an
     * entry without a task id (the process died between signing and recording it) is matched to the
     * requester's unclaimed submission of the same fee since the entry's block, or released when there
     * is none; a task still running stays open for the next reconcile.
     */
    public Reconciled reconcile(Rounds chain) {
        int settled = 0;
        int released = 0;
        int running = 0;
        try (var held = lock.acquire()) {
            List<Entry> open = store.withPrefix(OPEN).entrySet().stream()
                    .map(kv -> Entry.decode(kv.getKey().substring(OPEN.length()), kv.getValue())).toList();
            Set<TaskId> claimed = null; // read only for an entry that needs the search: this runs after every round
            for (Entry e : open) {
                if (mine.contains(e.id()) || (!e.owner().equals(owner) && ownerAlive(e.owner()))) {
                    continue;
                }
                TaskId task = e.task();
                if (task == null) {
                    if (claimed == null) {
                        claimed = claimed(open);
                    }
                    task = chain.submittedSince(e.fromBlock(), e.amount(), claimed).orElse(null);
                    if (task == null) {
                        close(e.reservation(), e.amount());
                        requests.forgetReservation(e.id()); // nothing was paid: a resend is a new request
                        released++;
                        continue;
                    }
                    claimed.add(task);
                    store.put(OPEN + e.id(), new Entry(e.id(), e.day(), e.amount(), e.fromBlock(), e.owner(), task).encode());
                    requests.taskFound(e.id(), task);
                }
                TaskView v = chain.read(task);
                if (v.finalized()) {
                    close(e.reservation(), v.refund().compareTo(e.amount()) > 0 ? e.amount() : v.refund());
                    // a dead process's request is over on chain: a retry still gets it until the round timeout has passed
                    requests.endedByReservation(e.id(), clock.instant());
                    settled++;
                } else {
                    running++;
                }
            }
        }
        return new Reconciled(settled, released, running);
    }

    /**
     * Every task a request here names, open or settled: a crashed entry's search from its (possibly older)
     * height must not take one of them for its own.
     */
    private Set<TaskId> claimed(List<Entry> open) {
        Set<TaskId> claimed = new HashSet<>(requests.taskIds());
        open.forEach(e -> Optional.ofNullable(e.task()).ifPresent(claimed::add));
        return claimed;
    }

    /** What a request's claim found: a request to check and pay for, a paid task to follow, or a reason to wait. */
    sealed interface Claim {
        /** Nobody paid for this request (or it is asked again after its answer): check it and pay. */
        record New() implements Claim {
        }

        /** A task was paid for this request, by this process or another, running or answered: follow it. */
        record Follow(TaskId task) implements Claim {
        }

        /** Another live process is checking or signing this request right now: wait for its task. */
        record Busy() implements Claim {
        }

        /** A process that died reserved for this request and left no task id: reconcile with the chain, then claim again. */
        record Orphaned() implements Claim {
        }
    }

    /**
     * Claims the request {@code claim} (an Idempotency-Key, or the body's hash) for this process, across
     * processes on the data folder and across restarts. A key sent with another body is refused with a 409.
     * An answered request is asked anew only when it has no key and is not an SDK's retry ({@code retry});
     * answered requests are forgotten {@code keep} after their answer.
     */
    Claim claimRequest(String claim, String bodyHash, boolean keyed, boolean retry, Duration keep) {
        try (var held = lock.acquire()) {
            return db.transaction(c -> {
                requests.expire(clock.instant().minus(keep));
                Optional<RequestRecords.Row> found = requests.get(claim);
                if (found.isPresent()) {
                    RequestRecords.Row r = found.get();
                    if (!r.bodyHash().equals(bodyHash)) {
                        throw InFlight.keyReused();
                    }
                    boolean askedAgain = r.state() == RequestRecords.State.ANSWERED && !r.keyed() && !retry;
                    if (!askedAgain) {
                        if (r.task() != null) {
                            requests.attached(claim, owner);
                            return new Claim.Follow(r.task());
                        }
                        if (!r.owner().equals(owner) && ownerAlive(r.owner())) {
                            return new Claim.Busy();
                        }
                        if (r.reservation() != null && entry(r.reservation()).isPresent()) {
                            return new Claim.Orphaned();
                        }
                    }
                }
                requests.insert(claim, bodyHash, keyed, owner);
                return new Claim.New();
            });
        }
    }

    /** The request got its answer (or its error) from a paid task: kept for retries until {@code keep} has passed. */
    void requestAnswered(String claim) {
        try (var held = lock.acquire()) {
            requests.answered(claim, clock.instant());
        }
    }

    /** The request was refused before paying: the client may fix the cause and resend it as a new request. */
    void requestDropped(String claim) {
        try (var held = lock.acquire()) {
            requests.remove(claim);
        }
    }

    private void close(Reservation r, TokenAmount giveBack) {
        try (var held = lock.acquire()) {
            db.transaction(c -> {
                if (entry(r.id()).isPresent()) {
                    TokenAmount spent = spent(r.day());
                    put(r.day(), spent.compareTo(giveBack) >= 0 ? spent.minus(giveBack) : TokenAmount.ZERO);
                    store.remove(OPEN + r.id());
                }
                return null;
            });
            mine.remove(r.id());
        }
    }

    private Optional<Entry> entry(String id) {
        return store.get(OPEN + id).map(v -> Entry.decode(id, v));
    }

    /** This process's mark: a file it keeps locked while it lives, which the OS frees when it dies. */
    private void markAlive() {
        try {
            Files.createDirectories(locks);
            ownerChannel = FileChannel.open(ownerFile(owner), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ownerChannel.tryLock();
            if (l == null) {
                throw new IllegalStateException("cannot mark the ledger's owner in " + locks);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write in the data folder " + locks + ": " + e.getMessage(), e);
        }
    }

    private boolean ownerAlive(String other) {
        Path f = ownerFile(other);
        return Files.exists(f) && !FolderLock.of(f).isFree();
    }

    private Path ownerFile(String id) {
        return locks.resolve("serve-owner-" + id + ".lock");
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private TokenAmount spent(LocalDate day) {
        return store.get(SPENT + day).map(s -> TokenAmount.ofWei(new BigInteger(s))).orElse(TokenAmount.ZERO);
    }

    private void put(LocalDate day, TokenAmount amount) {
        store.put(SPENT + day, amount.wei().toString());
    }

    /** Stops marking this process alive: its open entries become another process's (or the next start's) to settle. */
    @Override
    public void close() {
        try {
            ownerChannel.close();
            Files.deleteIfExists(ownerFile(owner));
        } catch (IOException ignored) {
            // the lock is released with the channel in any case
        }
    }
}
