#!/usr/bin/env python3
"""Golden llama-quantize output with an importance matrix (node-llama-cpp@3.22.1, llama.cpp v0.5.0).

Writes a synthetic Llama GGUF with the tests' own generator (build/bin/ql-synth, the same bytes the
tests make in-process), an importance matrix in llama.cpp's legacy .dat layout (heavy-tailed random
mean squares, three calls) and quantizes the model with real llama_model_quantize to each of the
i-quants with that imatrix, --pure (every weight the ftype's type; IQ2_S by a tensor-type override). llama-quantize's own conversion
of the file (each value divided by the call count, in float) is what the library receives. For every
tensor of every run the golden records the type, the SHA-256 of the quantized bytes and of their
dequantization by ggml's to_float (float32, little-endian).

  /usr/bin/python3 scripts/make_golden_llamacpp_imatrix.py build/bin/ql-synth tests/data
  -> tests/data/llamacpp_imatrix.dat, tests/data/llamacpp_imatrix_golden.json
"""
import ctypes
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import llamacpp_oracle as oracle  # noqa: E402

sys.path.insert(0, "/work/oracle/llama.cpp/gguf-py")
import gguf  # noqa: E402

# The synthetic model (SynthLlama fields; the test builds the same one).
MODEL = {"layers": 1, "dim": 256, "hidden": 256, "heads": 4, "kv_heads": 4, "vocab": 256, "seed": 13}
FTYPES = ["IQ1_S", "IQ1_M", "IQ2_XXS", "IQ2_XS", "IQ2_S", "IQ3_XXS", "IQ3_S", "IQ4_XS", "IQ4_NL"]
NCALL = 3


class TypeTraits(ctypes.Structure):
    _fields_ = [("type_name", ctypes.c_char_p), ("blck_size", ctypes.c_int64), ("blck_size_interleave", ctypes.c_int64),
                ("type_size", ctypes.c_size_t), ("is_quantized", ctypes.c_bool),
                ("to_float", ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64)),
                ("from_float_ref", ctypes.c_void_p)]


def write_legacy_imatrix(path, entries):
    """llama.cpp's legacy imatrix: n, then per entry name length, name, ncall, nval, values; then the
    last call count and the dataset name."""
    with open(path, "wb") as f:
        f.write(struct.pack("<i", len(entries)))
        for name, values in entries.items():
            b = name.encode()
            f.write(struct.pack("<i", len(b)) + b + struct.pack("<ii", NCALL, len(values)))
            f.write(np.asarray(values, dtype="<f4").tobytes())
        f.write(struct.pack("<i", NCALL))
        ds = b"synthetic"
        f.write(struct.pack("<i", len(ds)) + ds)


def main():
    synth, outdir = sys.argv[1], sys.argv[2]
    ggml, _ = oracle.libs()
    ggml.ggml_get_type_traits.restype = ctypes.POINTER(TypeTraits)
    ggml.ggml_get_type_traits.argtypes = [ctypes.c_int]
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "model.gguf")
        subprocess.run([synth, src, "--layers", str(MODEL["layers"]), "--dim", str(MODEL["dim"]), "--hidden",
                        str(MODEL["hidden"]), "--heads", str(MODEL["heads"]), "--kv-heads", str(MODEL["kv_heads"]),
                        "--vocab", str(MODEL["vocab"]), "--seed", str(MODEL["seed"])], check=True)
        weights = {t.name: [int(x) for x in reversed(t.shape)] for t in gguf.GGUFReader(src).tensors if len(t.shape) >= 2}
        # Sums over NCALL calls of mean squares spanning four decades, a few inputs never active.
        entries = {}
        for name, shape in weights.items():
            v = np.exp(rng.normal(0.0, 1.2, shape[-1])).astype(np.float32) * np.float32(NCALL)
            v[rng.integers(0, shape[-1], 3)] = 0.0
            entries[name] = v
        dat = os.path.join(outdir, "llamacpp_imatrix.dat")
        write_legacy_imatrix(dat, entries)
        # What llama-quantize's load_imatrix hands the library: each value / ncall, in float.
        imatrix = {n: (v / np.float32(NCALL)).astype(np.float32).tolist() for n, v in entries.items()}
        runs = {}
        for ftype in FTYPES:
            dst = os.path.join(tmp, ftype + ".gguf")
            # The IQ2_S ftype writes IQ2_XS by default: a tensor-type override makes every weight IQ2_S.
            overrides = [("weight", oracle.type_id("iq2_s"))] if ftype == "IQ2_S" else ()
            oracle.quantize(src, dst, ftype, pure=True, imatrix=imatrix, overrides=overrides)
            tensors = {}
            for t in gguf.GGUFReader(dst).tensors:
                if t.name not in weights:
                    continue
                raw = bytes(t.data.tobytes())
                n = int(np.prod(weights[t.name]))
                out = (ctypes.c_float * n)()
                tr = ggml.ggml_get_type_traits(int(t.tensor_type)).contents
                buf = ctypes.create_string_buffer(raw, len(raw))
                tr.to_float(buf, out, n)
                values = np.frombuffer(out, dtype="<f4").tobytes()
                tensors[t.name] = {"type": oracle.type_name(int(t.tensor_type)), "bytes_sha256": hashlib.sha256(raw).hexdigest(),
                                   "values_sha256": hashlib.sha256(values).hexdigest()}
            runs[ftype] = tensors
            print(ftype, sorted({v["type"] for v in tensors.values()}), file=sys.stderr)
    golden = {"generator": "scripts/make_golden_llamacpp_imatrix.py",
              "reference": "llama_model_quantize of llama.cpp release v0.5.0 (node-llama-cpp 3.22.1), --pure, with the imatrix",
              "model": MODEL, "imatrix": "llamacpp_imatrix.dat", "runs": runs}
    with open(os.path.join(outdir, "llamacpp_imatrix_golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
