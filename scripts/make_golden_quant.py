#!/usr/bin/python3
"""Development-time generator of tests/data/golden_quant_torch.npz: integer fake quantization by
PyTorch (Debian's python3-torch), the independent implementation QuantLens's integer formats are
checked against bit for bit.

Scales are computed as QuantLens specifies them (symmetric: absmax / (2^(b-1) - 1); asymmetric:
(max - min) / (2^b - 1) with the range widened to contain 0 and zero-point round(-min / s);
group scales rounded to FP16), then torch quantizes: torch.quantize_per_channel for the per-channel
INT8 codes, torch.fake_quantize_per_tensor_affine for every group.
"""
import json
import pathlib
import struct

import numpy as np
import torch

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "tests" / "data" / "golden_quant_torch.npz"


def safetensors_tensor(path, name):
    b = open(path, "rb").read()
    n = struct.unpack("<Q", b[:8])[0]
    h = json.loads(b[8 : 8 + n])
    e = h[name]
    start, end = e["data_offsets"]
    return np.frombuffer(b[8 + n + start : 8 + n + end], dtype="<f4").reshape(e["shape"]).copy()


def group_scales(w, bits, group, symmetric):
    rows, cols = w.shape
    scales, zeros = [], []
    for r in range(rows):
        for c0 in range(0, cols, group):
            g = w[r, c0 : c0 + group]
            lo, hi = np.float32(min(g.min(), 0)), np.float32(max(g.max(), 0))
            if symmetric:
                s = np.float32(max(-lo, hi)) / np.float32(2 ** (bits - 1) - 1)
                z = 0
            else:
                levels = np.float32(2**bits - 1)
                s = (hi - lo) / levels
                z = int(np.clip(np.rint(np.float32(-lo) / s), 0, levels)) if s > 0 else 0
            s = np.float32(np.float16(s))  # group scales are stored as FP16
            scales.append(s)
            zeros.append(z)
    return np.array(scales, np.float32), np.array(zeros, np.int32)


def fake_groups(w, bits, group, symmetric):
    scales, zeros = group_scales(w, bits, group, symmetric)
    qmin, qmax = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if symmetric else (0, 2**bits - 1)
    q = np.empty_like(w)
    k = 0
    rows, cols = w.shape
    for r in range(rows):
        for c0 in range(0, cols, group):
            t = torch.from_numpy(w[r, c0 : c0 + group].copy())
            q[r, c0 : c0 + group] = torch.fake_quantize_per_tensor_affine(t, float(scales[k]), int(zeros[k]), qmin, qmax).numpy()
            k += 1
    return q


rng = np.random.default_rng(11)
random = (rng.standard_t(3, size=(48, 300)) * 0.02).astype(np.float32)
random[3, 17] = 0.9  # an outlier
random[7, 128:256] = 0.0  # an all-zero group
stories = safetensors_tensor(
    root.parent / "shared" / "models" / "stories260K" / "model.safetensors", "model.layers.1.mlp.down_proj.weight"
)

arrays = {"random": random, "stories": stories}
for name, w in (("random", random), ("stories", stories)):
    # INT8 per channel, symmetric, FP32 scales: torch.quantize_per_channel codes and dequantized values.
    scales = (np.abs(w).max(axis=1) / np.float32(127)).astype(np.float32)
    qt = torch.quantize_per_channel(torch.from_numpy(w), torch.from_numpy(scales).double(), torch.zeros(w.shape[0], dtype=torch.int64), 0, torch.qint8)
    arrays[f"{name}_int8_channel_codes"] = qt.int_repr().numpy().astype(np.int32)
    arrays[f"{name}_int8_channel"] = torch.fake_quantize_per_channel_affine(
        torch.from_numpy(w), torch.from_numpy(scales), torch.zeros(w.shape[0], dtype=torch.int32), 0, -128, 127
    ).numpy()
    arrays[f"{name}_int4_g128"] = fake_groups(w, 4, 128, True)
    arrays[f"{name}_int3_g64_asym"] = fake_groups(w, 3, 64, False)
    arrays[f"{name}_int4_g32_asym"] = fake_groups(w, 4, 32, False)
np.savez(out, **arrays)
print("wrote", out, "torch", torch.__version__)
