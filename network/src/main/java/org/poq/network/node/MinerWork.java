package org.poq.network.node;

/** A miner's job: answer the prompt (a llama.cpp model in the app, anything in tests). */
@FunctionalInterface
public interface MinerWork {
    String answer(TaskContext task) throws Exception;

    /** The answer and the token ids drawn for it, which the reveal carries to the auditors. */
    default Drawn drawn(TaskContext task) throws Exception {
        return new Drawn(answer(task), new int[0]);
    }

    /** An answer with its drawn token ids (empty: the work does not know them). */
    record Drawn(String text, int[] tokens) {
    }

    /** A work that knows its tokens: an engine's generation. */
    static MinerWork ofDrawn(DrawingWork work) {
        return new MinerWork() {
            @Override
            public String answer(TaskContext task) throws Exception {
                return work.drawn(task).text();
            }

            @Override
            public Drawn drawn(TaskContext task) throws Exception {
                return work.drawn(task);
            }
        };
    }

    @FunctionalInterface
    interface DrawingWork {
        Drawn drawn(TaskContext task) throws Exception;
    }
}
