package org.poq.app.service;

import java.util.List;
import org.poq.network.NetworkDescriptor;
import org.poq.network.TaskView;

/**
 * The network's quality floor, applied the same way by the window's Ask screen and the endpoint: an
 * answer whose consensus is below it is not a result (the endpoint answers 422
 * {@code below_quality_floor}; the window then says so in words and marks no answer "best").
 */
public final class QualityFloor {
    private QualityFloor() {
    }

    /** The floor of the network, 0 when its descriptor does not say. */
    public static int of(NetworkDescriptor network) {
        return network == null || network.params() == null ? 0 : network.params().qualityFloor();
    }

    /** The ranked answers at or above {@code floor}, best first. */
    public static List<TaskView.Answer> reached(TaskView v, int floor) {
        return v.ranked().stream().filter(a -> a.consensus() != null && a.consensus() >= floor).toList();
    }

    /** "No answer reached the quality floor: the best consensus score was 907/10000 and the floor is 5000/10000". */
    public static String belowFloor(TaskView v, int floor) {
        int best = v.ranked().isEmpty() || v.ranked().get(0).consensus() == null ? 0 : v.ranked().get(0).consensus();
        return "No answer reached the quality floor: the best consensus score was " + QualityScores.format(best)
                + " and the floor is " + QualityScores.format(floor);
    }
}
