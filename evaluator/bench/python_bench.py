#!/usr/bin/env python3
"""The Python side of EvaluatorBenchmark: the same model, texts and shapes through onnxruntime + tokenizers.

Reads a JSON job on stdin: {"model", "tokenizer", "threads", "runs": [{"length", "batch", "texts"}]};
prints {"results": [{"length", "batch", "seconds_per_call"}]}. The timed call is what the Java scorer does
for a batch: tokenize, build the int64 tensors, session.run, mean-pool under the mask.
"""
import json
import sys
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer


def timed(fn, min_seconds=1.5, min_calls=5):
    """Median seconds per call (see EvaluatorBenchmark.timed: the machines are shared)."""
    for _ in range(2):
        fn()
    times, start = [], time.perf_counter()
    while len(times) < min_calls or (time.perf_counter() - start < min_seconds and len(times) < 200):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


def main():
    job = json.load(sys.stdin)
    so = ort.SessionOptions()
    so.intra_op_num_threads = job["threads"]
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(job["model"], so, providers=["CPUExecutionProvider"])
    names = {i.name for i in session.get_inputs()}
    out = []
    for run in job["runs"]:
        tok = Tokenizer.from_file(job["tokenizer"])
        tok.enable_truncation(max_length=run["length"])
        tok.enable_padding(pad_id=0, pad_token="[PAD]")
        texts = run["texts"]

        def call():
            enc = tok.encode_batch(texts)
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in names:
                feed["token_type_ids"] = np.array([e.type_ids for e in enc], dtype=np.int64)
            hidden = session.run(["last_hidden_state"], feed)[0]
            m = mask[:, :, None].astype(np.float32)
            return (hidden * m).sum(axis=1) / m.sum(axis=1)

        out.append({"length": run["length"], "batch": run["batch"], "seconds_per_call": timed(call),
                    "tokens": len(tok.encode(texts[0]).ids)})
    json.dump({"results": out, "onnxruntime": ort.__version__}, sys.stdout)


if __name__ == "__main__":
    main()
