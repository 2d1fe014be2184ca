#!/usr/bin/env bash
# Wall-clock time from `slipway models register` to the first successful `slipway invoke`, per
# example model, as a user types it: three CLI commands (each a JVM start) against a running
# server on a fresh data dir. Baseline in the same run: `slipway --version` (a bare CLI JVM start).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data=$(mktemp -d)
port=${PORT:-18399}
export SLIPWAY_URL=http://127.0.0.1:$port SLIPWAY_TOKEN=bench-token-0123456789abcdef
SLIPWAY_LOG_LEVEL=WARN bin/slipway server --port "$port" --data-dir "$data" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
until curl -sf "$SLIPWAY_URL/v2/health/live" >/dev/null; do sleep 0.2; done

now() { date +%s%N; }
start=$(now); bin/slipway --version >/dev/null; echo "baseline: one CLI JVM start $(( ($(now) - start) / 1000000 )) ms"
run() { # name dir file format [signature]
  local name=$1 dir=examples/$2 file=$3 format=$4 sig=()
  [ "$format" = xgboost ] && sig=(--signature "$dir/signature.yaml")
  local t0=$(now)
  bin/slipway models register "$name" --file "$dir/$file" --format "$format" "${sig[@]}" --golden "$dir/golden.jsonl" -q >/dev/null
  local t1=$(now)
  bin/slipway endpoints create "$name" --model "$name:1" --wait >/dev/null
  local t2=$(now)
  bin/slipway invoke "$name" --data "$dir/request.json" >/dev/null
  local t3=$(now)
  printf '%-14s register %5d ms  create --wait %5d ms  invoke %5d ms  total %5d ms\n' "$name" \
    $(( (t1-t0)/1000000 )) $(( (t2-t1)/1000000 )) $(( (t3-t2)/1000000 )) $(( (t3-t0)/1000000 ))
}
run breast-cancer breast-cancer-xgboost model.json xgboost
run diabetes diabetes-xgboost-ubj model.ubj xgboost
run wine wine-mlp-onnx model.onnx onnx
