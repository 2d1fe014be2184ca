#!/usr/bin/env bash
# Batch job benchmark: a deterministic 1,000,000-row CSV of breast-cancer features scored by a
# batch job through a real server (model-version target, its own copies), against raw XGBoost4J
# prediction over the same rows in the same JVM (the baseline). Prints rows/s and the ratio.
# Usage: bench/batch-job.sh [ROWS] [PARALLELISM] [MINI_BATCH]   (defaults 1000000 2 512)
# Extra Maven flags for the build, e.g. a private repository: MVN_ARGS=-Dmaven.repo.local=...
set -euo pipefail
. "$(dirname "$0")/setup.sh"
SLIPWAY_LOG_LEVEL=WARN exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx4g \
  -cp "slipway-dist/target/lib/*" bench/BatchJobBench.java "${1:-1000000}" "${2:-2}" "${3:-512}" examples
