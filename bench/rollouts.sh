#!/usr/bin/env bash
# Rollout benchmark: expedited wall-clock per example model, a gradual rollout's timeline, shadow
# analysis numbers (equivalent vs different model), and the caller latency a shadow adds.
# Usage: bench/rollouts.sh [LATENCY_REQUESTS]
set -euo pipefail
. "$(dirname "$0")/setup.sh"
SLIPWAY_LOG_LEVEL=WARN exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "slipway-dist/target/lib/*" \
  bench/RolloutBench.java examples "${1:-3000}"
