package org.poq.miner.library;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A server that accepts every connection and never answers nor closes it: the host that holds a
 * request until its timeout, against which a cancel must act at once.
 */
final class SilentServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Semaphore accepted = new Semaphore(0);

    SilentServer() throws IOException {
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    held.add(socket.accept()); // read nothing, answer nothing, close nothing
                    accepted.release();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    /** Waits for the next accepted connection (the request is then on its way or sent). */
    void awaitConnection() throws InterruptedException {
        accepted.tryAcquire(30, TimeUnit.SECONDS);
    }

    /**
     * Cancels from another thread once a connection was accepted and a moment has passed, and returns
     * when it cancelled (System.nanoTime), so a test can measure how long the cancelled call still took.
     */
    Thread cancelOnceConnected(DownloadCancel cancel, long[] cancelledAt) {
        Thread canceller = new Thread(() -> {
            try {
                awaitConnection();
                Thread.sleep(300); // the request is sent and waiting for its answer
            } catch (InterruptedException ignored) {
                // the caller's assertion fails if the cancel never came
            }
            cancelledAt[0] = System.nanoTime();
            cancel.cancel();
        }, "canceller");
        canceller.start();
        return canceller;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
