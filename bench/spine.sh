#!/usr/bin/env bash
# Spine benchmark: registration -> first infer per example model, and single-request OIP latency
# over loopback against raw in-process prediction (baseline). Usage: bench/spine.sh [REQUESTS]
set -euo pipefail
. "$(dirname "$0")/setup.sh"
SLIPWAY_LOG_LEVEL=WARN exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "slipway-dist/target/lib/*" \
  bench/SpineBench.java "${1:-5000}" examples
