#!/usr/bin/env python3
"""Train two variants of the breast-cancer XGBoost example for shadow-rollout demos and tests.

Run with Debian's Python (sklearn 1.2, xgboost 1.7, scipy), after train.py:
    /usr/bin/python3 examples/breast-cancer-xgboost/train_variants.py

Reads:  model.json and golden.jsonl (written by train.py).
Writes: retrained/{model.json,golden.jsonl,README.md}   a retrained-but-equivalent model;
        different/{model.json,golden.jsonl,README.md}   a deliberately different model;
        shadow-requests.jsonl                           300 one-row OIP v2 request bodies.
Deterministic: fixed seeds, single-threaded training; reruns produce identical bytes.
"""
import json
import os

import numpy as np
import xgboost
from scipy.stats import ks_2samp
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
SHADOW_ROWS = 300
THRESHOLD = 0.5  # as in train.py: class 1 (benign) when probability > 0.5

# train.py's hyper-parameters; each variant changes some of them.
BASE_PARAMS = dict(objective="binary:logistic", n_estimators=50, max_depth=3,
                   learning_rate=0.3, random_state=0, n_jobs=1)
RETRAINED_PARAMS = dict(BASE_PARAMS, random_state=1, subsample=0.9, colsample_bytree=0.9)
DIFFERENT_PARAMS = dict(BASE_PARAMS)
DIFFERENT_LABEL_SEED = 0  # the different variant is trained on training labels shuffled with this seed
SHADOW_SEED = 0


def path(*parts):
    return os.path.join(HERE, *parts)


def f32_list(values):
    """float32 values as Python floats: their repr round-trips to the same float32."""
    return [float(np.float32(v)) for v in np.asarray(values, dtype=np.float32).ravel()]


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"))


def write(name, text):
    os.makedirs(os.path.dirname(path(name)), exist_ok=True)
    with open(path(name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def predict(booster, rows):
    """What the server computes: the booster on float32 inputs."""
    return booster.predict(xgboost.DMatrix(np.asarray(rows, dtype=np.float32)))


def request_rows(request):
    (tensor,) = request["inputs"]
    return np.asarray(tensor["data"], dtype=np.float32).reshape(tensor["shape"])


def compare(reference, candidate):
    """How far a variant's probabilities are from the original's, on the same rows."""
    diff = np.abs(candidate.astype(np.float64) - reference.astype(np.float64))
    ks = ks_2samp(reference, candidate)
    agree = int(np.sum((candidate > THRESHOLD) == (reference > THRESHOLD)))
    return {"rows": len(reference), "mean_abs": diff.mean(), "median_abs": np.median(diff),
            "max_abs": diff.max(), "agree": agree, "agreement": agree / len(reference),
            "ks": ks.statistic, "ks_p": ks.pvalue,
            "min": float(candidate.min()), "max": float(candidate.max())}


def train(params, X, y, folder):
    model = xgboost.XGBClassifier(**params)
    model.fit(X, y)
    booster = model.get_booster()
    os.makedirs(path(folder), exist_ok=True)
    booster.save_model(path(folder, "model.json"))
    return booster


def golden_for(booster, original_golden):
    """The original golden examples (same names, requests and tolerance), answered by booster."""
    lines = []
    for line in original_golden:
        example = json.loads(line)
        request = example["request"]
        # The request must be re-written byte for byte, so the examples stay comparable.
        assert dumps(request) in line, example["name"]
        out = predict(booster, request_rows(request))
        (expected,) = example["expected"]["outputs"]
        lines.append(dumps({
            "name": example["name"],
            "request": request,
            "expected": {"outputs": [{"name": expected["name"], "datatype": expected["datatype"],
                                      "shape": [len(out)], "data": f32_list(out)}]},
            "tolerance": example["tolerance"],
        }) + "\n")
    return "".join(lines)


def fmt_table(test, shadow):
    def row(label, key, spec):
        return f"| {label} | {format(test[key], spec)} | {format(shadow[key], spec)} |\n"
    return ("| vs the original `model.json` | test split (114 rows) | `shadow-requests.jsonl` (300 rows) |\n"
            "|---|---|---|\n"
            + row("mean absolute difference of probabilities", "mean_abs", ".4f")
            + row("median absolute difference", "median_abs", ".2g")
            + row("max absolute difference", "max_abs", ".4f")
            + f"| label agreement at 0.5 | {test['agree']}/{test['rows']} ({test['agreement']:.1%}) "
              f"| {shadow['agree']}/{shadow['rows']} ({shadow['agreement']:.1%}) |\n"
            + row("KS statistic (`scipy.stats.ks_2samp`)", "ks", ".4f")
            + row("KS p-value", "ks_p", ".3g")
            + f"| probability range | {test['min']:.4f} .. {test['max']:.4f} "
              f"| {shadow['min']:.4f} .. {shadow['max']:.4f} |\n")


def main():
    data = load_breast_cancer()
    X, y = data.data, data.target
    X_train, X_test, y_train, y_test, idx_train, _ = train_test_split(
        X, y, np.arange(len(X)), test_size=0.2, stratify=y, random_state=0)  # train.py's split
    X_test32 = X_test.astype(np.float32)

    with open(path("golden.jsonl"), encoding="utf-8") as f:
        original_golden = f.readlines()

    # Sanity: the committed model and golden file are train.py's, on this very split.
    original = xgboost.Booster(model_file=path("model.json"))
    for line in original_golden:
        example = json.loads(line)
        expected = np.asarray(example["expected"]["outputs"][0]["data"], dtype=np.float32)
        tol = example["tolerance"]
        assert np.allclose(predict(original, request_rows(example["request"])), expected,
                           atol=tol["absolute"], rtol=tol["relative"]), example["name"]
        if example["name"] == "test-batch-8":
            assert np.array_equal(request_rows(example["request"]), X_test32[:8])

    # Shadow traffic: SHADOW_ROWS distinct rows of the whole dataset, in a seeded random order.
    shadow_idx = np.random.default_rng(SHADOW_SEED).choice(len(X), SHADOW_ROWS, replace=False)
    X_shadow32 = X[shadow_idx].astype(np.float32)
    write("shadow-requests.jsonl", "".join(
        dumps({"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, X.shape[1]],
                           "data": f32_list(row)}]}) + "\n"
        for row in X_shadow32))

    original_test = predict(original, X_test32)
    original_shadow = predict(original, X_shadow32)
    in_train = int(np.isin(shadow_idx, idx_train).sum())

    variants = {
        "retrained": (RETRAINED_PARAMS, y_train),
        "different": (DIFFERENT_PARAMS,
                      np.random.default_rng(DIFFERENT_LABEL_SEED).permutation(y_train)),
    }
    results = {}
    for folder, (params, labels) in variants.items():
        booster = train(params, X_train, labels, folder)
        reloaded = xgboost.Booster(model_file=path(folder, "model.json"))
        proba = predict(reloaded, X_test32)
        assert np.array_equal(predict(booster, X_test32), proba)
        write(os.path.join(folder, "golden.jsonl"), golden_for(reloaded, original_golden))
        test = compare(original_test, proba)
        shadow = compare(original_shadow, predict(reloaded, X_shadow32))
        accuracy = accuracy_score(y_test, (proba > THRESHOLD).astype(int))
        auc = roc_auc_score(y_test, proba)
        results[folder] = (test, shadow, accuracy, auc)
        print(f"{folder}: test accuracy={accuracy:.4f} ROC AUC={auc:.4f}; vs original on test: "
              f"mean|d|={test['mean_abs']:.4f} max|d|={test['max_abs']:.4f} "
              f"agree={test['agree']}/{test['rows']} KS={test['ks']:.4f} (p={test['ks_p']:.3g}); "
              f"on shadow rows: mean|d|={shadow['mean_abs']:.4f} agree={shadow['agree']}/{shadow['rows']}")

    def params_text(params):
        return ", ".join(f"{k}={v!r}" for k, v in params.items())

    common = f"""\
## Files

| file | content |
|---|---|
| `model.json` | the booster (XGBoost JSON model format); same signature as the original (`../signature.yaml`) |
| `golden.jsonl` | the original `../golden.jsonl` examples (same names, request rows and tolerance), with the outputs this model computes |

The numbers compare `booster.predict` on float32 inputs against the original `../model.json`,
on the held-out test split of `train.py` and on the {SHADOW_ROWS} rows of
`../shadow-requests.jsonl` (drawn from the whole dataset: {in_train} of them are training rows).
"""

    test, shadow, accuracy, auc = results["retrained"]
    write("retrained/README.md", f"""\
# breast-cancer-xgboost / retrained

A **retrained-but-equivalent** version of the breast-cancer model, for shadow rollouts that
should find no meaningful difference. Same data split, features and hyper-parameters as
`../train.py`, but a genuine retrain: another seed, with row and column subsampling.

- `xgboost.XGBClassifier({params_text(RETRAINED_PARAMS)})`, XGBoost {xgboost.__version__};
- written by `../train_variants.py`.

Held-out test split: accuracy {accuracy:.4f}, ROC AUC {auc:.4f} (the original: 0.9561, 0.9878).

{fmt_table(test, shadow)}
The typical row is practically unchanged (median difference well under 0.001), but a few
rows near the decision boundary move a lot, so some labels flip: compare the two models by
aggregate statistics (mean difference, label agreement, KS), not row by row with a tight
tolerance.

{common}""")

    test, shadow, accuracy, auc = results["different"]
    write("different/README.md", f"""\
# breast-cancer-xgboost / different

A **deliberately different** version of the breast-cancer model, for shadow rollouts that
must detect a difference. **Not a usable classifier.** Trained like `../train.py` (same split,
features and hyper-parameters) but on the training labels shuffled
(`numpy.random.default_rng({DIFFERENT_LABEL_SEED}).permutation(y_train)`), so it learned noise.

- `xgboost.XGBClassifier({params_text(DIFFERENT_PARAMS)})`, XGBoost {xgboost.__version__};
- written by `../train_variants.py`.

Held-out test split: accuracy {accuracy:.4f}, ROC AUC {auc:.4f} (the original: 0.9561, 0.9878).

{fmt_table(test, shadow)}
{common}""")


if __name__ == "__main__":
    main()
