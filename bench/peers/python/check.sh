#!/bin/sh
# Golden-example check of the Python peer in every start.sh configuration; see check.py.
exec /usr/bin/python3 "$(dirname "$0")/check.py" "$@"
