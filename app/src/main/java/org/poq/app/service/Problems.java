package org.poq.app.service;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * A failure in plain words, for every face (the window's error lines, the CLI's "error:" line, the
 * doctor, the endpoint): never "null", never a Java class name, the deepest useful message kept. Many
 * JDK exceptions carry no message (a refused connection, a dropped one, an end of file) or only a
 * file name (NoSuchFileException), and an exception made from another one starts its message with the
 * other's class name ("java.io.IOException: ..."): each of those is put in words here.
 */
public final class Problems {
    /** "java.io.IOException: " or "org.web3j.Foo$BarException: " at the start of a message, repeated. */
    private static final Pattern CLASS_PREFIX =
            Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable)(?::\\s*|$)");
    /** A trailing ": null" or "(null)" that a caller glued to a message without one. */
    private static final Pattern TRAILING_NULL = Pattern.compile("(?::\\s*null|\\s*\\(null\\)|\\s+null)\\s*$");
    public static final String UNKNOWN = "an unexpected error with no description";

    private Problems() {
    }

    /** One sentence for {@code error}; {@link #UNKNOWN} when nothing in it says anything. */
    public static String describe(Throwable error) {
        if (error == null) {
            return UNKNOWN;
        }
        Throwable e = unwrap(error);
        boolean readFailure = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : unwrap(t.getCause())) {
            String known = known(t);
            if (known != null) {
                return known;
            }
            String m = clean(t.getMessage());
            if (m != null) {
                // new RuntimeException(cause) only repeats the cause's text: the cause's type may say more
                String deeper = isBare(t, m) ? known(unwrap(t.getCause())) : null;
                return deeper != null ? deeper : m;
            }
            readFailure |= t instanceof IOException;
        }
        return readFailure ? "the connection broke or the data could not be read" : UNKNOWN;
    }

    /** A message with any Java class name at its start and any trailing "null" removed; null when nothing is left. */
    public static String clean(String message) {
        if (message == null) {
            return null;
        }
        String m = message.strip();
        String before;
        do {
            before = m;
            m = CLASS_PREFIX.matcher(m).replaceFirst("").strip();
            m = TRAILING_NULL.matcher(m).replaceFirst("").strip();
        } while (!m.equals(before));
        if (m.endsWith(":")) {
            m = m.substring(0, m.length() - 1).strip();
        }
        return m.isEmpty() || m.equals("null") ? null : m;
    }

    /** The wrappers that only carry another failure. */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof InvocationTargetException
                || (t instanceof UncheckedIOException && clean(t.getMessage()) == null)) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether a message is only the cause's own text (new RuntimeException(cause) repeats it). */
    private static boolean isBare(Throwable t, String m) {
        Throwable c = t.getCause();
        return c != null && c.getMessage() != null && m.equals(clean(c.getMessage()));
    }

    /** The failures whose type says more than their message. */
    private static String known(Throwable e) {
        String m = clean(e.getMessage());
        if (e instanceof ConnectException) {
            return "the connection was refused" + (m == null || m.equalsIgnoreCase("connection refused") ? "" : " (" + m + ")")
                    + ": nothing answers at that address";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host" + (m == null ? "" : " " + m) + ": check the address";
        }
        if (e instanceof HttpTimeoutException || e instanceof SocketTimeoutException) {
            return "no answer in time" + (m == null || m.toLowerCase().contains("timed out") ? "" : " (" + m + ")");
        }
        if (e instanceof EOFException) {
            return "the connection or file ended too early" + (m == null ? "" : " (" + m + ")");
        }
        if (e instanceof FileSystemException f) {
            String file = f.getFile() == null ? "the file" : f.getFile();
            if (e instanceof NoSuchFileException) {
                return "no such file or folder: " + file;
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied: " + file;
            }
            if (e instanceof FileAlreadyExistsException) {
                return "already exists: " + file;
            }
            if (e instanceof NotDirectoryException) {
                return "not a folder: " + file;
            }
            String reason = clean(f.getReason());
            return "cannot use " + file + (reason == null ? "" : ": " + reason);
        }
        if (e instanceof OutOfMemoryError) {
            return "not enough memory";
        }
        return null;
    }
}
