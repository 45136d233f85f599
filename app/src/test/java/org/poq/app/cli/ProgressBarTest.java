package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void redrawsInPlaceOnATerminal() {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), "downloading", true);
        bar.update(50L << 20, 100L << 20);
        bar.update(50L << 20, 100L << 20);
        bar.update(100L << 20, 100L << 20);
        assertThat(out.toString()).isEqualTo("\rdownloading [===============               ]  50% 50/100 MiB"
                + "\rdownloading [==============================] 100% 100/100 MiB" + System.lineSeparator());
    }

    @Test
    void printsALineEveryTenPercentWhenRedirected() {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), "downloading", false);
        for (long done = 0; done <= 100; done += 5) {
            bar.update(done, 100);
        }
        assertThat(out.toString().lines()).hasSize(11).first().isEqualTo("downloading 0% of 100 B");
        bar.update(-1, -1);
        assertThat(out.toString().lines()).hasSize(11);
    }

    @Test
    void aStallGetsItsOwnLineAndTheBarIsDrawnAgainAfterIt() {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), "downloading", false);
        bar.update(50L << 20, 100L << 20);
        bar.retrying(50L << 20, 100L << 20, "the server sent nothing for 60 s", 1, 8);
        bar.update(50L << 20, 100L << 20);
        assertThat(out.toString().lines()).containsExactly("downloading 50% of 100.0 MiB",
                "downloading: the server sent nothing for 60 s; trying again (50.0 MiB received of 100.0 MiB;"
                        + " 1 attempts in a row without a byte, it gives up at 8)",
                "downloading 50% of 100.0 MiB");
    }
}
