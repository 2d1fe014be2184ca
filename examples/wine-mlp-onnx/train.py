#!/usr/bin/env python3
"""Train the wine PyTorch MLP example, export it to ONNX and write every artifact next to
this file.

Run with Debian's Python (sklearn 1.2, torch 1.13, onnx 1.12):
    /usr/bin/python3 examples/wine-mlp-onnx/train.py

Writes: model.onnx, signature.yaml, golden.jsonl, request.json, rows.csv, manifest.yaml.
Deterministic: fixed seeds, single thread; reruns produce identical bytes.
"""
import json
import os

import numpy as np
import onnx
import torch
from sklearn.datasets import load_wine
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "wine"
TOLERANCE = {"absolute": 1e-5, "relative": 1e-4}
EPOCHS = 300
LEARNING_RATE = 0.001  # Adam default; keeps the probabilities away from 0 and 1


def path(name):
    return os.path.join(HERE, name)


def f32_list(values):
    """float32 values as Python floats: their repr round-trips to the same float32."""
    return [float(np.float32(v)) for v in np.asarray(values, dtype=np.float32).ravel()]


def raw_list(values):
    """Raw dataset values (shortest repr of the float64), for human-facing files."""
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"))


def write(name, text):
    with open(path(name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


class Standardize(torch.nn.Module):
    """Fixed (x - mean) / std with the training-split statistics, stored as buffers."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32))

    def forward(self, x):
        return (x - self.mean) / self.std


class WineMLP(torch.nn.Module):
    """Raw 13 features in; class probabilities and the most likely class out."""

    def __init__(self, mean, std):
        super().__init__()
        self.standardize = Standardize(mean, std)
        self.hidden = torch.nn.Linear(13, 16)
        self.relu = torch.nn.ReLU()
        self.out = torch.nn.Linear(16, 3)

    def logits(self, x):
        return self.out(self.relu(self.hidden(self.standardize(x))))

    def forward(self, x):
        probabilities = torch.softmax(self.logits(x), dim=1)
        label = torch.argmax(probabilities, dim=1)
        return probabilities, label


def onnx_signature(model_proto):
    """(name, datatype, shape) of the graph inputs and outputs; -1 for symbolic dims."""
    types = {onnx.TensorProto.FLOAT: "FP32", onnx.TensorProto.INT64: "INT64"}

    def describe(value):
        t = value.type.tensor_type
        dims = [d.dim_value if d.HasField("dim_value") else -1 for d in t.shape.dim]
        return value.name, types[t.elem_type], dims

    initializers = {i.name for i in model_proto.graph.initializer}
    inputs = [describe(v) for v in model_proto.graph.input if v.name not in initializers]
    outputs = [describe(v) for v in model_proto.graph.output]
    return inputs, outputs


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    X, y = load_wine(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, stratify=y, random_state=0)
    X_train32 = X_train.astype(np.float32)
    X_test32 = X_test.astype(np.float32)

    mean = X_train32.mean(axis=0)
    std = X_train32.std(axis=0)
    model = WineMLP(mean, std)

    xs = torch.from_numpy(X_train32)
    ys = torch.from_numpy(y_train.astype(np.int64))
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    for _ in range(EPOCHS):  # full batch
        optimizer.zero_grad()
        loss = loss_fn(model.logits(xs), ys)
        loss.backward()
        optimizer.step()

    model.eval()

    def forward(rows):
        with torch.no_grad():
            probabilities, label = model(torch.from_numpy(np.asarray(rows, dtype=np.float32)))
        return probabilities.numpy(), label.numpy()

    _, train_label = forward(X_train32)
    _, test_label = forward(X_test32)
    train_accuracy = accuracy_score(y_train, train_label)
    accuracy = accuracy_score(y_test, test_label)
    print(f"{NAME}: train={len(X_train)} test={len(X_test)} final loss={loss.item():.4f} "
          f"train accuracy={train_accuracy:.4f} test accuracy={accuracy:.4f}")
    assert accuracy > 0.9, accuracy

    example = torch.from_numpy(X_test32[:2])
    torch.onnx.export(
        model, example, path("model.onnx"),
        input_names=["input"], output_names=["probabilities", "label"],
        dynamic_axes={"input": {0: "batch"}, "probabilities": {0: "batch"},
                      "label": {0: "batch"}},
        opset_version=13)
    model_proto = onnx.load(path("model.onnx"))
    onnx.checker.check_model(model_proto)

    signature = (
        [("input", "FP32", [-1, 13])],
        [("probabilities", "FP32", [-1, 3]), ("label", "INT64", [-1])],
    )
    declared = onnx_signature(model_proto)
    assert declared == signature, f"ONNX declares {declared}, expected {signature}"
    write("signature.yaml",
          "inputs:\n"
          "  - name: input\n"
          "    datatype: FP32\n"
          "    shape: [-1, 13]\n"
          "outputs:\n"
          "  - name: probabilities\n"
          "    datatype: FP32\n"
          "    shape: [-1, 3]\n"
          "  - name: label\n"
          "    datatype: INT64\n"
          "    shape: [-1]\n")

    def golden(name, rows, outputs=("probabilities", "label")):
        rows = np.asarray(rows, dtype=np.float32)
        probabilities, label = forward(rows)
        expected = {
            "probabilities": {"name": "probabilities", "datatype": "FP32",
                              "shape": list(probabilities.shape),
                              "data": f32_list(probabilities)},
            "label": {"name": "label", "datatype": "INT64", "shape": list(label.shape),
                      "data": [int(v) for v in label]},
        }
        return {
            "name": name,
            "request": {"inputs": [{"name": "input", "datatype": "FP32",
                                    "shape": list(rows.shape), "data": f32_list(rows)}]},
            "expected": {"outputs": [expected[o] for o in outputs]},
            "tolerance": TOLERANCE,
        }

    examples = [
        golden("single-row", X_test32[:1]),
        golden("test-batch-6", X_test32[:6]),
        golden("label-only-4", X_test32[6:10], outputs=("label",)),
    ]
    write("golden.jsonl", "".join(dumps(e) + "\n" for e in examples))

    request = {"inputs": [{"name": "input", "datatype": "FP32", "shape": [2, 13],
                           "data": raw_list(X_test[:2])}]}
    write("request.json", dumps(request) + "\n")
    write("rows.csv", "".join(",".join(repr(v) for v in raw_list(r)) + "\n" for r in X_test[:3]))

    write("manifest.yaml", f"""\
apiVersion: slipway.dev/v1
kind: Model
metadata:
  name: {NAME}
spec:
  description: Small PyTorch MLP classifying wines into three cultivars from 13 chemical measurements
  tags: {{team: demo}}
  version:
    file: model.onnx
    format: onnx
    signature: signature.yaml
    golden: golden.jsonl
    description: 13-16-3 MLP with built-in standardization, softmax and argmax; test accuracy {accuracy:.4f}
    tags: {{framework: torch-{torch.__version__.split('+')[0]}, opset: "13"}}
    lineage: {{dataset: sklearn.datasets.load_wine, trainingScript: train.py}}
    aliases: [champion]
---
apiVersion: slipway.dev/v1
kind: Endpoint
metadata:
  name: {NAME}
spec:
  model: {NAME}@champion
  copies: 1
  resources: {{cores: 1, memory: 512Mi}}
  timeout: 5s
""")


if __name__ == "__main__":
    main()
