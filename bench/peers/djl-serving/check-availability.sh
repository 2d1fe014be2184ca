#!/usr/bin/env bash
# Re-checks whether DJL Serving (ai.djl.serving:*) can be fetched from Maven Central
# as reachable from this environment. Prints one line per URL with its HTTP status.
# Exit 0 if ai.djl.serving:serving is downloadable for at least one version, 1 otherwise.
set -u
M=${MAVEN_CENTRAL:-https://repo.maven.apache.org/maven2}
code() { curl -s -m 20 -o /dev/null -w '%{http_code}' "$1"; }
found=1
for a in serving wlm prometheus; do
  u="$M/ai/djl/serving/$a/maven-metadata.xml"; echo "$(code "$u") $u"
done
for v in 0.38.0 0.36.0 0.35.1 0.35.0 0.34.0 0.33.0 0.32.0 0.31.0 0.30.0 0.29.0 0.28.0 0.27.0 0.25.0 0.23.0 0.20.0; do
  u="$M/ai/djl/serving/serving/$v/serving-$v.jar"; c=$(code "$u"); echo "$c $u"
  [ "$c" = 200 ] && found=0
done
# Engines DJL Serving would need (these DO resolve here):
for u in \
  "$M/ai/djl/api/0.35.0/api-0.35.0.jar" \
  "$M/ai/djl/onnxruntime/onnxruntime-engine/0.35.0/onnxruntime-engine-0.35.0.jar" \
  "$M/ai/djl/ml/xgboost/xgboost/0.35.0/xgboost-0.35.0.jar"; do
  echo "$(code "$u") $u"
done
[ $found = 0 ] && echo "RESULT: ai.djl.serving:serving is available" || echo "RESULT: ai.djl.serving:serving NOT available from $M"
exit $found
