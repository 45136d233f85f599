package org.poq.app.serve;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The rounds this server is running or has just answered, found by a request's {@code Idempotency-Key}
 * or, without one, by its body's hash. An SDK that times out and retries resends the same body (the
 * OpenAI SDKs mark it with {@code x-stainless-retry-count} above 0; openai-node sends no idempotency
 * key) and is attached to the task it already paid for instead of paying for another. A paid round
 * stays findable for {@code keep} after it ends, so a retry that arrives after the answer gets the same
 * answer; a request that is not a retry and carries no key attaches only while the same body runs
 * (the same question asked again later is a new task). It holds the rounds of this process; the
 * ledger's {@link RequestRecords} hold the same claims across processes and restarts.
 */
final class InFlight {
    private final Duration keep;
    private final Clock clock;
    private final Map<String, Entry> rounds = new HashMap<>();

    private record Entry(SharedRound round, String bodyHash, boolean keyed, Instant ended) {
    }

    InFlight(Duration keep, Clock clock) {
        this.keep = keep;
        this.clock = clock;
    }

    /** Either the round a same-key (or same-body) request already started, or a new one the caller must run. */
    record Claim(SharedRound round, boolean attached) {
    }

    /**
     * Claims the round for {@code idempotencyKey} (may be null) and {@code bodyHash}. A key reused with
     * another body is refused: it is a client bug, and answering it would give one question another's answer.
     */
    synchronized Claim claim(String idempotencyKey, String bodyHash, boolean retry) {
        expire();
        String key = claimOf(idempotencyKey, bodyHash);
        Entry e = rounds.get(key);
        if (e != null && e.ended() != null && !e.keyed() && !retry) {
            e = null; // asked again on purpose, after the first answer: a new task
        }
        if (e != null) {
            if (!e.bodyHash().equals(bodyHash)) {
                throw keyReused();
            }
            return new Claim(e.round(), true);
        }
        SharedRound round = new SharedRound();
        rounds.put(key, new Entry(round, bodyHash, idempotencyKey != null, null));
        round.finished().whenComplete((f, err) -> ended(key, round));
        return new Claim(round, false);
    }

    static ApiError keyReused() {
        return new ApiError(409, "invalid_request_error", "idempotency_key_reused", null,
                "This Idempotency-Key was first sent with another request body. Use a new key for each new request; "
                        + "resend the same body with the same key to get the first request's answer.", null);
    }

    /** The name a request is claimed by, here and in the ledger's records: its key, or without one its body's hash. */
    static String claimOf(String idempotencyKey, String bodyHash) {
        return idempotencyKey != null ? "key:" + idempotencyKey : "body:" + bodyHash;
    }

    private synchronized void ended(String key, SharedRound round) {
        Entry e = rounds.get(key);
        if (e == null || e.round() != round) {
            return;
        }
        // a refusal before paying is not kept: the client may fix the cause (a limit, a balance) and resend
        if (!round.paid()) {
            rounds.remove(key);
        } else {
            rounds.put(key, new Entry(round, e.bodyHash(), e.keyed(), clock.instant()));
        }
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(keep);
        for (Iterator<Entry> it = rounds.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.ended() != null && e.ended().isBefore(cutoff)) {
                it.remove();
            }
        }
    }

    synchronized int size() {
        return rounds.size();
    }
}
