package org.poq.app.serve;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.poq.core.TaskId;
import org.poq.network.TaskView;

/**
 * One paid round and every HTTP request waiting on it: the first request, and any retry the SDK sent
 * with the same key or body while it ran ({@link InFlight}). The round runs on its own thread, so a
 * client that gives up (a timeout) does not stop it; its progress goes to every attached stream.
 */
final class SharedRound {
    private final CompletableFuture<ChatCompletions.Prepared> prepared = new CompletableFuture<>();
    private final CompletableFuture<Rounds.Finished> finished = new CompletableFuture<>();
    private final List<Rounds.Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean paid;
    private volatile TaskId task;
    private volatile TaskView latest;

    CompletableFuture<Rounds.Finished> finished() {
        return finished;
    }

    CompletableFuture<ChatCompletions.Prepared> prepared() {
        return prepared;
    }

    /** True once the task was submitted (money is escrowed on chain). */
    boolean paid() {
        return paid;
    }

    void fail(ApiError e) {
        prepared.completeExceptionally(e);
        finished.completeExceptionally(e);
    }

    /** Hears the round's progress from now on; told at once where it stands if it already started. */
    void listen(Rounds.Listener l) {
        listeners.add(l);
        if (task != null) {
            l.submitted(task);
        }
        if (latest != null) {
            l.update(latest);
        }
    }

    void unlisten(Rounds.Listener l) {
        listeners.remove(l);
    }

    /** The listener the round reports to: it keeps the latest state and passes it on to every request. */
    Rounds.Listener fanOut() {
        return new Rounds.Listener() {
            @Override
            public void signing() {
                listeners.forEach(Rounds.Listener::signing);
            }

            @Override
            public void submitted(TaskId id) {
                task = id;
                paid = true;
                listeners.forEach(l -> l.submitted(id));
            }

            @Override
            public void update(TaskView view) {
                latest = view;
                listeners.forEach(l -> l.update(view));
            }
        };
    }

    /**
     * Waits for {@code f} unless the server stops first ({@code stopping}); an ApiError of the round
     * comes out as it is.
     */
    static <T> T await(CompletableFuture<T> f, CompletableFuture<Void> stopping) {
        try {
            CompletableFuture.anyOf(f, stopping).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stoppingError();
        } catch (ExecutionException | CancellationException e) {
            // the round's own failure is read below
        }
        if (!f.isDone()) {
            throw stoppingError();
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ApiError a) {
                throw a;
            }
            throw e;
        }
    }

    static ApiError stoppingError() {
        return new ApiError(503, "server_error", "server_stopping", null,
                "The server is stopping. A task it already submitted goes on on chain, and its refund is counted when the server "
                        + "starts again; resending this request pays for a new task.", null);
    }
}
