#!/usr/bin/python3
"""Check the Python peer server against the golden examples.

For each model (breast-cancer, wine) and each start.sh configuration (uvicorn single
process, gunicorn with 2 uvicorn workers): start the server in its own process group, wait
for /ping, send every golden request as dataframe_split, dataframe_records, inputs and
instances JSON and as text/csv, compare the predictions with the golden expected outputs
within each example's tolerance, check the benchmark bodies and a few error cases, check no
access log is written, then kill the process group.

    /usr/bin/python3 bench/peers/python/check.py      (exit status 0 when everything passes)
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parents[2] / "examples"
FOLDERS = {"breast-cancer": "breast-cancer-xgboost", "wine": "wine-mlp-onnx"}
CONFIGS = [("uvicorn", 1), ("gunicorn", 2)]
FAILURES = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, path, body=None, content_type="application/json"):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body,
                                 headers={"Content-Type": content_type} if body else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait_ready(port, proc, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if request(port, "/ping")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server not ready")


def check(condition, what):
    print(("  ok    " if condition else "  FAIL  ") + what)
    if not condition:
        FAILURES.append(what)


def close(actual, expected, tol):
    return len(actual) == len(expected) and all(
        abs(a - e) <= tol["absolute"] + tol["relative"] * abs(e) for a, e in zip(actual, expected))


def golden(model):
    out = []
    for line in (EXAMPLES / FOLDERS[model] / "golden.jsonl").read_text().splitlines():
        g = json.loads(line)
        tensor = g["request"]["inputs"][0]
        n, width = tensor["shape"]
        rows = [tensor["data"][i * width:(i + 1) * width] for i in range(n)]
        expected = {o["name"]: o["data"] for o in g["expected"]["outputs"]}
        out.append((g["name"], rows, expected, g["tolerance"]))
    return out


def bodies(rows):
    columns = [f"f{i}" for i in range(len(rows[0]))]
    csv = "".join(",".join(repr(v) for v in row) + "\n" for row in rows)
    return [
        ("dataframe_split", json.dumps({"dataframe_split": {"columns": columns, "data": rows}}),
         "application/json"),
        ("dataframe_records", json.dumps({"dataframe_records": [dict(zip(columns, r)) for r in rows]}),
         "application/json"),
        ("inputs", json.dumps({"inputs": rows}), "application/json"),
        ("instances", json.dumps({"instances": rows}), "application/json"),
        ("csv", csv, "text/csv"),
    ]


def verify(model, predictions, expected, tol, fmt):
    """Predictions in the MLflow shape for this model and format -> matches golden?"""
    if model == "breast-cancer":
        return close(predictions, expected["probability"], tol)
    if fmt in ("inputs", "instances"):
        if not all(isinstance(p, list) for p in predictions):
            return False
        probabilities = predictions
    else:  # DataFrame in, DataFrame records out: {"0": p0, "1": p1, "2": p2}
        if not all(isinstance(p, dict) and list(p) == ["0", "1", "2"] for p in predictions):
            return False
        probabilities = [[p["0"], p["1"], p["2"]] for p in predictions]
    labels = [max(range(3), key=row.__getitem__) for row in probabilities]
    ok = labels == expected["label"]
    if "probabilities" in expected:
        ok &= close([v for row in probabilities for v in row], expected["probabilities"], tol)
    return ok


def check_server(model, port):
    status, body = request(port, "/ping")
    check(status == 200, "GET /ping -> 200")
    check(request(port, "/health")[0] == 200, "GET /health -> 200")
    for name, rows, expected, tol in golden(model):
        for fmt, body, content_type in bodies(rows):
            status, answer = request(port, "/invocations", body.encode(), content_type)
            ok = status == 200 and verify(model, json.loads(answer)["predictions"], expected,
                                          tol, fmt)
            check(ok, f"{name} ({len(rows)} rows) as {fmt}"
                      + ("" if ok else f": {status} {answer[:300]!r}"))
    # Errors.
    width = 30 if model == "breast-cancer" else 13
    status, _ = request(port, "/invocations", json.dumps({"inputs": [[1.0] * (width - 1)]}).encode())
    check(status == 400, f"wrong row width -> 400 (got {status})")
    status, _ = request(port, "/invocations", b"{not json")
    check(status == 400, f"malformed JSON -> 400 (got {status})")
    status, _ = request(port, "/invocations", b"1,2", "text/plain")
    check(status == 415, f"text/plain -> 415 (got {status})")


def main():
    for model in FOLDERS:
        for server, workers in CONFIGS:
            port = free_port()
            print(f"{model} on {server} with {workers} worker(s), port {port}")
            with tempfile.TemporaryFile() as log:
                proc = subprocess.Popen([str(HERE / "start.sh"), model, str(port), str(workers)],
                                        stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
                try:
                    wait_ready(port, proc)
                    check_server(model, port)
                    if workers > 1:  # both workers answer: count distinct worker pids
                        children = subprocess.run(["pgrep", "-P", str(proc.pid)],
                                                  capture_output=True, text=True).stdout.split()
                        check(len(children) == workers, f"{len(children)} gunicorn workers")
                except Exception as e:  # noqa: BLE001 -- report and go on to the next
                    check(False, f"server: {e}")
                finally:
                    os.killpg(proc.pid, signal.SIGTERM)
                    try:
                        proc.wait(timeout=15)
                    except subprocess.TimeoutExpired:
                        os.killpg(proc.pid, signal.SIGKILL)
                        proc.wait()
                log.seek(0)
                output = log.read().decode(errors="replace")
                check("/invocations" not in output, "no access log lines")
                if output.strip():
                    print("  server output:\n    " + "\n    ".join(output.strip().splitlines()[-10:]))
    print(f"\n{'FAILED: ' + str(len(FAILURES)) if FAILURES else 'ALL CHECKS PASSED'}")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
