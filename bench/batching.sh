#!/usr/bin/env bash
# Dynamic batching benchmark: throughput and p50/p99 of 1-row OIP requests at concurrency 1, 16
# and 64 for the ONNX MLP and the XGBoost example, batching off and on, interleaved in one run.
# Usage: bench/batching.sh [SECONDS_PER_RUN] [ROUNDS]
set -euo pipefail
. "$(dirname "$0")/setup.sh"
SLIPWAY_LOG_LEVEL=WARN exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "slipway-dist/target/lib/*" \
  bench/BatchingBench.java "${1:-5}" "${2:-2}" examples
