#!/usr/bin/python3
"""Writes slow/mimi_encoder.onnx: the tiny encoder with the same inputs and outputs, made slow on purpose.

A Loop of 5,000,000 steps (a 128x128 MatMul and Tanh each, seeded from the audio so nothing can be folded away)
runs before the real result, whose value it does not change. Tests cancel it to prove that cancelling stops a
run inside ONNX Runtime (RunOptions.Terminate). Run with Debian's python3-onnx: /usr/bin/python3 make_slow_encoder.py
"""

import os

import numpy as np
from onnx import TensorProto, helper, numpy_helper

import make_tiny_pocket_tts as tiny

STEPS = 5_000_000
SIZE = 128


def slow_encoder():
    graph = tiny.mimi_encoder()
    for node in graph.node:
        node.output[:] = ["fast_latents" if name == "latents" else name for name in node.output]
    weights = (np.eye(SIZE, dtype=np.float32) * 0.5) + 0.001
    body = helper.make_graph(
        [helper.make_node("Identity", ["cond_in"], ["cond_out"]),
         helper.make_node("MatMul", ["x_in", "weights"], ["product"]),
         helper.make_node("Tanh", ["product"], ["x_out"])],
        "busy_step",
        [helper.make_tensor_value_info("step", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("x_in", TensorProto.FLOAT, [SIZE, SIZE])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
         helper.make_tensor_value_info("x_out", TensorProto.FLOAT, [SIZE, SIZE])])
    graph.node.extend([
        helper.make_node("ReduceSum", ["audio"], ["audio_sum"], keepdims=0),
        tiny.const_i64("square", [SIZE, SIZE]),
        helper.make_node("Expand", ["audio_sum", "square"], ["start"]),
        helper.make_node("Constant", [], ["steps"], value=helper.make_tensor("steps_v", TensorProto.INT64, [], [STEPS])),
        helper.make_node("Constant", [], ["go"], value=helper.make_tensor("go_v", TensorProto.BOOL, [], [True])),
        helper.make_node("Loop", ["steps", "go", "start"], ["busy"], body=body),
        helper.make_node("ReduceSum", ["busy"], ["busy_sum"], keepdims=0),
        tiny.const_f32("nothing", [0.0]),
        helper.make_node("Mul", ["busy_sum", "nothing"], ["zero"]),
        helper.make_node("Add", ["fast_latents", "zero"], ["latents"]),
    ])
    graph.initializer.append(numpy_helper.from_array(weights, "weights"))
    return graph


if __name__ == "__main__":
    os.makedirs(os.path.join(tiny.HERE, "slow"), exist_ok=True)
    tiny.save_model(slow_encoder(), os.path.join("slow", "mimi_encoder.onnx"), "fp32")
