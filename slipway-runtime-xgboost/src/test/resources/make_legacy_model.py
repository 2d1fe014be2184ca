#!/usr/bin/python3
"""Writes breast-cancer-xgboost-1.7.bin: the breast-cancer example's booster in the legacy binary
format, as Python XGBoost 1.7 saves it, so the tests prove that such files load.

Run with Debian's Python and its packaged XGBoost 1.7 (apt-get install -y python3-xgboost):

    /usr/bin/python3 slipway-runtime-xgboost/src/test/resources/make_legacy_model.py

The output is committed, so tests never need Python.
"""
import os

import xgboost

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "..", "..", "..", "examples", "breast-cancer-xgboost", "model.json")

booster = xgboost.Booster(model_file=SOURCE)
with open(os.path.join(HERE, "breast-cancer-xgboost-1.7.bin"), "wb") as out:
    out.write(booster.save_raw(raw_format="deprecated"))
