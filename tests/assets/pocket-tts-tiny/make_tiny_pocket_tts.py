#!/usr/bin/python3
"""Generates the tiny Pocket TTS test bundle (ONNX-CONTRACT.md section 4).

The graphs reproduce the real bundle's tensor names, dtypes, ranks and state plumbing with trivial
arithmetic, so the C# runtime can be tested without the real weights. Run with Debian's python3-onnx
(1.12) and python3-sentencepiece:  /usr/bin/python3 make_tiny_pocket_tts.py
"""

import hashlib
import json
import os
import random
import shutil
import struct

import numpy as np
import onnx
import sentencepiece as spm
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))

OPSET = 17
IR_VERSION = 8  # onnx 1.12 writes IR 8; ORT 1.31 reads it.

LATENT_DIM = 4
CONDITIONING_DIM = 8
SAMPLES_PER_FRAME = 16
MAX_TOKEN_PER_CHUNK = 8
VOCAB_SIZE = 120

FLOW_LAYERS = 2
FLOW_CACHE_SHAPE = [2, 1, 32, 2, 2]  # [K/V, batch, positions, heads, head dim]
MIMI_CACHE_SHAPE = [2, 1, 2, 8, 2]  # [K/V, batch, heads, positions, head dim]

# flow_lm_main: eos_logit = step_out - EOS_STEP_OFFSET, so the EOS rule (logit > -4) first fires on the
# AR step whose step_out exceeds EOS_STEP_OFFSET - 4.
EOS_STEP_OFFSET = 24
# flow_lm_main: conditioning = [sum of the BOS-substituted sequence rows, then zeros] * 0.5
#                               + STEP_GAIN * step_out of layer 0 in every column.
STEP_GAIN = 0.125
BOS_LATENT_VALUE = 0.25
BOS_BEFORE_VOICE_VALUE = -1.0


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def save_model(graph, name, variant):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="make_tiny_pocket_tts.py")
    model.ir_version = IR_VERSION
    helper.set_model_props(model, {"tiny_variant": variant})
    onnx.checker.check_model(model)
    write(name, model.SerializeToString())


def const_i64(name, values):
    return helper.make_node("Constant", [], [name],
                            value=helper.make_tensor(name + "_v", TensorProto.INT64, [len(values)], values))


def const_f32(name, array):
    array = np.asarray(array, dtype=np.float32)
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(array, name + "_v"))


def dim_of(tensor, axis, out):
    """int64 [1] holding tensor.shape[axis] (Shape with start/end, opset 15+)."""
    return helper.make_node("Shape", [tensor], [out], start=axis, end=axis + 1)


# ---------------------------------------------------------------- tokenizer

def make_tokenizer():
    rng = random.Random(7)
    words = ("hello world this is a small test of the tiny pocket voice model we speak short clear "
             "sentences with numbers one two three and names like anna ben clara every day").split()
    enders = [".", "!", "?", "..."]
    lines = []
    for _ in range(600):
        clauses = []
        for _ in range(rng.randint(1, 3)):
            clauses.append(" ".join(rng.choice(words) for _ in range(rng.randint(2, 7))))
        sentence = rng.choice([",", ";", ":"]).join(" " + c if i else c for i, c in enumerate(clauses))
        lines.append(sentence[0].upper() + sentence[1:] + rng.choice(enders))
    corpus = os.path.join(HERE, "_corpus.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    try:
        spm.SentencePieceTrainer.train(
            input=corpus, model_prefix=os.path.join(HERE, "tokenizer"), model_type="unigram",
            vocab_size=VOCAB_SIZE, user_defined_symbols=[".", "!", "?", ",", ";", ":"],
            character_coverage=1.0, num_threads=1, normalization_rule_name="identity", seed_sentencepiece_size=10000,
            unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2)
    finally:
        os.remove(corpus)
        os.remove(os.path.join(HERE, "tokenizer.vocab"))


# ---------------------------------------------------------------- npy

def make_bos_npy():
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, %d), }" % CONDITIONING_DIM
    # Magic (6) + version (2) + length (2) + header + '\n' is padded with spaces to a multiple of 64.
    total = 10 + len(header) + 1
    header += " " * ((64 - total % 64) % 64) + "\n"
    payload = np.full(CONDITIONING_DIM, BOS_BEFORE_VOICE_VALUE, dtype="<f4").tobytes()
    write("bos_before_voice.npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1")
          + payload)


# ---------------------------------------------------------------- manifests

def flow_manifest():
    entries = []
    for layer in range(FLOW_LAYERS):
        module = "transformer.layers.%d.self_attn" % layer
        for key, dtype, fill, shape in (("cache", "float32", "nan", FLOW_CACHE_SHAPE),
                                        ("current_end", "float32", "empty", [0]),
                                        ("step", "int64", "zeros", [1])):
            index = len(entries)
            entries.append({"index": index, "input_name": "state_%d" % index, "output_name": "out_state_%d" % index,
                            "module": module, "key": key, "dtype": dtype, "fill": fill, "shape": shape})
    return entries


def mimi_manifest():
    kinds = (("decoder.model.0.conv", "first", "bool", "ones", [1]),
             ("decoder.model.0.conv", "previous", "float32", "empty", [1, 3, 0]),
             ("decoder.model.2.convtr", "partial", "float32", "zeros", [1, 4, 2]),
             ("decoder_transformer.layers.0.self_attn", "cache", "float32", "zeros", MIMI_CACHE_SHAPE),
             ("decoder_transformer.layers.0.self_attn", "end_offset", "int64", "zeros", [1]),
             ("decoder_transformer.layers.0.self_attn", "offset", "int64", "zeros", [1]))
    entries = [{"index": i, "input_name": "state_%d" % i, "output_name": "out_state_%d" % i,
                "module": module, "key": key, "dtype": dtype, "fill": fill, "shape": shape}
               for i, (module, key, dtype, fill, shape) in enumerate(kinds)]
    # Listed out of index order on purpose: the runtime must map states by index/name, not by list position.
    return [entries[i] for i in (3, 0, 5, 1, 4, 2)]


ONNX_TYPES = {"float32": TensorProto.FLOAT, "int64": TensorProto.INT64, "bool": TensorProto.BOOL}


def state_io(manifest):
    ordered = sorted(manifest, key=lambda e: e["index"])
    inputs = [helper.make_tensor_value_info(e["input_name"], ONNX_TYPES[e["dtype"]], e["shape"]) for e in ordered]
    outputs = [helper.make_tensor_value_info(e["output_name"], ONNX_TYPES[e["dtype"]], e["shape"]) for e in ordered]
    return ordered, inputs, outputs


# ---------------------------------------------------------------- graphs

def text_conditioner():
    table = np.array([[(row % 7) * 0.1 + col * 0.01 for col in range(CONDITIONING_DIM)]
                      for row in range(VOCAB_SIZE + 1)], dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "token_ids"], ["embeddings"], axis=0)],
        "text_conditioner",
        [helper.make_tensor_value_info("token_ids", TensorProto.INT64, [1, "seq_len"])],
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, [1, "seq_len", CONDITIONING_DIM])],
        [numpy_helper.from_array(table, "table")])
    return graph


def mimi_encoder():
    hop = SAMPLES_PER_FRAME
    projection = np.full((hop, CONDITIONING_DIM), 1.0 / hop, dtype=np.float32)
    nodes = [
        dim_of("audio", 2, "n"),
        const_i64("hop", [hop]),
        helper.make_node("Mod", ["n", "hop"], ["n_mod"]),
        helper.make_node("Sub", ["hop", "n_mod"], ["hop_minus"]),
        helper.make_node("Mod", ["hop_minus", "hop"], ["pad_right"]),
        const_i64("zeros5", [0, 0, 0, 0, 0]),
        helper.make_node("Concat", ["zeros5", "pad_right"], ["pads"], axis=0),
        helper.make_node("Pad", ["audio", "pads"], ["padded"]),
        helper.make_node("Add", ["n", "pad_right"], ["n_padded"]),
        helper.make_node("Div", ["n_padded", "hop"], ["frames"]),
        const_i64("one", [1]),
        helper.make_node("Concat", ["one", "frames", "hop"], ["frame_shape"], axis=0),
        helper.make_node("Reshape", ["padded", "frame_shape"], ["framed"]),
        helper.make_node("MatMul", ["framed", "projection"], ["latents"]),
    ]
    return helper.make_graph(
        nodes, "mimi_encoder",
        [helper.make_tensor_value_info("audio", TensorProto.FLOAT, [1, 1, "audio_len"])],
        [helper.make_tensor_value_info("latents", TensorProto.FLOAT, [1, "frames", CONDITIONING_DIM])],
        [numpy_helper.from_array(projection, "projection")])


def flow_lm_main():
    manifest, state_inputs, state_outputs = state_io(flow_manifest())
    widen = np.zeros((LATENT_DIM, CONDITIONING_DIM), dtype=np.float32)
    widen[:, :LATENT_DIM] = 0.5 * np.eye(LATENT_DIM, dtype=np.float32)
    nodes = [
        dim_of("sequence", 1, "seq_len"),
        dim_of("text_embeddings", 1, "text_len"),
        helper.make_node("Add", ["seq_len", "text_len"], ["advance"]),
        const_f32("bos", np.full((1, 1, LATENT_DIM), BOS_LATENT_VALUE)),
        helper.make_node("IsNaN", ["sequence"], ["is_bos"]),
        helper.make_node("Where", ["is_bos", "bos", "sequence"], ["sequence_bos"]),
        const_i64("axis1", [1]),
        helper.make_node("ReduceSum", ["sequence_bos", "axis1"], ["row_sum"], keepdims=0),
        helper.make_node("MatMul", ["row_sum", "widen"], ["widened"]),
    ]
    for entry in manifest:
        if entry["key"] == "step":
            nodes.append(helper.make_node("Add", [entry["input_name"], "advance"], [entry["output_name"]]))
        else:
            nodes.append(helper.make_node("Identity", [entry["input_name"]], [entry["output_name"]]))
    first_step = next(e["output_name"] for e in manifest if e["key"] == "step")
    nodes += [
        helper.make_node("Cast", [first_step], ["step_f"], to=TensorProto.FLOAT),
        const_f32("gain", [STEP_GAIN]),
        helper.make_node("Mul", ["step_f", "gain"], ["step_term"]),
        helper.make_node("Add", ["widened", "step_term"], ["conditioning"]),
        const_f32("eos_offset", [EOS_STEP_OFFSET]),
        helper.make_node("Sub", ["step_f", "eos_offset"], ["eos_flat"]),
        const_i64("eos_shape", [1, 1]),
        helper.make_node("Reshape", ["eos_flat", "eos_shape"], ["eos_logit"]),
    ]
    inputs = [helper.make_tensor_value_info("sequence", TensorProto.FLOAT, [1, "seq_len", LATENT_DIM]),
              helper.make_tensor_value_info("text_embeddings", TensorProto.FLOAT, [1, "text_len", CONDITIONING_DIM])]
    outputs = [helper.make_tensor_value_info("conditioning", TensorProto.FLOAT, [1, CONDITIONING_DIM]),
               helper.make_tensor_value_info("eos_logit", TensorProto.FLOAT, [1, 1])]
    return helper.make_graph(nodes, "flow_lm_main", inputs + state_inputs, outputs + state_outputs,
                             [numpy_helper.from_array(widen, "widen")])


def flow_lm_flow():
    nodes = [
        const_i64("starts", [0]),
        const_i64("ends", [LATENT_DIM]),
        const_i64("axes", [1]),
        helper.make_node("Slice", ["c", "starts", "ends", "axes"], ["c_latent"]),
        helper.make_node("Sub", ["t", "s"], ["dt"]),
        helper.make_node("Mul", ["c_latent", "dt"], ["drift"]),
        # x takes part with weight 0 so the input stays wired like the real graph's.
        const_f32("zero", [0.0]),
        helper.make_node("Mul", ["x", "zero"], ["x_zero"]),
        helper.make_node("Add", ["drift", "x_zero"], ["flow_dir"]),
    ]
    return helper.make_graph(
        nodes, "flow_lm_flow",
        [helper.make_tensor_value_info("c", TensorProto.FLOAT, ["batch", CONDITIONING_DIM]),
         helper.make_tensor_value_info("s", TensorProto.FLOAT, ["batch", 1]),
         helper.make_tensor_value_info("t", TensorProto.FLOAT, ["batch", 1]),
         helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", LATENT_DIM])],
        [helper.make_tensor_value_info("flow_dir", TensorProto.FLOAT, ["batch", LATENT_DIM])])


def mimi_decoder():
    manifest, state_inputs, state_outputs = state_io(mimi_manifest())
    synthesis = np.array([[0.01 * (k + 1) * (1 if j % 2 == 0 else -1) for j in range(SAMPLES_PER_FRAME)]
                          for k in range(LATENT_DIM)], dtype=np.float32)
    nodes = [
        dim_of("latent", 1, "frames"),
        const_i64("spf", [SAMPLES_PER_FRAME]),
        helper.make_node("Mul", ["frames", "spf"], ["samples"]),
        const_i64("one_one", [1, 1]),
        helper.make_node("Concat", ["one_one", "samples"], ["audio_shape"], axis=0),
        helper.make_node("MatMul", ["latent", "synthesis"], ["per_frame"]),
        helper.make_node("Reshape", ["per_frame", "audio_shape"], ["audio_frame"]),
        const_i64("inner_rate", [16]),
        helper.make_node("Mul", ["frames", "inner_rate"], ["offset_advance"]),
        helper.make_node("Constant", [], ["false"],
                         value=helper.make_tensor("false_v", TensorProto.BOOL, [1], [False])),
    ]
    for entry in manifest:
        if entry["dtype"] == "int64":
            nodes.append(helper.make_node("Add", [entry["input_name"], "offset_advance"], [entry["output_name"]]))
        elif entry["dtype"] == "bool":
            nodes.append(helper.make_node("And", [entry["input_name"], "false"], [entry["output_name"]]))
        else:
            nodes.append(helper.make_node("Identity", [entry["input_name"]], [entry["output_name"]]))
    return helper.make_graph(
        nodes, "mimi_decoder",
        [helper.make_tensor_value_info("latent", TensorProto.FLOAT, [1, "seq_len", LATENT_DIM])] + state_inputs,
        [helper.make_tensor_value_info("audio_frame", TensorProto.FLOAT, [1, 1, "samples"])] + state_outputs,
        [numpy_helper.from_array(synthesis, "synthesis")])


# ---------------------------------------------------------------- bundle + file table

def make_bundle():
    bundle = {
        "schema_version": 2,
        "bundle_name": "tiny_test",
        "sample_rate": 24000,
        "frame_rate": 12.5,
        "samples_per_frame": SAMPLES_PER_FRAME,
        "latent_dim": LATENT_DIM,
        "conditioning_dim": CONDITIONING_DIM,
        "max_token_per_chunk": MAX_TOKEN_PER_CHUNK,
        "insert_bos_before_voice": True,
        "tokenizer_file": "tokenizer.model",
        "bos_before_voice_file": "bos_before_voice.npy",
        "pad_with_spaces_for_short_inputs": False,
        "remove_semicolons": False,
        "model_recommended_frames_after_eos": None,
        "predefined_voices": [],
        "flow_lm_state_manifest": flow_manifest(),
        "mimi_state_manifest": mimi_manifest(),
    }
    write("bundle.json", (json.dumps(bundle, indent=2) + "\n").encode("utf-8"))


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def make_file_table():
    common = ["bundle.json", "bos_before_voice.npy", "tokenizer.model", "mimi_encoder.onnx", "text_conditioner.onnx"]
    int8 = ["flow_lm_main_int8.onnx", "flow_lm_flow_int8.onnx", "mimi_decoder_int8.onnx"]
    fp32 = ["flow_lm_main.onnx", "flow_lm_flow.onnx", "mimi_decoder.onnx"]
    files = []
    for variant, names in (("common", common), ("int8", int8), ("fp32", fp32)):
        for name in names:
            path = os.path.join(HERE, name)
            files.append({"file": name, "variant": variant, "bytes": os.path.getsize(path), "sha256": sha256_of(path)})
    table = {"bundle_name": "tiny_test", "source": "generated by make_tiny_pocket_tts.py", "files": files}
    write("MODEL-FILES.tiny.json", (json.dumps(table, indent=2) + "\n").encode("utf-8"))


def make_wrong_hash_copy():
    """Same size as text_conditioner.onnx, one byte different: only a sha256 check can catch it."""
    data = bytearray(open(os.path.join(HERE, "text_conditioner.onnx"), "rb").read())
    data[-1] ^= 0xFF
    os.makedirs(os.path.join(HERE, "wrong-hash"), exist_ok=True)
    write(os.path.join("wrong-hash", "text_conditioner.onnx"), bytes(data))


def main():
    make_tokenizer()
    make_bos_npy()
    save_model(text_conditioner(), "text_conditioner.onnx", "fp32")
    save_model(mimi_encoder(), "mimi_encoder.onnx", "fp32")
    for stem, build in (("flow_lm_main", flow_lm_main), ("flow_lm_flow", flow_lm_flow), ("mimi_decoder", mimi_decoder)):
        save_model(build(), stem + ".onnx", "fp32")
        save_model(build(), stem + "_int8.onnx", "int8")
    make_bundle()
    make_file_table()
    make_wrong_hash_copy()


if __name__ == "__main__":
    main()
