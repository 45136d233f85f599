package org.poq.core.concurrent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock that holds for every thread of this process and for every process on the machine: a
 * reentrant lock per file within the JVM (a JVM may not take a second {@link FileLock} on a file it
 * already locks), and the operating system's lock on the file across processes. Two programs on one
 * data folder (two {@code poq serve}, or a server and the window) then take turns the same way two
 * threads do. The operating system drops the lock when its holder dies, even by SIGKILL.
 */
public final class FolderLock {
    private static final Map<Path, FolderLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock local = new ReentrantLock(true);
    private FileChannel channel;
    private FileLock held;

    private FolderLock(Path file) {
        this.file = file;
    }

    /** The one lock of this file in this process. */
    public static FolderLock of(Path file) {
        return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), FolderLock::new);
    }

    /** Held until closed; taking it again on the same thread nests. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits for this process's other threads, then for other processes. */
    public Held acquire() {
        local.lock();
        try {
            if (local.getHoldCount() == 1) {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                held = channel.lock();
            }
        } catch (IOException e) {
            closeChannel();
            local.unlock();
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeChannel();
            local.unlock();
            throw e;
        }
        return this::release;
    }

    /** True when no process holds the file's lock now (a process that died released it). */
    public boolean isFree() {
        if (local.isLocked()) {
            return false;
        }
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock l = c.tryLock();
            if (l == null) {
                return false;
            }
            l.release();
            return true;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    private void release() {
        if (local.getHoldCount() == 1) {
            closeChannel();
        }
        local.unlock();
    }

    private void closeChannel() {
        try {
            if (held != null) {
                held.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            held = null;
            channel = null;
        }
    }
}
