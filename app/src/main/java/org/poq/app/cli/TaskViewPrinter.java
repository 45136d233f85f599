package org.poq.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import org.poq.app.service.QualityScores;
import org.poq.app.service.TaskProgress;
import org.poq.core.AmountFormat;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.TaskView;

/** Prints a finished task: answers ranked by consensus with every validator's score, or the same as JSON. */
final class TaskViewPrinter {
    private TaskViewPrinter() {
    }

    static void text(TaskView v, PrintWriter out) {
        out.printf("Task %s: %s%n%n", v.id(), v.prompt());
        if (v.expired()) {
            out.println("Task " + v.id() + " " + TaskProgress.finalLine(v) + ".");
            out.flush();
            return;
        }
        int rank = 1;
        for (TaskView.Answer a : v.ranked()) {
            out.printf("%d. consensus %s  miner %s  reward %s%n", rank++,
                    QualityScores.format(a.consensus()), a.miner(), AmountFormat.of(a.reward(), AmountFormat.POQ));
            out.println("   " + (a.text().isEmpty() ? "(empty answer)" : a.text().replace("\n", "\n   ")));
            StringBuilder s = new StringBuilder("   scores:");
            for (Map.Entry<String, Integer> e : a.scoresByValidator().entrySet()) {
                s.append(' ').append(e.getKey(), 0, 10).append('=').append(QualityScores.format(e.getValue()));
            }
            out.println(s);
            out.println("   " + a.audit().describe());
            out.println();
        }
        if (v.ranked().isEmpty()) {
            out.println("No miner revealed an answer.");
        }
        TokenAmount validatorRewards = v.rewards().entrySet().stream()
                .filter(e -> v.validators().stream().anyMatch(e.getKey()::equalsIgnoreCase))
                .map(Map.Entry::getValue).reduce(TokenAmount.ZERO, TokenAmount::plus);
        out.printf("fee %s: validators earned %s, refunded %s%n", AmountFormat.of(v.fee(), AmountFormat.POQ),
                AmountFormat.of(validatorRewards, AmountFormat.POQ), AmountFormat.of(v.refund(), AmountFormat.POQ));
        v.penalties().forEach((node, reason) -> out.printf("penalized %s: %s%n", node, reason.description()));
        out.flush();
    }

    static void json(TaskView v, PrintWriter out) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance)
                        .addSerializer(TokenAmount.class, ToStringSerializer.instance)
                        .addSerializer(TaskId.class, ToStringSerializer.instance));
        out.println(mapper.writeValueAsString(v));
        out.flush();
    }
}
