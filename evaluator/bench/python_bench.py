#!/usr/bin/env python3
"""The Python side of EvaluatorBenchmark: the same model, texts and shapes through onnxruntime + tokenizers.

Started with one argument, a JSON setup {"model", "tokenizer", "threads"}; prints {"onnxruntime": version},
then answers each line {"length", "texts"} on stdin by timing one call and printing one line {"seconds",
"tokens"}, until stdin closes. Staying up lets the Java side alternate Java, bare-session and Python calls
one by one, so load on a shared machine falls on all three alike. The timed call is what the Java scorer
does for a batch: tokenize, build the int64 tensors, session.run, mean-pool under the mask.
"""
import json
import sys
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer


def main():
    setup = json.loads(sys.argv[1])
    so = ort.SessionOptions()
    so.intra_op_num_threads = setup["threads"]
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # As the Java scorer's sessions (SessionFactory): no busy-waiting pool threads after a call. With
    # spinning on one side only, that side's idle threads would slow whichever call follows it.
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(setup["model"], so, providers=["CPUExecutionProvider"])
    names = {i.name for i in session.get_inputs()}
    tokenizers = {}
    print(json.dumps({"onnxruntime": ort.__version__}), flush=True)
    for line in sys.stdin:
        run = json.loads(line)
        length = run["length"]
        if length not in tokenizers:
            tok = Tokenizer.from_file(setup["tokenizer"])
            tok.enable_truncation(max_length=length)
            tok.enable_padding(pad_id=0, pad_token="[PAD]")
            tokenizers[length] = tok
        tok = tokenizers[length]
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

        t0 = time.perf_counter()
        call()
        seconds = time.perf_counter() - t0
        print(json.dumps({"seconds": seconds, "tokens": len(tok.encode(texts[0]).ids)}), flush=True)


if __name__ == "__main__":
    main()
