#!/usr/bin/env bash
# Async invocation benchmark: invocations/s through the durable queue (accept -> run -> result
# stored) for the XGBoost example, against real-time /invocations of the same payload in the same
# run. Usage: bench/async.sh [INVOCATIONS]
set -euo pipefail
. "$(dirname "$0")/setup.sh"
SLIPWAY_LOG_LEVEL=WARN exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "slipway-dist/target/lib/*" \
  bench/AsyncBench.java "${1:-3000}" examples
