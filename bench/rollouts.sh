#!/usr/bin/env bash
# Rollout benchmark: expedited wall-clock per example model, a gradual rollout's timeline, shadow
# analysis numbers (equivalent vs different model), and the caller latency a shadow adds.
# Usage: bench/rollouts.sh [LATENCY_REQUESTS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/java-env"
if [ ! -d "$root/slipway-dist/target/lib" ]; then
  (cd "$root" && ./mvnw -B -q -ntp install -DskipTests)
fi
cd "$root"
SLIPWAY_LOG_LEVEL=WARN exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "slipway-dist/target/lib/*" \
  bench/RolloutBench.java examples "${1:-3000}"
