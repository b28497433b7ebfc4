#!/usr/bin/python3
"""Development-time generator of the goldens for llama.cpp's i-quants, ternary, 1-2 bit and float
block types (issue 13), from the reference library itself: the prebuilt libggml-base.so of
node-llama-cpp@3.22.1 (llama.cpp release v0.5.0), called through its C API with ctypes.

    /usr/bin/python3 scripts/make_golden_ggml_types.py [path/to/libggml-base.so]

Writes (little endian throughout; CI only reads them, it needs neither llama.cpp nor npm):

tests/data/ggml_types_quant_golden.bin
    "QLQ2"  u32 version (1)
    u32 T   then T × { u32 ggml type, u32 row bytes of 512 values (ggml_row_size),
                       u32 requires an importance matrix (ggml_quantize_requires_imatrix) }
    u32 C   then C cases × {
        char[24] name (NUL padded)        u32 rows, u32 values per row, u32 has importance
        f32[rows × per row] values        f32[per row] importance (only when it has one)
        u32 K   then K × { u32 ggml type, u32 bytes, u8[bytes] ggml_quantize_chunk's output } }
    A type that ggml refuses to quantize without importance is absent from the cases without it.

tests/data/ggml_types_dequant_golden.bin
    "QLD2"  u32 version (1)
    u32 K   then K × { u32 ggml type, u32 blocks, u32 block bytes, u8[blocks × block bytes],
                       f32[blocks × block values] ggml_get_type_traits(type)->to_float of them }
    The blocks are a quarter of ggml's own output for the rows above followed by random bytes
    (every field value, odd scales included).
"""
import ctypes
import pathlib
import struct
import sys

import numpy as np

root = pathlib.Path(__file__).resolve().parent.parent
lib_path = (sys.argv[1] if len(sys.argv) > 1 else
            "/work/oracle/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libggml-base.so")
lib = ctypes.CDLL(lib_path)


class TypeTraits(ctypes.Structure):
    # struct ggml_type_traits of ggml.h (v0.5.0): only the fields up to to_float are read.
    _fields_ = [
        ("type_name", ctypes.c_char_p),
        ("blck_size", ctypes.c_int64),
        ("blck_size_interleave", ctypes.c_int64),
        ("type_size", ctypes.c_size_t),
        ("is_quantized", ctypes.c_bool),
        ("to_float", ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64)),
        ("from_float_ref", ctypes.c_void_p),
    ]


lib.ggml_quantize_chunk.restype = ctypes.c_size_t
lib.ggml_quantize_chunk.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64,
                                    ctypes.c_int64, ctypes.c_void_p]
lib.ggml_row_size.restype = ctypes.c_size_t
lib.ggml_row_size.argtypes = [ctypes.c_int, ctypes.c_int64]
lib.ggml_quantize_requires_imatrix.restype = ctypes.c_bool
lib.ggml_quantize_requires_imatrix.argtypes = [ctypes.c_int]
lib.ggml_get_type_traits.restype = ctypes.POINTER(TypeTraits)
lib.ggml_get_type_traits.argtypes = [ctypes.c_int]

# The new types of issue 13, by ggml type id.
TYPES = {
    "iq4_nl": 20, "iq4_xs": 23, "mxfp4": 39, "nvfp4": 40, "tq1_0": 34, "tq2_0": 35, "q1_0": 41, "q2_0": 42,
    "iq3_xxs": 18, "iq3_s": 21, "iq2_xxs": 16, "iq2_xs": 17, "iq2_s": 22, "iq1_s": 19, "iq1_m": 29,
}
PER_ROW = 512


def quantize(t, x, importance):
    rows, n = x.shape
    out = ctypes.create_string_buffer(lib.ggml_row_size(t, n) * rows)
    xs = np.ascontiguousarray(x, dtype="<f4")
    imp = None if importance is None else np.ascontiguousarray(importance, dtype="<f4")
    size = lib.ggml_quantize_chunk(t, xs.ctypes.data, out, 0, rows, n, None if imp is None else imp.ctypes.data)
    assert size == len(out.raw)
    return out.raw


def dequantize(t, data, values):
    y = np.zeros(values, dtype="<f4")
    src = ctypes.create_string_buffer(data, len(data))
    lib.ggml_get_type_traits(t).contents.to_float(src, y.ctypes.data, values)
    return y


def cases():
    """Rows that stress the searches: (name, values [rows, 512], importance or None)."""
    rng = np.random.default_rng(20240613)
    f = np.float32
    out = []
    g = rng.normal(0, 0.02, (4, PER_ROW)).astype(f)
    out.append(("gaussian", g))
    t = (rng.standard_t(2, (4, PER_ROW)) * 0.01).astype(f)
    out.append(("heavy_tails", t))
    o = rng.normal(0, 0.02, (4, PER_ROW)).astype(f)
    o[:, [7, 100, 333]] *= 60.0  # outlier columns
    o[1, 300] = -4.0
    out.append(("outlier_columns", o))
    z = rng.normal(0, 0.02, (4, PER_ROW)).astype(f)
    z[0, :] = 0.0  # an all-zero row
    z[1, 32:64] = 0.0  # a zero sub-block
    z[2, 256:] = 0.0  # a zero super-block
    z[3, ::2] = 0.0  # every other value
    out.append(("zeros", z))
    c = np.full((4, PER_ROW), 0.37, dtype=f)
    c[1, :] = -0.125
    c[2, :256] = 1.0
    c[2, 256:] = -3.0
    c[3, 64:128] = 0.0
    out.append(("constant", c))
    d = (rng.normal(0, 1.0, (4, PER_ROW)) * 1e-39).astype(f)  # denormals
    d[1, :] *= 1e-6  # deep denormals (a few steps of 2^-149)
    d[2, :64] = np.float32(1e-45)
    d[3, :] = (rng.normal(0, 0.02, PER_ROW)).astype(f)
    d[3, 100:200] = (rng.normal(0, 1.0, 100) * 1e-40).astype(f)
    out.append(("denormals", d))
    ties = (rng.integers(-8, 9, (4, PER_ROW)) / 16.0).astype(f)  # few distinct values: ties everywhere
    ties[1, :] = (rng.integers(-2, 3, PER_ROW) * 0.5).astype(f)
    ties[2, :] = ((np.arange(PER_ROW) % 7) - 3).astype(f) * 0.25
    ties[3, :] = (rng.integers(-1, 2, PER_ROW)).astype(f)
    out.append(("ties", ties))
    big = (rng.normal(0, 1.0, (2, PER_ROW)) * 3e4).astype(f)  # scales past FP16's range
    big[1, :] = (rng.normal(0, 1.0, PER_ROW) * 3e-6).astype(f)  # scales below FP16's normals
    out.append(("large_and_small", big))
    pos = np.abs(rng.normal(0, 0.02, (2, PER_ROW))).astype(f)
    pos[1, :] = -pos[1, :]
    out.append(("one_signed", pos))
    res = []
    for name, x in out:
        res.append((name, x, None))
        imp = (np.abs(rng.normal(0, 1.0, PER_ROW)) * 5 + 0.01).astype(f)
        if name == "zeros":
            imp[::5] = 0.0  # some columns without importance
        if name == "ties":
            imp[:] = 1.0
        if name == "outlier_columns":
            imp[[7, 100, 333]] = 50.0
        res.append((name, x, imp))
    return res


def main():
    qpath = root / "tests" / "data" / "ggml_types_quant_golden.bin"
    dpath = root / "tests" / "data" / "ggml_types_dequant_golden.bin"
    q = bytearray(b"QLQ2") + struct.pack("<I", 1)
    q += struct.pack("<I", len(TYPES))
    for name, t in TYPES.items():
        q += struct.pack("<III", t, lib.ggml_row_size(t, PER_ROW), int(lib.ggml_quantize_requires_imatrix(t)))
    all_cases = cases()
    q += struct.pack("<I", len(all_cases))
    blocks_for = {t: [] for t in TYPES.values()}
    for name, x, imp in all_cases:
        rows, n = x.shape
        q += name.encode().ljust(24, b"\0") + struct.pack("<III", rows, n, 0 if imp is None else 1)
        q += x.astype("<f4").tobytes()
        if imp is not None:
            q += imp.astype("<f4").tobytes()
        done = [(t, quantize(t, x, imp)) for t in TYPES.values()
                if imp is not None or not lib.ggml_quantize_requires_imatrix(t)]
        q += struct.pack("<I", len(done))
        for t, data in done:
            q += struct.pack("<II", t, len(data)) + data
            blocks_for[t].append(data)
    qpath.write_bytes(bytes(q))

    rng = np.random.default_rng(7)
    d = bytearray(b"QLD2") + struct.pack("<I", 1)
    d += struct.pack("<I", len(TYPES))
    for name, t in TYPES.items():
        tr = lib.ggml_get_type_traits(t).contents
        bb, be = tr.type_size, tr.blck_size
        # A quarter of ggml's blocks of every case (each case a different quarter), then random ones.
        data = b"".join(c[k * bb:(k + 1) * bb] for i, c in enumerate(blocks_for[t]) for k in range(len(c) // bb)
                        if (k + i) % 4 == 0)
        data += rng.integers(0, 256, bb * 24, dtype=np.uint8).tobytes()
        blocks = len(data) // bb
        y = dequantize(t, data, blocks * be)
        d += struct.pack("<III", t, blocks, bb) + data + y.tobytes()
    dpath.write_bytes(bytes(d))
    print(f"{qpath}: {len(q)} bytes, {len(all_cases)} cases; {dpath}: {len(d)} bytes")


if __name__ == "__main__":
    main()
