package org.poq.core;

import java.math.BigInteger;

/** The id the task market gives a submitted task (a counter starting at 1). */
public record TaskId(BigInteger value) implements Comparable<TaskId> {
    public TaskId {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException("a task id is a positive integer: " + value);
        }
    }

    public static TaskId of(long value) {
        return new TaskId(BigInteger.valueOf(value));
    }

    @Override
    public int compareTo(TaskId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return "#" + value;
    }
}
