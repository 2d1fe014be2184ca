#!/usr/bin/python3
"""Writes the legacy-binary fixtures: models in the binary format of XGBoost 1.x, as Python
XGBoost 1.7 saves them, each beside 1.7's own JSON for the same booster and 1.7's predictions.
XGBoost 3 no longer reads the binary format; the tests prove that LegacyBinaryModel turns these
files into JSON that predicts what 1.7 predicted and matches what 1.7 itself writes.

Run with Debian's Python and its packaged XGBoost 1.7 (apt-get install -y python3-xgboost):

    /usr/bin/python3 slipway-runtime-xgboost/src/test/resources/make_legacy_model.py

It writes
  breast-cancer-xgboost-1.7.bin   the breast-cancer example's booster (predicts its golden.jsonl)
  legacy/<name>.bin               the booster in the legacy binary format (save_raw("deprecated"))
  legacy/<name>.json              the same booster as 1.7 writes it with save_model("x.json")
  legacy/<name>.golden.json       {"rows": [...], "predictions": [...]}: a few rows (null = NaN,
                                  a missing value) and 1.7's normal predictions for them
The outputs are committed, so tests never need Python. Training is seeded and single-threaded,
so a rerun writes the same trees.
"""
import json
import os

import numpy
import xgboost

assert xgboost.__version__.startswith("1.7"), "run with XGBoost 1.7: " + xgboost.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
LEGACY = os.path.join(HERE, "legacy")
BREAST_CANCER = os.path.join(HERE, "..", "..", "..", "..", "examples", "breast-cancer-xgboost")
FEATURES = 4
ROUNDS = 4


def training_data(seed, rows=200, missing=0.0):
    rng = numpy.random.default_rng(seed)
    x = rng.normal(size=(rows, FEATURES)).astype(numpy.float32)
    score = x[:, 0] + 0.5 * x[:, 1] * x[:, 2] - x[:, 3]
    if missing > 0:
        x[rng.random(size=x.shape) < missing] = numpy.nan
    return x, score


def golden_rows():
    rng = numpy.random.default_rng(99)
    rows = rng.normal(size=(5, FEATURES)).astype(numpy.float32)
    rows[1, 0] = numpy.nan
    rows[2, :] = numpy.nan
    rows[3, 2] = numpy.nan
    return rows


def train(params, x, label, rounds=ROUNDS):
    base = {"max_depth": 3, "nthread": 1, "seed": 0, "eta": 0.5}
    return xgboost.train({**base, **params}, xgboost.DMatrix(x, label=label), rounds)


def write(name, booster):
    os.makedirs(LEGACY, exist_ok=True)
    path = os.path.join(LEGACY, name)
    with open(path + ".bin", "wb") as out:
        out.write(booster.save_raw(raw_format="deprecated"))
    booster.save_model(path + ".json")
    rows = golden_rows()
    predictions = booster.predict(xgboost.DMatrix(rows))
    golden = {
        "rows": [[None if numpy.isnan(v) else float(v) for v in row] for row in rows],
        "predictions": [
            [float(v) for v in numpy.atleast_1d(p)] for p in predictions
        ],
    }
    with open(path + ".golden.json", "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")


def main():
    booster = xgboost.Booster(model_file=os.path.join(BREAST_CANCER, "model.json"))
    with open(os.path.join(HERE, "breast-cancer-xgboost-1.7.bin"), "wb") as out:
        out.write(booster.save_raw(raw_format="deprecated"))

    x, score = training_data(1)
    write(
        "binary-logistic",
        train({"objective": "binary:logistic", "scale_pos_weight": 2.0}, x, score > 0),
    )
    write(
        "multi-softprob",
        train({"objective": "multi:softprob", "num_class": 3}, x, numpy.digitize(score, [-0.5, 0.5])),
    )
    write(
        "reg-squarederror",
        train({"objective": "reg:squarederror", "base_score": 2.5}, x, score + 2.5),
    )
    write(
        "dart",
        train(
            {"objective": "binary:logistic", "booster": "dart", "rate_drop": 0.5, "skip_drop": 0.0},
            x,
            score > 0,
            rounds=6,
        ),
    )
    write(
        "gblinear",
        train({"objective": "reg:squarederror", "booster": "gblinear", "base_score": 1.0}, x, score + 1),
    )
    write(
        "count-poisson",
        train({"objective": "count:poisson"}, x, numpy.floor(numpy.exp(score / 2))),
    )

    x_missing, score_missing = training_data(2, missing=0.3)
    write(
        "missing-values",
        train({"objective": "reg:squarederror"}, x_missing, numpy.nan_to_num(score_missing)),
    )

    with_attributes = train({"objective": "binary:logistic"}, x, score > 0)
    with_attributes.set_attr(owner="risk-team", note="trained for the legacy converter tests")
    write("attributes", with_attributes)


if __name__ == "__main__":
    main()
