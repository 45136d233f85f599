#!/usr/bin/env python3
"""Decision 0052, a rejected rule measured: isolation by the bi-encoder's embeddings of the answers.

Reads the TSV of AdversarialDump (cosines of each task's answers with each other and with the prompt) and
simulates, for each strategy played beside the two honest answers, an answer isolated (score at most 2999)
when its best similarity to another answer is below RATIO times the similarity of the two others (both at or
above the gate and that similarity at least AMIN). Similarities are cosines with the prompt's direction taken
out (what two answers share beyond the question's topic). The committed scores without the rule come from
the dump, so honest answers' figures are those of two-answer tasks: an approximation, for a go/no-go.

  python3 semantic_isolation.py dump.tsv adversarial-tune.tsv
"""
import collections
import csv
import math
import sys


def proj(c, a, b):
    return (c - a * b) / math.sqrt(max(1e-9, (1 - a * a) * (1 - b * b)))


def simulate(by, setname, ratio, amin):
    paid, tot, honest, honest_total, cut = collections.Counter(), collections.Counter(), 0, 0, []
    for (s, n), d in sorted(by.items()):
        if s != setname:
            continue
        g1, g2 = d["good1"], d["good2"]
        for k, x in d.items():
            if k in ("good1", "good2"):
                continue
            p = [float(g1[10]), float(g2[10]), float(x[10])]
            c = [[1, float(g1[9]), float(x[7])], [float(g1[9]), 1, float(x[8])], [float(x[7]), float(x[8]), 1]]
            c = [[1 if i == j else proj(c[i][j], p[i], p[j]) for j in range(3)] for i in range(3)]
            committed = [int(g1[6]), int(g2[6]), int(x[6])]
            score = []
            for i in range(3):
                o = [j for j in range(3) if j != i]
                pair, best = c[o[0]][o[1]], max(c[i][o[0]], c[i][o[1]])
                isolated = best < pair * ratio and pair >= amin and committed[o[0]] >= 3000 and committed[o[1]] >= 3000
                score.append(min(2999, committed[i]) if isolated else committed[i])
            tot[k] += 1
            paid[k] += score[2] >= 3000
            honest_total += 2
            honest += (score[0] >= 3000) + (score[1] >= 3000)
            cut += [(n, k, i) for i in range(2) if committed[i] >= 3000 > score[i]]
    return paid, tot, honest, honest_total, cut


def main(dump, setname):
    by = collections.defaultdict(dict)
    for r in csv.reader(open(dump, encoding="utf-8"), delimiter="\t"):
        by[(r[0], int(r[1]))][r[4]] = r
    for ratio, amin in [(9, 9), (0.5, 0.3), (0.6, 0.3), (0.7, 0.3), (0.6, 0.6), (0.8, 0.5)]:
        paid, tot, h, ht, cut = simulate(by, setname, ratio, amin)
        label = "no rule" if ratio == 9 else f"ratio {ratio} min {amin}"
        print(f"{label:18s}", " ".join(f"{k}={paid[k]}/{tot[k]}" for k in ("topic_filler", "related", "generic", "wrong", "off_topic")),
              f"honest paid {h}/{ht}", f"honest cut: {cut}" if cut else "")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
