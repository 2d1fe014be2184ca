#!/usr/bin/python3
"""Writes the tiny ONNX models the ONNX runtime tests use, next to this script.

Run with Debian's Python and its packaged onnx (apt-get install -y python3-onnx):

    /usr/bin/python3 slipway-runtime-onnx/src/test/resources/make_test_models.py

The outputs are committed, so tests never need Python. The script is deterministic: running it
again rewrites the same bytes.
"""
import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = [helper.make_opsetid("", 13)]

# Identity models: one input 'x' and one output 'y' of the same type, shape [batch, 2].
IDENTITY_TYPES = {
    "bool": TensorProto.BOOL,
    "int8": TensorProto.INT8,
    "uint8": TensorProto.UINT8,
    "int16": TensorProto.INT16,
    "uint16": TensorProto.UINT16,
    "int32": TensorProto.INT32,
    "uint32": TensorProto.UINT32,
    "int64": TensorProto.INT64,
    "uint64": TensorProto.UINT64,
    "fp16": TensorProto.FLOAT16,
    "fp32": TensorProto.FLOAT,
    "fp64": TensorProto.DOUBLE,
    "string": TensorProto.STRING,
}


def save(model, name):
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name))


def identity(suffix, element_type):
    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])],
        "identity_" + suffix,
        [helper.make_tensor_value_info("x", element_type, ["batch", 2])],
        [helper.make_tensor_value_info("y", element_type, ["batch", 2])],
    )
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="slipway-tests"),
         "identity_" + suffix + ".onnx")


def cast_to_unsigned():
    """Signed inputs cast to unsigned outputs: the Java API can read unsigned tensors, not write them."""
    graph = helper.make_graph(
        [
            helper.make_node("Cast", ["small"], ["as_uint16"], to=TensorProto.UINT16),
            helper.make_node("Cast", ["small"], ["as_uint32"], to=TensorProto.UINT32),
            helper.make_node("Cast", ["large"], ["as_uint64"], to=TensorProto.UINT64),
        ],
        "cast_to_unsigned",
        [
            helper.make_tensor_value_info("small", TensorProto.INT32, ["batch"]),
            helper.make_tensor_value_info("large", TensorProto.INT64, ["batch"]),
        ],
        [
            helper.make_tensor_value_info("as_uint16", TensorProto.UINT16, ["batch"]),
            helper.make_tensor_value_info("as_uint32", TensorProto.UINT32, ["batch"]),
            helper.make_tensor_value_info("as_uint64", TensorProto.UINT64, ["batch"]),
        ],
    )
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="slipway-tests"),
         "cast_to_unsigned.onnx")


def gather():
    """Looks indices up in a constant table of 3 values: an index of 3 or more makes ORT fail."""
    table = helper.make_tensor("table", TensorProto.FLOAT, [3], [10.0, 20.0, 30.0])
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "index"], ["value"], axis=0)],
        "gather",
        [helper.make_tensor_value_info("index", TensorProto.INT64, ["batch"])],
        [helper.make_tensor_value_info("value", TensorProto.FLOAT, ["batch"])],
        initializer=[table],
    )
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="slipway-tests"),
         "gather.onnx")


def sequence_output():
    """An output that is a sequence of tensors, which a Slipway signature cannot describe."""
    graph = helper.make_graph(
        [helper.make_node("SequenceConstruct", ["x"], ["items"])],
        "sequence_output",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 2])],
        [helper.make_tensor_sequence_value_info("items", TensorProto.FLOAT, ["batch", 2])],
    )
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="slipway-tests"),
         "sequence_output.onnx")


def flatten_mislabelled():
    """Flattens x [batch, 3] to [batch * 3] but declares the output [batch]: its first dimension is
    not the batch, so buffers sized for [batch] (pinned outputs) do not fit it."""
    shape = helper.make_tensor("shape", TensorProto.INT64, [1], [-1])
    graph = helper.make_graph(
        [helper.make_node("Reshape", ["x", "shape"], ["y"])],
        "flatten_mislabelled",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch"])],
        initializer=[shape],
    )
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="slipway-tests"),
         "flatten_mislabelled.onnx")


if __name__ == "__main__":
    for suffix, element_type in IDENTITY_TYPES.items():
        identity(suffix, element_type)
    cast_to_unsigned()
    gather()
    sequence_output()
    flatten_mislabelled()
