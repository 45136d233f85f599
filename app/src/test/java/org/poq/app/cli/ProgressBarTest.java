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
}
