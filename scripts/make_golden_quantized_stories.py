#!/usr/bin/env python3
"""Writes tests/data/stories260K-Q4_K_M.gguf: stories260K as real llama-quantize (llama.cpp release
v0.5.0 of node-llama-cpp@3.22.1) writes it with file type Q4_K_M. The tests evaluate it against the
original with `eval --reference` and compare with the KL divergence real llama.cpp measured on the
same file (tests/data/llamacpp_kld_golden.json, made by make_golden_llamacpp_kld.py from the same call).

  QL_LLAMACPP_BINS=…/bins/linux-x64 /usr/bin/python3 scripts/make_golden_quantized_stories.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import llamacpp_oracle as oracle  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "..", "shared", "models", "stories260K", "stories260K.gguf")
DST = os.path.join(HERE, "..", "tests", "data", "stories260K-Q4_K_M.gguf")

types = oracle.quantize(SRC, DST, ftype="Q4_K_M")
print("%s: %d bytes, %d tensors" % (DST, os.path.getsize(DST), len(types)))
