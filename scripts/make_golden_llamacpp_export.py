#!/usr/bin/env python3
"""Golden: what real llama-quantize writes from QuantLens's llama.cpp exports of mixed plans.

For synthetic models of the tests' generator (build/bin/ql-synth), random plans (every tensor a type its
rows can hold, some named the Hugging Face way) are exported with `quantlens-cli export --to llamacpp`;
the tensor-type file is read as llama-quantize's command line reads it and the printed command's flags
are passed to llama_model_quantize (node-llama-cpp@3.22.1, llama.cpp v0.5.0), which writes the file; the
types of the written file are recorded.

  /usr/bin/python3 scripts/make_golden_llamacpp_export.py build/bin tests/data/llamacpp_export_golden.json
"""
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import llamacpp_oracle as oracle  # noqa: E402

sys.path.insert(0, "/work/oracle/llama.cpp/gguf-py")
import gguf  # noqa: E402

MODELS = [
    {"name": "2 layers, 256 wide, GQA 2", "layers": 2, "dim": 256, "hidden": 512, "heads": 8, "kv_heads": 4, "vocab": 512},
    {"name": "8 layers, 64 wide, 172 hidden, GQA 4", "layers": 8, "dim": 64, "hidden": 172, "heads": 8, "kv_heads": 2, "vocab": 512},
]
TYPES = ["q2_K", "q3_K", "q4_K", "q5_K", "q6_K", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "f16", "bf16"]
BLOCK = {"q2_K": 256, "q3_K": 256, "q4_K": 256, "q5_K": 256, "q6_K": 256, "q8_0": 32, "q4_0": 32, "q4_1": 32,
         "q5_0": 32, "q5_1": 32, "f16": 1, "bf16": 1}
SPEC = {"f16": "fp16"}
HF = {"token_embd.weight": "model.embed_tokens.weight", "output.weight": "lm_head.weight"}
HF_LAYER = {"attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj", "attn_v": "self_attn.v_proj",
            "attn_output": "self_attn.o_proj", "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj", "ffn_down": "mlp.down_proj"}


def hf_name(n):
    if n in HF:
        return HF[n]
    _, layer, role, _ = n.split(".")
    return "model.layers.%s.%s.weight" % (layer, HF_LAYER[role])


def synth_args(m):
    return ["--layers", str(m["layers"]), "--dim", str(m["dim"]), "--hidden", str(m["hidden"]), "--heads", str(m["heads"]),
            "--kv-heads", str(m["kv_heads"]), "--vocab", str(m["vocab"])]


def main():
    bins, out = sys.argv[1], sys.argv[2]
    cli = os.path.join(bins, "quantlens-cli")
    result = {"generator": "scripts/make_golden_llamacpp_export.py",
              "reference": "llama-quantize of llama.cpp release v0.5.0 (node-llama-cpp 3.22.1)", "models": []}
    with tempfile.TemporaryDirectory() as tmp:
        for mi, m in enumerate(MODELS):
            src = os.path.join(tmp, "model.gguf")
            subprocess.run([os.path.join(bins, "ql-synth"), src] + synth_args(m), check=True)
            weights = [(t.name, int(t.shape[0]), int(t.n_elements)) for t in gguf.GGUFReader(src).tensors if len(t.shape) == 2]
            plans = []
            for pi in range(4):
                rng = random.Random(1000 * mi + pi)
                hf = pi % 2 == 1
                # plan 0 and 1: random mixes; 2: mostly one type (the file type's mixture must not leak); 3: no head/embedding
                base = rng.choice(["q4_K", "q5_0", "q6_K", "q8_0"])
                entries = []
                for name, row, n in weights:
                    if pi == 3 and name in ("output.weight", "token_embd.weight"):
                        continue
                    fits = [t for t in TYPES if row % BLOCK[t] == 0]
                    t = base if (pi == 2 and base in fits and rng.random() < 0.8) else rng.choice(fits)
                    entries.append({"name": hf_name(name) if hf else name, "spec": SPEC.get(t, t.lower()), "row_length": row,
                                    "parameters": n, "type": t})
                plan_path = os.path.join(tmp, "plan.json")
                with open(plan_path, "w") as f:
                    json.dump({"format": "quantlens-plan", "version": 1, "tensors": entries}, f)
                tt = os.path.join(tmp, "types.txt")
                r = subprocess.run([cli, "export", plan_path, "--to", "llamacpp", "--out", tt], check=True, capture_output=True, text=True)
                command = [l for l in r.stdout.splitlines() if l.startswith("llama-quantize")][0]
                args = shlex.split(command)
                opts = {}
                i = 1
                while args[i].startswith("--"):
                    opts[args[i]] = args[i + 1]
                    i += 2
                ftype = args[-1]
                text = open(tt).read() if os.path.exists(tt) and "--tensor-type-file" in opts else ""
                dst = os.path.join(tmp, "out.gguf")
                types = oracle.quantize(src, dst, ftype, overrides=oracle.parse_tensor_type_words(text),
                                        output_type=opts.get("--output-tensor-type"), embd_type=opts.get("--token-embedding-type"))
                written = {t.name: t.tensor_type.name.lower() for t in gguf.GGUFReader(dst).tensors}
                assert all(written[k].lower() == v.lower() for k, v in types.items()), "log and file disagree"
                plans.append({"entries": entries, "file": text, "command": command, "written": types})
                bad = [e["name"] for e in entries if types[e["name"] if not hf else
                                                          [w for w, _, _ in weights if hf_name(w) == e["name"]][0]].lower() != e["type"].lower()]
                print(m["name"], "plan", pi, "types differing from the plan:", bad, file=sys.stderr)
            result["models"].append(dict(m, plans=plans))
    with open(out, "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
