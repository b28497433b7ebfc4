#!/usr/bin/python3
"""Writes a synthetic multi-GB safetensors checkpoint for measuring open time and memory.

  /usr/bin/python3 scripts/make_big_safetensors.py OUT.safetensors [GiB]   (default 4 GiB)

Llama-like names and shapes (BF16), random values; then for example
  /usr/bin/time -v build/bin/quantlens-cli info OUT.safetensors
  /usr/bin/time -v build/bin/quantlens-cli stats OUT.safetensors --tensor model.layers.0.mlp.up_proj.weight
"""
import json
import struct
import sys

import numpy as np

out = sys.argv[1]
gib = float(sys.argv[2]) if len(sys.argv) > 2 else 4.0
hidden, inter = 4096, 11008
shapes = {
    "self_attn.q_proj.weight": (hidden, hidden), "self_attn.k_proj.weight": (hidden, hidden),
    "self_attn.v_proj.weight": (hidden, hidden), "self_attn.o_proj.weight": (hidden, hidden),
    "mlp.gate_proj.weight": (inter, hidden), "mlp.up_proj.weight": (inter, hidden),
    "mlp.down_proj.weight": (hidden, inter), "input_layernorm.weight": (hidden,),
}
per_layer = sum(int(np.prod(s)) for s in shapes.values()) * 2
layers = max(1, int(gib * 2**30 // per_layer))
header, offset = {"__metadata__": {"format": "pt"}}, 0
for l in range(layers):
    for name, shape in shapes.items():
        n = int(np.prod(shape)) * 2
        header[f"model.layers.{l}.{name}"] = {"dtype": "BF16", "shape": list(shape), "data_offsets": [offset, offset + n]}
        offset += n
h = json.dumps(header).encode()
h += b" " * ((8 - len(h) % 8) % 8)
rng = np.random.default_rng(0)
with open(out, "wb") as f:
    f.write(struct.pack("<Q", len(h)))
    f.write(h)
    for l in range(layers):
        for name, shape in shapes.items():
            v = (rng.standard_normal(shape, dtype=np.float32) * 0.02).view(np.uint32)
            f.write((v >> 16).astype(np.uint16).tobytes())
print(f"{out}: {layers} layers, {offset / 2**30:.2f} GiB of tensor data")
