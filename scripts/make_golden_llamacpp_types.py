#!/usr/bin/env python3
"""Golden tensor types from real llama-quantize (node-llama-cpp@3.22.1, llama.cpp release v0.5.0).

For synthetic Llama-architecture GGUFs written by the tests' own generator (build/bin/ql-synth), every
ftype of the release with and without an importance matrix, and runs with --tensor-type overrides,
--output-tensor-type, --token-embedding-type and --pure: the type llama-quantize gives each tensor.
Large shapes are written sparse (no data) and run with --dry-run, which computes the same types.

  /usr/bin/python3 scripts/make_golden_llamacpp_types.py build/bin/ql-synth tests/data/llamacpp_types_golden.json
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import llamacpp_oracle as oracle  # noqa: E402

MODELS = [
    {"name": "2 layers, 256 wide, GQA 2", "layers": 2, "dim": 256, "hidden": 512, "heads": 8, "kv_heads": 4, "vocab": 512},
    {"name": "8 layers, 64 wide, 172 hidden, GQA 4", "layers": 8, "dim": 64, "hidden": 172, "heads": 8, "kv_heads": 2, "vocab": 512},
    {"name": "8 layers, 256 wide, tied, no GQA", "layers": 8, "dim": 256, "hidden": 768, "heads": 4, "kv_heads": 4, "vocab": 512, "tied": True},
    {"name": "4 layers, 8 experts, GQA 4", "layers": 4, "dim": 256, "hidden": 256, "heads": 8, "kv_heads": 2, "vocab": 512, "experts": 8},
    {"name": "Llama-2-7B shape", "layers": 32, "dim": 4096, "hidden": 11008, "heads": 32, "kv_heads": 32, "vocab": 32000, "sparse": True},
    {"name": "Llama-3-8B shape", "layers": 32, "dim": 4096, "hidden": 14336, "heads": 32, "kv_heads": 8, "vocab": 1024, "sparse": True},
    {"name": "Llama-3-70B shape", "layers": 80, "dim": 8192, "hidden": 28672, "heads": 64, "kv_heads": 8, "vocab": 1024, "sparse": True},
]

IMATRIX_RULES = ["IQ3_XXS", "IQ4_NL", "IQ4_XS", "Q4_0", "Q5_0", "IQ2_XXS", "Q2_K_S"]

OVERRIDE_RUNS = [
    {"ftype": "Q4_K_M", "words": "attn_v=q8_0 ffn_down=q5_K"},
    {"ftype": "Q4_K_M", "words": "BLK\\.1\\.FFN_DOWN\\.weight=Q4_K blk\\.0\\.=q6_K"},
    {"ftype": "Q3_K_M", "words": "blk\\.[0-3]\\.attn_v\\.weight=q4_K", "output_type": "q8_0", "embd_type": "q4_K"},
    {"ftype": "Q5_K_S", "words": "ffn_up=iq4_nl", "pure": True},
    {"ftype": "Q6_K", "words": "", "leave_output": True},
    {"ftype": "F16", "words": "attn_q=q4_0", "output_type": "q8_0"},
]


def synth_args(m):
    a = ["--layers", str(m["layers"]), "--dim", str(m["dim"]), "--hidden", str(m["hidden"]), "--heads", str(m["heads"]),
         "--kv-heads", str(m["kv_heads"]), "--vocab", str(m["vocab"])]
    if m.get("experts"):
        a += ["--experts", str(m["experts"])]
    if m.get("tied"):
        a.append("--tied")
    if m.get("sparse"):
        a.append("--sparse")
    return a


def fake_imatrix(types_of_model, shapes):
    return {name: [1.0] * (shape[-1] * (shape[0] if len(shape) == 3 else 1)) for name, shape in shapes.items() if len(shape) >= 2}


def main():
    synth, out = sys.argv[1], sys.argv[2]
    result = {"generator": "scripts/make_golden_llamacpp_types.py",
              "reference": "llama-quantize of llama.cpp release v0.5.0 (node-llama-cpp 3.22.1), dry runs", "models": []}
    with tempfile.TemporaryDirectory() as tmp:
        for m in MODELS:
            path = os.path.join(tmp, "model.gguf")
            subprocess.run([synth, path] + synth_args(m), check=True)
            shapes = shapes_of(path)
            runs = []
            names = None
            for ftype in oracle.FTYPES:
                for imat in ([False, True] if ftype in IMATRIX_RULES else [False]):
                    try:
                        types = oracle.quantize(path, None, ftype, imatrix=fake_imatrix(None, shapes) if imat else None)
                    except RuntimeError as e:
                        # llama-quantize stops (e.g. no fallback for a row width): QuantLens must refuse too
                        runs.append({"ftype": ftype, "imatrix": imat, "error": str(e).strip().splitlines()[-1][-160:]})
                        continue
                    names = names or list(types)
                    runs.append({"ftype": ftype, "imatrix": imat, "types": [types[n] for n in names]})
            for r in OVERRIDE_RUNS:
                types = oracle.quantize(path, None, r["ftype"], overrides=oracle.parse_tensor_type_words(r["words"]),
                                        output_type=r.get("output_type"), embd_type=r.get("embd_type"),
                                        pure=r.get("pure", False), leave_output=r.get("leave_output", False))
                runs.append(dict(r, types=[types[n] for n in names]))
            entry = {k: v for k, v in m.items()}
            entry["tensors"] = names
            entry["runs"] = runs
            result["models"].append(entry)
            print(m["name"], len(names), "tensors", len(runs), "runs", file=sys.stderr)
            os.remove(path)
    with open(out, "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")


def shapes_of(path):
    sys.path.insert(0, "/work/oracle/llama.cpp/gguf-py")
    import gguf
    r = gguf.GGUFReader(path)
    return {t.name: [int(x) for x in reversed(t.shape)] for t in r.tensors}


if __name__ == "__main__":
    main()
