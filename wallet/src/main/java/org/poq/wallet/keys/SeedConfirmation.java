package org.poq.wallet.keys;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.Secrets;

/**
 * The "did you write it down?" step after a phrase is shown once: asks for the words at a few random
 * positions, never two side by side (issue 27: words 6, 7 and 8 were asked together, one glance at one
 * line of the paper; spread out, they check the whole copy). The GUI shows {@link #positions()},
 * collects the answers and calls {@link #check}; the wallet is created only once {@link #isConfirmed()}.
 */
public final class SeedConfirmation {
    private final SeedPhrase phrase;
    private final List<Integer> positions;
    private boolean confirmed;
    private int attempts;

    public SeedConfirmation(SeedPhrase phrase, int questions, Random random) {
        if (questions < 1 || questions > phrase.size()) {
            throw new IllegalArgumentException("ask between 1 and " + phrase.size() + " words");
        }
        this.phrase = phrase;
        // drawn again until no two are neighbours (uniform over such sets); a phrase too short for that
        // keeps the last draw
        boolean spreadPossible = phrase.size() >= 2 * questions - 1;
        TreeSet<Integer> picked;
        do {
            picked = new TreeSet<>();
            while (picked.size() < questions) {
                picked.add(1 + random.nextInt(phrase.size()));
            }
        } while (spreadPossible && !spread(picked));
        this.positions = List.copyOf(picked);
    }

    private static boolean spread(TreeSet<Integer> picked) {
        Integer previous = null;
        for (int p : picked) {
            if (previous != null && p - previous < 2) {
                return false;
            }
            previous = p;
        }
        return true;
    }

    /** What the window and {@code poq wallet create} say about wrong answers: "Words 7 and 11 do not match". */
    public static String mismatch(List<Integer> wrong) {
        if (wrong.size() == 1) {
            return "Word " + wrong.get(0) + " does not match";
        }
        StringBuilder b = new StringBuilder("Words ");
        for (int i = 0; i < wrong.size(); i++) {
            b.append(i == 0 ? "" : i == wrong.size() - 1 ? " and " : ", ").append(wrong.get(i));
        }
        return b.append(" do not match").toString();
    }

    public static SeedConfirmation of(SeedPhrase phrase) {
        return new SeedConfirmation(phrase, 3, new SecureRandom());
    }

    /** 1-based word positions to ask for, in increasing order. */
    public List<Integer> positions() {
        return positions;
    }

    /**
     * Checks answers keyed by position; returns the positions answered wrongly (empty when all are
     * right). Answer arrays are wiped after the check.
     */
    public List<Integer> check(Map<Integer, char[]> answers) {
        attempts++;
        List<Integer> wrong = new ArrayList<>();
        for (int p : positions) {
            char[] a = answers.get(p);
            if (a == null) {
                throw new InvalidInputException("word " + p + " was not answered");
            }
            if (!phrase.matches(p, a)) {
                wrong.add(p);
            }
        }
        answers.values().forEach(Secrets::wipe);
        confirmed = wrong.isEmpty();
        return Collections.unmodifiableList(wrong);
    }

    public boolean isConfirmed() {
        return confirmed;
    }

    public int attempts() {
        return attempts;
    }
}
