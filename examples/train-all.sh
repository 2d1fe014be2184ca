#!/usr/bin/env bash
# Retrain every example and rewrite its artifacts (model, signature, golden examples,
# request, rows, manifest). Uses Debian's Python, which packages the training libraries.
set -euo pipefail

PYTHON=/usr/bin/python3
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ ! -x "$PYTHON" ]]; then
  echo "error: $PYTHON not found; install it with:" >&2
  echo "  apt-get install -y python3 python3-sklearn python3-xgboost python3-torch python3-onnx" >&2
  exit 1
fi

if ! "$PYTHON" -c 'import numpy, sklearn, xgboost, torch, onnx' 2>/dev/null; then
  echo "error: $PYTHON lacks one of the modules numpy, sklearn, xgboost, torch, onnx." >&2
  echo "Install them with:" >&2
  echo "  apt-get install -y python3-sklearn python3-xgboost python3-torch python3-onnx" >&2
  exit 1
fi

for example in breast-cancer-xgboost diabetes-xgboost-ubj wine-mlp-onnx; do
  echo "== $example"
  "$PYTHON" "$HERE/$example/train.py"
done
# Variants of the breast-cancer model for shadow rollouts; they read its model and golden file.
echo "== breast-cancer-xgboost variants"
"$PYTHON" "$HERE/breast-cancer-xgboost/train_variants.py"
