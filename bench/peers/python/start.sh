#!/bin/sh
# Start the Python peer server in the foreground (exec), one model per process.
#   start.sh MODEL PORT [WORKERS]     MODEL: breast-cancer | wine
# WORKERS absent or 1: a single uvicorn process; WORKERS > 1: gunicorn with that many
# uvicorn workers (plus the gunicorn arbiter). Access logs are off in both.
# The caller can background it, pin it with taskset and kill its process group.
set -eu
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 MODEL PORT [WORKERS]   (MODEL: breast-cancer | wine)" >&2
    exit 2
fi
MODEL=$1
PORT=$2
WORKERS=${3:-1}
case $MODEL in
    breast-cancer|wine) ;;
    *) echo "unknown model '$MODEL' (breast-cancer | wine)" >&2; exit 2 ;;
esac

cd "$(dirname "$0")"
export SERVE_MODEL="$MODEL"
# One thread per process for every numeric library; parallelism comes from workers.
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
       BLIS_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1
export PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
PY=/usr/bin/python3   # Debian's interpreter: the one with fastapi, uvicorn, xgboost, torch

if [ "$WORKERS" -le 1 ]; then
    # uvloop and httptools, as uvicorn[standard] installs them: twice the h11/asyncio req/s.
    exec "$PY" -m uvicorn serve:app --host 127.0.0.1 --port "$PORT" \
        --loop uvloop --http httptools --log-level warning --no-access-log
else
    # No --access-logfile: gunicorn's access log has no handler, so UvicornWorker hands
    # uvicorn.access none either and uvicorn's h11 protocol skips access logging.
    # UvicornWorker picks uvloop and httptools (loop/http "auto") when they are installed.
    exec "$PY" -m gunicorn -k uvicorn.workers.UvicornWorker -w "$WORKERS" \
        -b "127.0.0.1:$PORT" --log-level warning serve:app
fi
