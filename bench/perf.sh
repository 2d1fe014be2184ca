#!/usr/bin/env bash
# Performance harness: Slipway against limit A (raw runtime call), limit B (bare HTTP on the same
# stack) and the FastAPI + uvicorn / gunicorn stack on the same models, over loopback with wrk.
# Prints a markdown table with ratios and writes it to bench/out/. Takes about 17 minutes with the
# defaults. Installs its Debian packages (wrk, Python serving stack) when run as root.
# Usage: bench/perf.sh [--seconds 5] [--rounds 5] [--warmup 8] [--server-cpus 1] [--load-cpus 0]
#                      [--workers 2] [--only xgb-1row-c16,onnx-1row-c16,...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/java-env"

packages=(wrk python3-fastapi python3-uvicorn python3-uvloop python3-httptools gunicorn python3-xgboost
  python3-torch python3-onnx python3-numpy)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing Debian packages: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing ${missing[*]} ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for tool in taskset setsid; do
  command -v "$tool" >/dev/null || { echo "error: $tool (util-linux) is required" >&2; exit 1; }
done

if [ ! -d "$root/slipway-dist/target/lib" ]; then
  (cd "$root" && ./mvnw -B -q -ntp install -DskipTests)
fi
cd "$root"
exec "$JAVA_HOME/bin/java" -cp "slipway-dist/target/lib/*" bench/perf/PerfBench.java "$root" "$@"
