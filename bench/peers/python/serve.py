#!/usr/bin/python3
"""Python peer model server for the Slipway benchmarks.

The serving stack MLflow's ``mlflow models serve`` (and most Python model servers) are built
on: a FastAPI app under uvicorn (or gunicorn with uvicorn workers), speaking MLflow's scoring
protocol, calling the framework libraries directly on the same artifacts Slipway serves:

  breast-cancer  examples/breast-cancer-xgboost/model.json, xgboost.Booster, inplace_predict
  wine           examples/wine-mlp-onnx/model.onnx, the same torch module as train.py with
                 its weights read from the ONNX initializers, run by torch (1 thread)

One model per process, chosen by SERVE_MODEL (or ``--model`` when run as a script).
Run with Debian's interpreter (/usr/bin/python3); see start.sh.

Protocol (MLflow scoring server):
  GET  /ping, /health      -> 200
  POST /invocations
    application/json  {"dataframe_split": {"columns": [...], "data": [[...], ...]}}
                      {"dataframe_records": [{"col": value, ...}, ...]}
                      {"inputs": [[...], ...]}   or   {"instances": [[...], ...]}
    text/csv          rows of numbers, no header
  -> {"predictions": [...]}

Response shapes are what MLflow's pyfunc flavors return for these models:
  breast-cancer  the xgboost flavor returns Booster.predict's 1-D array:
                 {"predictions": [p_benign, ...]}
  wine           the pytorch flavor requires a module returning one tensor, here the class
                 probabilities (the label is not part of it; it is argmax of the row). For a
                 DataFrame input (dataframe_split, dataframe_records, CSV) it returns
                 pd.DataFrame(probabilities), which the scoring server writes as records:
                 {"predictions": [{"0": p0, "1": p1, "2": p2}, ...]};
                 for a tensor input (inputs, instances) it returns the ndarray:
                 {"predictions": [[p0, p1, p2], ...]}.
Unlike MLflow, DataFrame inputs are not built as pandas DataFrames (pandas is not
installed); columns are taken in the order given and only their number is checked.
"""
import json
import os
import sys
from pathlib import Path

import numpy as np
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
MODELS = {
    "breast-cancer": EXAMPLES / "breast-cancer-xgboost" / "model.json",
    "wine": EXAMPLES / "wine-mlp-onnx" / "model.onnx",
}


class BadRequest(Exception):
    pass


class XGBoostModel:
    """Binary XGBoost booster; predictions are the positive-class probabilities."""

    def __init__(self, path):
        import xgboost

        self.booster = xgboost.Booster(model_file=str(path))
        self.booster.set_param({"nthread": 1})
        self.num_features = self.booster.num_features()

    def predict(self, x, dataframe):
        # inplace_predict skips building a DMatrix: ~120 us vs ~175 us for one row.
        return self.booster.inplace_predict(x).tolist()


class TorchWineModel:
    """The wine MLP of examples/wine-mlp-onnx/train.py, weights from the ONNX file."""

    def __init__(self, path):
        import onnx
        import torch
        from onnx import numpy_helper

        torch.set_num_threads(1)
        torch.set_num_interop_threads(1)
        self.torch = torch

        class Standardize(torch.nn.Module):
            def __init__(self, num_features):
                super().__init__()
                self.register_buffer("mean", torch.zeros(num_features))
                self.register_buffer("std", torch.ones(num_features))

            def forward(self, x):
                return (x - self.mean) / self.std

        class WineMLP(torch.nn.Module):
            """Raw 13 features in, class probabilities out (one tensor, as MLflow wants)."""

            def __init__(self):
                super().__init__()
                self.standardize = Standardize(13)
                self.hidden = torch.nn.Linear(13, 16)
                self.relu = torch.nn.ReLU()
                self.out = torch.nn.Linear(16, 3)

            def forward(self, x):
                logits = self.out(self.relu(self.hidden(self.standardize(x))))
                return torch.softmax(logits, dim=1)

        proto = onnx.load(str(path))
        ops = [node.op_type for node in proto.graph.node]
        expected_ops = ["Sub", "Div", "Gemm", "Relu", "Gemm", "Softmax", "ArgMax"]
        if ops != expected_ops:
            raise ValueError(f"{path}: graph {ops} is not the wine MLP {expected_ops}")
        # The initializers are named after the exported module's state_dict keys.
        state = {init.name: torch.from_numpy(numpy_helper.to_array(init).copy())
                 for init in proto.graph.initializer}
        self.module = WineMLP()
        self.module.load_state_dict(state, strict=True)
        self.module.eval()
        self.num_features = 13

    def predict(self, x, dataframe):
        with self.torch.inference_mode():
            probabilities = self.module(self.torch.from_numpy(x)).numpy()
        if dataframe:  # MLflow: pd.DataFrame(preds) -> to_dict(orient="records")
            return [{str(i): p for i, p in enumerate(row)} for row in probabilities.tolist()]
        return probabilities.tolist()


def load_model(name):
    if name not in MODELS:
        raise SystemExit(f"SERVE_MODEL must be one of {sorted(MODELS)}, got {name!r}")
    path = Path(os.environ.get("SERVE_MODEL_PATH", MODELS[name]))
    return XGBoostModel(path) if name == "breast-cancer" else TorchWineModel(path)


def parse_json(body):
    """MLflow's JSON input formats -> (rows, is_dataframe)."""
    try:
        payload = json.loads(body)
    except ValueError as e:
        raise BadRequest(f"Invalid JSON: {e}")
    if not isinstance(payload, dict):
        raise BadRequest("Expected a JSON object")
    if "dataframe_split" in payload:
        split = payload["dataframe_split"]
        if not isinstance(split, dict) or "data" not in split:
            raise BadRequest("dataframe_split must be an object with 'data'")
        columns = split.get("columns")
        if columns is not None and split["data"] and len(columns) != len(split["data"][0]):
            raise BadRequest(f"{len(columns)} columns but rows of {len(split['data'][0])} values")
        return split["data"], True
    if "dataframe_records" in payload:
        records = payload["dataframe_records"]
        if not records:
            return [], True
        columns = list(records[0])
        try:
            return [[record[c] for c in columns] for record in records], True
        except (KeyError, TypeError) as e:
            raise BadRequest(f"Inconsistent dataframe_records: {e!r}")
    for key in ("inputs", "instances"):
        if key in payload:
            tensor = payload[key]
            if isinstance(tensor, dict):  # named tensors: this model has one input
                if len(tensor) != 1:
                    raise BadRequest(f"Expected one input tensor, got {sorted(tensor)}")
                (tensor,) = tensor.values()
            return tensor, False
    raise BadRequest("Expected one of dataframe_split, dataframe_records, inputs, instances")


def parse_csv(body):
    try:
        text = body.decode("utf-8")
        return [[float(v) for v in line.split(",")] for line in text.splitlines() if line.strip()]
    except ValueError as e:
        raise BadRequest(f"Invalid CSV: {e}")


def to_array(rows, num_features):
    try:
        x = np.asarray(rows, dtype=np.float32)
    except (ValueError, TypeError) as e:
        raise BadRequest(f"Input is not a numeric matrix: {e}")
    if x.ndim == 1 and x.size == num_features:
        x = x.reshape(1, num_features)
    if x.ndim != 2 or x.shape[1] != num_features or x.shape[0] == 0:
        raise BadRequest(f"Expected rows of {num_features} numbers, got shape {list(x.shape)}")
    return x


def error(status, message):
    return JSONResponse({"error_code": "BAD_REQUEST", "message": message}, status_code=status)


MODEL_NAME = os.environ.get("SERVE_MODEL")
# Loaded once per process at import: each uvicorn/gunicorn worker imports this module.
model = load_model(MODEL_NAME) if __name__ != "__main__" else None
app = FastAPI(title=f"slipway python peer ({MODEL_NAME})")


@app.get("/ping")
@app.get("/health")
async def ping():
    return Response(content="\n", status_code=200, media_type="application/json")


@app.post("/invocations")
async def invocations(request: Request):
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    try:
        if content_type == "application/json":
            rows, dataframe = parse_json(body)
        elif content_type == "text/csv":
            rows, dataframe = parse_csv(body), True
        else:
            return error(415, f"Unsupported content type {content_type!r}; "
                              "use application/json or text/csv")
        x = to_array(rows, model.num_features)
    except BadRequest as e:
        return error(400, str(e))
    return JSONResponse({"predictions": model.predict(x, dataframe)})


if __name__ == "__main__":
    import argparse

    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=MODEL_NAME, choices=sorted(MODELS),
                        required=MODEL_NAME is None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args()
    os.environ["SERVE_MODEL"] = args.model
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    uvicorn.run("serve:app", host=args.host, port=args.port, log_level="warning",
                access_log=False)
