#!/usr/bin/env python3
"""Writes a tiny random-weight BERT cross-encoder evaluator package (model.onnx, tokenizer.json,
evaluator.json) and its evaluator id, so tests cover the cross-encoder path without a real model.

The weights are random (fixed seed): the scores mean nothing, the shapes and the graph are those
of a BERT sequence classifier exported from transformers (input_ids, attention_mask,
token_type_ids -> logits [batch, 1]).

    python3 -m venv /tmp/v && /tmp/v/bin/pip install --no-index --find-links DIR onnx numpy tokenizers
    /tmp/v/bin/python resources/evaluators/make_tiny_cross_encoder.py SOURCE_TOKENIZER_JSON OUT_DIR

SOURCE_TOKENIZER_JSON is a BERT uncased tokenizer.json (all-minilm-l6-v2-tokenizer.json from the
langchain4j jar): a small vocabulary is cut from it so the package stays under 1 MB.
"""
import hashlib
import json
import os
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import WordPiece

HIDDEN, HEADS, LAYERS, FFN, MAX_POS = 32, 2, 2, 64, 512
MAX_LENGTH, MAX_PROMPT_TOKENS = 128, 64


BERT_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
# RoBERTa's names for the same tokens: the NLI variant uses them to cover <s> A </s></s> B </s> inputs.
ROBERTA_SPECIALS = ["<pad>", "<unk>", "<s>", "</s>", "<mask>"]


def small_vocab(source_tokenizer_json, specials=BERT_SPECIALS):
    vocab = json.load(open(source_tokenizer_json, encoding="utf-8"))["model"]["vocab"]
    by_id = sorted(vocab.items(), key=lambda kv: kv[1])
    chars = [t for t, i in by_id if len(t) == 1 and t.isascii()]
    subword_chars = [t for t, i in by_id if t.startswith("##") and len(t) == 3 and t[2].isascii()]
    words = [t for t, i in by_id if 1996 <= i < 3500 and not t.startswith("##")]
    out = []
    for t in specials + chars + subword_chars + words:
        if t not in out:
            out.append(t)
    return {t: i for i, t in enumerate(out)}


def make_tokenizer(vocab, roberta=False):
    unk, cls, sep = ("<unk>", "<s>", "</s>") if roberta else ("[UNK]", "[CLS]", "[SEP]")
    tok = Tokenizer(WordPiece(vocab, unk_token=unk, max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                strip_accents=None, lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    pair = f"{cls} $A {sep} {sep} $B {sep}" if roberta else f"{cls} $A {sep} $B:1 {sep}:1"
    tok.post_processor = processors.TemplateProcessing(
        single=f"{cls} $A {sep}", pair=pair, special_tokens=[(cls, vocab[cls]), (sep, vocab[sep])])
    tok.decoder = decoders.WordPiece(prefix="##")
    return tok


def make_model(vocab_size, seed=20240601, token_types=True, classes=1):
    rng = np.random.default_rng(seed)
    inits, nodes = [], []

    def w(name, *shape, std=0.3):
        inits.append(numpy_helper.from_array(rng.normal(0, std, shape).astype(np.float32), name))
        return name

    def const(name, value, dtype=np.float32):
        inits.append(numpy_helper.from_array(np.array(value, dtype=dtype), name))
        return name

    def node(op, inputs, out, **attrs):
        nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def ln(x, prefix):
        const(prefix + ".g", np.ones(HIDDEN)), const(prefix + ".b", np.zeros(HIDDEN))
        return node("LayerNormalization", [x, prefix + ".g", prefix + ".b"], prefix + ".out", axis=-1, epsilon=1e-12)

    def dense(x, prefix, n_in, n_out):
        w(prefix + ".w", n_in, n_out), w(prefix + ".bias", n_out, std=0.05)
        return node("Add", [node("MatMul", [x, prefix + ".w"], prefix + ".mm"), prefix + ".bias"], prefix + ".out")

    w("emb.word", vocab_size, HIDDEN), w("emb.pos", MAX_POS, HIDDEN), w("emb.type", 2, HIDDEN)
    const("zero", 0, np.int64), const("one", 1, np.int64)
    seq = node("Gather", [node("Shape", ["input_ids"], "shape"), "one"], "seq_len", axis=0)
    pos_ids = node("Unsqueeze", [node("Range", ["zero", seq, "one"], "pos_range"), const("ax0", [0], np.int64)], "pos_ids")
    word = node("Gather", ["emb.word", "input_ids"], "e_word")
    if token_types:
        word = node("Add", [word, node("Gather", ["emb.type", "token_type_ids"], "e_type")], "e_sum")
    x = node("Add", [word, node("Gather", ["emb.pos", pos_ids], "e_pos")], "e_all")
    x = ln(x, "emb.ln")

    mask = node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    mask = node("Mul", [node("Sub", [const("f1", 1.0), mask], "mask_inv"), const("neg", -10000.0)], "mask_add")
    mask = node("Unsqueeze", [mask, const("ax12", [1, 2], np.int64)], "mask_4d")
    head_dim = HIDDEN // HEADS
    const("split_shape", [0, 0, HEADS, head_dim], np.int64), const("merge_shape", [0, 0, HIDDEN], np.int64)
    const("scale", 1.0 / np.sqrt(head_dim))
    for l in range(LAYERS):
        p = f"l{l}"
        def heads(name, perm):
            return node("Transpose", [node("Reshape", [dense(x, f"{p}.{name}", HIDDEN, HIDDEN), "split_shape"],
                                           f"{p}.{name}.split")], f"{p}.{name}.t", perm=perm)
        q, k, v = heads("q", [0, 2, 1, 3]), heads("k", [0, 2, 3, 1]), heads("v", [0, 2, 1, 3])
        s = node("Add", [node("Mul", [node("MatMul", [q, k], f"{p}.qk"), "scale"], f"{p}.qk_s"), mask], f"{p}.scores")
        ctx = node("MatMul", [node("Softmax", [s], f"{p}.probs", axis=-1), v], f"{p}.ctx")
        ctx = node("Reshape", [node("Transpose", [ctx], f"{p}.ctx_t", perm=[0, 2, 1, 3]), "merge_shape"], f"{p}.ctx_m")
        x = ln(node("Add", [dense(ctx, f"{p}.o", HIDDEN, HIDDEN), x], f"{p}.res1"), f"{p}.ln1")
        h = dense(x, f"{p}.ffn1", HIDDEN, FFN)
        erf = node("Erf", [node("Mul", [h, const(f"{p}.rs2", 1 / np.sqrt(2))], f"{p}.hs")], f"{p}.erf")
        gelu = node("Mul", [node("Mul", [h, const(f"{p}.half", 0.5)], f"{p}.hh"),
                            node("Add", [erf, "f1"], f"{p}.erf1")], f"{p}.gelu")
        x = ln(node("Add", [dense(gelu, f"{p}.ffn2", FFN, HIDDEN), x], f"{p}.res2"), f"{p}.ln2")
    cls = node("Gather", [x, "zero"], "cls", axis=1)
    pooled = node("Tanh", [dense(cls, "pool", HIDDEN, HIDDEN)], "pooled")
    logits = dense(pooled, "classifier", HIDDEN, classes)
    nodes.append(helper.make_node("Identity", [logits], ["logits"], name="logits_id"))

    ids = lambda n: helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "sequence"])
    graph = helper.make_graph(nodes, "tiny_bert_cross_encoder",
                              [ids("input_ids"), ids("attention_mask")] + ([ids("token_type_ids")] if token_types else []),
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", classes])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="poq-tiny")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def f64hex(x):
    return struct.pack(">d", float(x)).hex()


# The rule versions and runtime versions the Java build writes into the id (docs/evaluator.md).
GUARD_RULES, RESIDUAL_RULES, AGREEMENT_RULES = 5, 2, 3
AGREEMENT = "gate=3000 duplicate_percent=80 weight_permille=1000 copy_percent=75 lift_cap=1500 core_permille=100"
ONNXRUNTIME, DJL_TOKENIZERS = "1.29.0", "0.38.0"


def evaluator_id(folder, config):
    """The evaluator id as docs/evaluator.md defines it, computed independently of the Java code."""
    sha = lambda name: hashlib.sha256(open(os.path.join(folder, name), "rb").read()).hexdigest()
    head = config["head"]
    guard = config.get("guard", {"minDistinctRatio": 0.35, "maxEchoRatio": 0.8, "minScriptShare": 0.3, "cap": 500})
    text = ("poq-evaluator v2\n"
            f"model {sha('model.onnx')}\n"
            f"tokenizer {sha('tokenizer.json')}\n"
            f"kind {config['kind']}\n"
            f"max_length {config['maxLength']}\n"
            f"max_prompt_tokens {config['maxPromptTokens']}\n"
            + (f"head {head['type']} scale={f64hex(head['scale'])} bias={f64hex(head['bias'])}\n"
               if head["type"] == "logistic" else f"head softmax class={head['class']}\n") +
            "cut prompt=first answer=first\n"
            f"guard rules={GUARD_RULES} min_distinct_ratio={f64hex(guard['minDistinctRatio'])}"
            f" max_echo_ratio={f64hex(guard['maxEchoRatio'])}"
            f" min_script_share={f64hex(guard['minScriptShare'])} cap={guard['cap']}\n"
            f"relevance residual rules={RESIDUAL_RULES} combine=min\n"
            f"agreement lexical rules={AGREEMENT_RULES} {AGREEMENT}\n"
            f"runtime onnxruntime={ONNXRUNTIME} tokenizers=djl-{DJL_TOKENIZERS}\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main(source_tokenizer_json, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    vocab = small_vocab(source_tokenizer_json)
    make_tokenizer(vocab).save(os.path.join(out_dir, "tokenizer.json"))
    onnx.save(make_model(len(vocab)), os.path.join(out_dir, "model.onnx"))
    config = {"format": 1, "name": "tiny-random-cross-encoder", "kind": "cross",
              "maxLength": MAX_LENGTH, "maxPromptTokens": MAX_PROMPT_TOKENS,
              "head": {"type": "logistic", "scale": 1.0, "bias": 0.0},
              "guard": {"minDistinctRatio": 0.35, "maxEchoRatio": 0.8, "minScriptShare": 0.3, "cap": 500}}
    with open(os.path.join(out_dir, "evaluator.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    with open(out_dir.rstrip("/") + ".id", "w") as f:
        f.write(evaluator_id(out_dir, config) + "\n")


def main_nli(source_tokenizer_json, out_dir):
    """tiny-nli: no token_type_ids, RoBERTa-style special tokens, three logits read as a softmax class."""
    os.makedirs(out_dir, exist_ok=True)
    vocab = small_vocab(source_tokenizer_json, ROBERTA_SPECIALS)
    make_tokenizer(vocab, roberta=True).save(os.path.join(out_dir, "tokenizer.json"))
    onnx.save(make_model(len(vocab), seed=20261201, token_types=False, classes=3), os.path.join(out_dir, "model.onnx"))
    config = {"format": 1, "name": "tiny-random-nli", "kind": "cross",
              "maxLength": MAX_LENGTH, "maxPromptTokens": MAX_PROMPT_TOKENS,
              "head": {"type": "softmax", "class": 0}}
    with open(os.path.join(out_dir, "evaluator.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    with open(out_dir.rstrip("/") + ".id", "w") as f:
        f.write(evaluator_id(out_dir, config) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "--nli":
        main_nli(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "--id-only":
        # Recompute the .id file of an existing package (the rules or runtime versions changed, not the files).
        folder = sys.argv[2]
        with open(os.path.join(folder, "evaluator.json"), encoding="utf-8") as f:
            cfg = json.load(f)
        with open(folder.rstrip("/") + ".id", "w") as f:
            f.write(evaluator_id(folder, cfg) + "\n")
    else:
        main(sys.argv[1], sys.argv[2])
