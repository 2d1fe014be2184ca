#!/usr/bin/env python3
"""Train the diabetes XGBoost regression example (UBJSON model) and write every artifact
next to this file.

Run with Debian's Python (sklearn 1.2, xgboost 1.7):
    /usr/bin/python3 examples/diabetes-xgboost-ubj/train.py

Writes: model.ubj, signature.yaml, golden.jsonl, request.json, rows.csv, manifest.yaml.
Deterministic: fixed seeds, single-threaded training; reruns produce identical bytes.
"""
import json
import os

import numpy as np
import xgboost
from sklearn.datasets import load_diabetes
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "diabetes"
TOLERANCE = {"absolute": 1e-3, "relative": 1e-5}


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
    X, y = load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, random_state=0)

    model = xgboost.XGBRegressor(n_estimators=40, max_depth=3, random_state=0, n_jobs=1)
    model.fit(X_train, y_train)
    booster = model.get_booster()
    booster.save_model(path("model.ubj"))  # the .ubj extension selects UBJSON

    # Predictions from the library itself, on float32 inputs (what the server sees).
    def predict(rows):
        return booster.predict(xgboost.DMatrix(np.asarray(rows, dtype=np.float32)))

    X_test32 = X_test.astype(np.float32)
    pred = predict(X_test32)
    r2 = r2_score(y_test, pred)
    rmse = float(np.sqrt(mean_squared_error(y_test, pred)))
    mae = mean_absolute_error(y_test, pred)
    print(f"{NAME}: train={len(X_train)} test={len(X_test)} "
          f"test R2={r2:.4f} RMSE={rmse:.2f} MAE={mae:.2f}")

    # The saved file must predict exactly what the in-memory booster predicts.
    reloaded = xgboost.Booster(model_file=path("model.ubj"))
    assert np.array_equal(reloaded.predict(xgboost.DMatrix(X_test32)), pred)

    write("signature.yaml",
          "inputs:\n"
          "  - name: input\n"
          "    datatype: FP32\n"
          "    shape: [-1, 10]\n"
          "outputs:\n"
          "  - name: prediction\n"
          "    datatype: FP32\n"
          "    shape: [-1]\n")

    def example(name, rows):
        rows = np.asarray(rows, dtype=np.float32)
        out = predict(rows)
        return {
            "name": name,
            "request": {"inputs": [{"name": "input", "datatype": "FP32",
                                    "shape": list(rows.shape), "data": f32_list(rows)}]},
            "expected": {"outputs": [{"name": "prediction", "datatype": "FP32",
                                      "shape": [len(rows)], "data": f32_list(out)}]},
            "tolerance": TOLERANCE,
        }

    examples = [
        example("single-row", X_test32[:1]),
        example("test-batch-5", X_test32[:5]),
    ]
    write("golden.jsonl", "".join(dumps(e) + "\n" for e in examples))

    request = {"inputs": [{"name": "input", "datatype": "FP32", "shape": [2, 10],
                           "data": raw_list(X_test[:2])}]}
    write("request.json", dumps(request) + "\n")
    write("rows.csv", "".join(",".join(repr(v) for v in raw_list(r)) + "\n" for r in X_test[:3]))

    write("manifest.yaml", f"""\
apiVersion: slipway.dev/v1
kind: Model
metadata:
  name: {NAME}
spec:
  description: Gradient-boosted regressor predicting diabetes progression one year after baseline
  tags: {{team: demo}}
  version:
    file: model.ubj
    format: xgboost
    signature: signature.yaml
    golden: golden.jsonl
    description: 40 trees, depth 3, reg:squarederror, UBJSON; test R2 {r2:.4f}
    tags: {{framework: xgboost-{xgboost.__version__}, encoding: ubjson}}
    lineage: {{dataset: sklearn.datasets.load_diabetes, trainingScript: train.py}}
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
