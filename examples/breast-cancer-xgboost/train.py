#!/usr/bin/env python3
"""Train the breast-cancer XGBoost example and write every artifact next to this file.

Run with Debian's Python (sklearn 1.2, xgboost 1.7):
    /usr/bin/python3 examples/breast-cancer-xgboost/train.py

Writes: model.json, signature.yaml, golden.jsonl, request.json, rows.csv, manifest.yaml.
Deterministic: fixed seeds, single-threaded training; reruns produce identical bytes.
"""
import json
import os

import numpy as np
import xgboost
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "breast-cancer"
TOLERANCE = {"absolute": 1e-5, "relative": 1e-4}


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


def main():
    data = load_breast_cancer()
    X, y = data.data, data.target
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, stratify=y, random_state=0)

    model = xgboost.XGBClassifier(
        objective="binary:logistic", n_estimators=50, max_depth=3,
        learning_rate=0.3, random_state=0, n_jobs=1)
    model.fit(X_train, y_train)
    booster = model.get_booster()
    booster.save_model(path("model.json"))

    # Predictions from the library itself, on float32 inputs (what the server sees).
    def predict(rows):
        return booster.predict(xgboost.DMatrix(np.asarray(rows, dtype=np.float32)))

    X_test32 = X_test.astype(np.float32)
    proba = predict(X_test32)
    pred = (proba > 0.5).astype(int)
    accuracy = accuracy_score(y_test, pred)
    auc = roc_auc_score(y_test, proba)
    print(f"{NAME}: train={len(X_train)} test={len(X_test)} "
          f"test accuracy={accuracy:.4f} test ROC AUC={auc:.4f}")

    # The saved file must predict exactly what the in-memory booster predicts.
    reloaded = xgboost.Booster(model_file=path("model.json"))
    assert np.array_equal(reloaded.predict(xgboost.DMatrix(X_test32)), proba)

    write("signature.yaml",
          "inputs:\n"
          "  - name: input\n"
          "    datatype: FP32\n"
          "    shape: [-1, 30]\n"
          "outputs:\n"
          "  - name: probability\n"
          "    datatype: FP32\n"
          "    shape: [-1]\n")

    def example(name, rows):
        rows = np.asarray(rows, dtype=np.float32)
        out = predict(rows)
        return {
            "name": name,
            "request": {"inputs": [{"name": "input", "datatype": "FP32",
                                    "shape": list(rows.shape), "data": f32_list(rows)}]},
            "expected": {"outputs": [{"name": "probability", "datatype": "FP32",
                                      "shape": [len(rows)], "data": f32_list(out)}]},
            "tolerance": TOLERANCE,
        }

    # Per predicted class: its most confident and its least confident test row.
    neg = np.flatnonzero(pred == 0)
    pos = np.flatnonzero(pred == 1)
    mixed = np.sort([neg[np.argmin(proba[neg])], neg[np.argmax(proba[neg])],
                     pos[np.argmin(proba[pos])], pos[np.argmax(proba[pos])]])
    examples = [
        example("single-row", X_test32[:1]),
        example("test-batch-8", X_test32[:8]),
        example("both-classes-4", X_test32[mixed]),
    ]
    write("golden.jsonl", "".join(dumps(e) + "\n" for e in examples))

    request = {"inputs": [{"name": "input", "datatype": "FP32", "shape": [2, 30],
                           "data": raw_list(X_test[:2])}]}
    write("request.json", dumps(request) + "\n")
    write("rows.csv", "".join(",".join(repr(v) for v in raw_list(r)) + "\n" for r in X_test[:3]))

    write("manifest.yaml", f"""\
apiVersion: slipway.dev/v1
kind: Model
metadata:
  name: {NAME}
spec:
  description: Gradient-boosted classifier on the Wisconsin breast-cancer data
  tags: {{team: demo}}
  version:
    file: model.json
    format: xgboost
    signature: signature.yaml
    golden: golden.jsonl
    description: 50 trees, depth 3, binary:logistic; test accuracy {accuracy:.4f}
    tags: {{framework: xgboost-{xgboost.__version__}}}
    lineage: {{dataset: sklearn.datasets.load_breast_cancer, trainingScript: train.py}}
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
