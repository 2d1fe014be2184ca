#!/usr/bin/python3
"""Writes unsupported/categorical.json: a model with categorical splits, which the Java trees
evaluator (TreeEnsemble) refuses, so the runtime serves it with XGBoost4J. Beside it,
unsupported/categorical.golden.json holds a few rows (null = NaN, a missing value) and XGBoost
1.7's own predictions for them, which XGBoost4J must reproduce.

Run with Debian's Python and its packaged XGBoost 1.7 (apt-get install -y python3-xgboost):

    /usr/bin/python3 slipway-runtime-xgboost/src/test/resources/make_categorical_model.py

The outputs are committed, so tests never need Python. Training is seeded and single-threaded,
so a rerun writes the same trees.
"""
import json
import os

import numpy
import xgboost

assert xgboost.__version__.startswith("1.7"), "run with XGBoost 1.7: " + xgboost.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "unsupported")


def main():
    rng = numpy.random.default_rng(3)
    x = rng.normal(size=(200, 3)).astype(numpy.float32)
    # Feature 0 is a category code 0..4; category 2 raises the target.
    x[:, 0] = rng.integers(0, 5, size=200)
    y = (x[:, 0] == 2) * 2.0 + x[:, 1]
    train = xgboost.DMatrix(x, label=y, feature_types=["c", "q", "q"], enable_categorical=True)
    # max_cat_to_onehot=1 makes partition splits (split_type 1 with a category set).
    params = {"tree_method": "hist", "max_depth": 2, "nthread": 1, "seed": 0, "max_cat_to_onehot": 1}
    booster = xgboost.train(params, train, 3)

    os.makedirs(OUT, exist_ok=True)
    booster.save_model(os.path.join(OUT, "categorical.json"))
    rows = numpy.array(
        [[2, 0.5, 0.0], [1, 0.5, 0.0], [4, -1.0, 1.0], [numpy.nan, 0.2, 0.3], [0, numpy.nan, 1.0]],
        dtype=numpy.float32,
    )
    test = xgboost.DMatrix(rows, feature_types=["c", "q", "q"], enable_categorical=True)
    predictions = booster.predict(test)
    golden = {
        "rows": [[None if numpy.isnan(v) else float(v) for v in row] for row in rows],
        "predictions": [[float(p)] for p in predictions],
    }
    with open(os.path.join(OUT, "categorical.golden.json"), "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
