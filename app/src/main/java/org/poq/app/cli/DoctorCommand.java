package org.poq.app.cli;

import java.io.PrintWriter;
import java.util.List;
import org.poq.app.doctor.CheckResult;
import org.poq.app.doctor.Doctor;
import org.poq.app.doctor.DoctorContext;
import picocli.CommandLine.Command;

/** `poq doctor`: checks the runtime, the native libraries, the hardware and the data folder, with a fix for each problem. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check this installation: Java, CPU (AVX2), GPU, data folder, free disk, SQLite, llama.cpp, "
                + "ONNX Runtime, the tokenizer, the evaluator and the anvil node. Each line says OK, WARN or FAIL, "
                + "with a fix for each problem. Exit code 0 when nothing failed, 1 otherwise.")
public final class DoctorCommand extends CliCommand {
    @Override
    public Integer call() {
        PrintWriter out = out();
        out.println("PoQ doctor");
        // each line is printed as soon as its check ends: the native ones take seconds
        List<CheckResult> results = Doctor.standard().run(DoctorContext.current(), r -> print(out, r));
        long failed = results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count();
        long warned = results.stream().filter(r -> r.status() == CheckResult.Status.WARN).count();
        out.printf("%d checks: %d OK, %d warnings, %d failed%n", results.size(), results.size() - failed - warned,
                warned, failed);
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    static void print(PrintWriter out, CheckResult r) {
        out.printf("%-5s %-13s %s%n", r.status(), r.name(), r.detail());
        if (!r.fix().isEmpty()) {
            out.printf("      %-13s fix: %s%n", "", r.fix());
        }
        out.flush();
    }
}
