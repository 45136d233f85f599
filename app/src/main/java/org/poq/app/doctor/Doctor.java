package org.poq.app.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.poq.app.service.Problems;

/** Runs the checks in order; a check that throws is a FAIL with its message, never a crash of the doctor. */
public final class Doctor {
    public interface Check {
        String name();

        CheckResult run(DoctorContext ctx) throws Exception;
    }

    private final List<Check> checks;

    public Doctor(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public static Doctor standard() {
        return new Doctor(Checks.all());
    }

    public List<CheckResult> run(DoctorContext ctx, Consumer<CheckResult> onEach) {
        List<CheckResult> out = new ArrayList<>();
        for (Check c : checks) {
            CheckResult r;
            try {
                r = c.run(ctx);
            } catch (Exception | LinkageError e) {
                // LinkageError: an UnsatisfiedLinkError from a native library is exactly what the doctor is for
                r = CheckResult.fail(c.name(), (e instanceof LinkageError ? "a native library did not load: " : "")
                                + firstLine(e),
                        "run with POQ_DEBUG=1 for the stack trace and report it with the output of `poq doctor`");
            }
            out.add(r);
            onEach.accept(r);
        }
        return out;
    }

    static String firstLine(Throwable e) {
        String m = Problems.describe(e);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
