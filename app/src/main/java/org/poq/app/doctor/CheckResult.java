package org.poq.app.doctor;

import java.util.Objects;

/**
 * One line of `poq doctor`. A WARN or FAIL always carries a fix: a status without the next step
 * only tells the user that something is wrong.
 */
public record CheckResult(String name, Status status, String detail, String fix) {
    public enum Status { OK, WARN, FAIL }

    public CheckResult {
        Objects.requireNonNull(name);
        Objects.requireNonNull(status);
        Objects.requireNonNull(detail);
        fix = fix == null ? "" : fix;
        if (status != Status.OK && fix.isBlank()) {
            throw new IllegalArgumentException("a " + status + " result needs a fix: " + name);
        }
    }

    public static CheckResult ok(String name, String detail) {
        return new CheckResult(name, Status.OK, detail, "");
    }

    public static CheckResult warn(String name, String detail, String fix) {
        return new CheckResult(name, Status.WARN, detail, fix);
    }

    public static CheckResult fail(String name, String detail, String fix) {
        return new CheckResult(name, Status.FAIL, detail, fix);
    }
}
