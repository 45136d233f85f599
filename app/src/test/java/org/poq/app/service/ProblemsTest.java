package org.poq.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Failures in plain words: the JDK's message-less exceptions, messages glued to a null, and class
 * names a wrapping exception puts in front of its cause's text never reach a user.
 */
class ProblemsTest {
    private static void plain(String s) {
        assertThat(s).isNotBlank().doesNotContain("null").doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]\\w*")
                .doesNotContain("Exception").doesNotContain("Error:");
    }

    @Test
    void messageLessNetworkFailuresAreNamed() {
        String refused = Problems.describe(new ConnectException());
        assertThat(refused).contains("connection was refused");
        plain(refused);
        assertThat(Problems.describe(new RuntimeException(new ConnectException("Connection refused"))))
                .startsWith("the connection was refused");
        assertThat(Problems.describe(new UnknownHostException("rpc.example"))).isEqualTo("unknown host rpc.example: check the address");
        assertThat(Problems.describe(new HttpTimeoutException("request timed out"))).isEqualTo("no answer in time");
        plain(Problems.describe(new IOException()));
        plain(Problems.describe(new EOFException()));
    }

    @Test
    void aMessageGluedToANullLosesTheNull() {
        // what a retry loop printed when its last failure had no message
        String s = Problems.describe(new IllegalStateException("the download failed after 8 attempts: null"));
        assertThat(s).isEqualTo("the download failed after 8 attempts");
        assertThat(Problems.describe(new RuntimeException("null"))).isEqualTo(Problems.UNKNOWN);
        assertThat(Problems.describe(new RuntimeException((String) null))).isEqualTo(Problems.UNKNOWN);
        assertThat(Problems.describe(null)).isEqualTo(Problems.UNKNOWN);
    }

    @Test
    void aWrappersClassNamePrefixIsRemoved() {
        RuntimeException wrapped = new RuntimeException(new IOException("the node closed the stream"));
        assertThat(wrapped.getMessage()).startsWith("java.io.IOException");
        assertThat(Problems.describe(wrapped)).isEqualTo("the node closed the stream");
        assertThat(Problems.clean("org.web3j.protocol.exceptions.ClientConnectionException: Invalid response received: 429"))
                .isEqualTo("Invalid response received: 429");
        assertThat(Problems.describe(new CompletionException(new ExecutionException(new IllegalArgumentException("Ask between 1 and 8 miners.")))))
                .isEqualTo("Ask between 1 and 8 miners.");
    }

    @Test
    void fileFailuresSayWhatAndWhere() {
        assertThat(Problems.describe(new UncheckedIOException(new NoSuchFileException("/tmp/x.key"))))
                .isEqualTo("no such file or folder: /tmp/x.key");
        assertThat(Problems.describe(new AccessDeniedException("/root/poq"))).isEqualTo("permission denied: /root/poq");
        // the outer message keeps its context, the cause adds no class name
        assertThat(Problems.describe(new IllegalStateException("cannot read the key file k.txt", new NoSuchFileException("k.txt"))))
                .isEqualTo("cannot read the key file k.txt");
    }
}
