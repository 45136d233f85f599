package org.poq.app.gui.shell;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.poq.core.concurrent.TaskRunner;
import org.poq.core.concurrent.UiExecutor;
import java.util.concurrent.CancellationException;

/**
 * The one way view models run blocking work: on the task runner, with the outcome handed back on the
 * UI executor. The returned future completes after the UI callbacks ran, so a test can join it and
 * then read the view model's properties.
 */
public final class Background {
    private final TaskRunner runner;
    private final UiExecutor ui;

    public Background(TaskRunner runner, UiExecutor ui) {
        this.runner = runner;
        this.ui = ui;
    }

    public UiExecutor ui() {
        return ui;
    }

    public <T> CompletableFuture<T> run(String name, Callable<T> work, Consumer<T> onSuccess, Consumer<String> onError) {
        CompletableFuture<T> done = new CompletableFuture<>();
        runner.submit(name, work).whenComplete((value, error) -> {
            if (error instanceof CancellationException) {
                done.cancel(false); // the window is closing: nothing to show
                return;
            }
            ui.execute(() -> {
                try {
                    if (error == null) {
                        onSuccess.accept(value);
                    } else {
                        onError.accept(Errors.message(error));
                    }
                } finally {
                    if (error == null) {
                        done.complete(value);
                    } else {
                        done.completeExceptionally(Errors.unwrap(error));
                    }
                }
            });
        });
        return done;
    }
}
