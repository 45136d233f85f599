package org.poq.core.concurrent;

import java.util.concurrent.Executor;

/**
 * Where results go back to the user interface: Platform::runLater in the app, a direct executor in
 * tests and on the command line. Domain modules see only this interface, never a UI toolkit.
 */
public interface UiExecutor extends Executor {
    static UiExecutor direct() {
        return Runnable::run;
    }
}
