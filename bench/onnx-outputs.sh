#!/usr/bin/env bash
# ONNX Runtime outputs returned vs pinned vs pinned in reused buffers, for the wine MLP, on one
# pinned core (bench/OnnxOutputsBench.java). Usage: bench/onnx-outputs.sh [SECONDS] [CPU]
set -euo pipefail
. "$(dirname "$0")/setup.sh"
exec taskset -c "${2:-1}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "slipway-dist/target/lib/*" \
  bench/OnnxOutputsBench.java examples/wine-mlp-onnx/model.onnx "${1:-2}" 1 14 32 256
