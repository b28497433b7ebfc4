#!/usr/bin/env python3
"""Golden: real llama.cpp's logits for the tiny random-weight model of each family the judge runs.

For each family (tests/support/synthmodel.cpp, synthFamily: llama3, mistral, qwen2, qwen3, qwen3moe,
gemma2, gemma3, phi3, mixtral, qwen2moe) ql-synth writes the GGUF the tests write; real llama.cpp (node-llama-cpp@3.22.1 =
llama.cpp release v0.5.0, CPU) evaluates one chunk of token ids as one batch with an F32 KV cache
(flash attention "auto"), and its logits at every position are stored in tests/data/families/FAMILY.f32
(float32 [positions, vocab]); tests/data/families_golden.json lists the tokens and llama.cpp's speed.
Flash attention is off: with it on, llama.cpp casts an F32 cache's keys and values to F16 (build_attn_mha),
so only the non-flash path computes in F32. For llama3 the flash-attention logits with an F32 cache are
stored too (families/llama3-flash.f32), as the judge's llama.cpp numerics model that cast.

  /usr/bin/python3 scripts/make_golden_families.py build/bin tests/data [FAMILY ...]
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# (appended in order: a family's tokens are seeded by its index)
FAMILIES = ["llama3", "mistral", "qwen2", "qwen3", "qwen3moe", "gemma2", "gemma3", "phi3", "mixtral", "qwen2moe"]
N_TOKENS, VOCAB = 64, 320


def main():
    bins, data = sys.argv[1], sys.argv[2]
    families = sys.argv[3:] or FAMILIES
    index_path = os.path.join(data, "families_golden.json")
    index = json.load(open(index_path)) if os.path.exists(index_path) else {
        "generator": "scripts/make_golden_families.py",
        "reference": "llama.cpp release v0.5.0 (node-llama-cpp 3.22.1), CPU, one batch, F32 KV cache, flash attention auto",
        "families": {}}
    os.makedirs(os.path.join(data, "families"), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for fam in families:
            gguf = os.path.join(tmp, fam + ".gguf")
            subprocess.run([os.path.join(bins, "ql-synth"), gguf, "--family", fam], check=True)
            rng = np.random.default_rng(1400 + FAMILIES.index(fam))
            tokens = [1] + [int(t) for t in rng.integers(3, VOCAB, N_TOKENS - 1)]
            job, out = os.path.join(tmp, "job.json"), os.path.join(tmp, "logits.f32")

            def run(flash):
                with open(job, "w") as f:
                    json.dump({"model": gguf, "chunks": [tokens], "vocab": VOCAB, "kv": "F32", "threads": 2, "flashAttention": flash,
                               "contextSize": 2 * N_TOKENS}, f)
                r = subprocess.run(["node", os.path.join(HERE, "llamacpp_logits.mjs"), job, out], check=True, capture_output=True, text=True)
                return np.fromfile(out, dtype=np.float32).reshape(N_TOKENS, VOCAB), json.loads(r.stdout.strip().splitlines()[-1])

            logits, info = run(False)
            logits.tofile(os.path.join(data, "families", fam + ".f32"))
            index["families"][fam] = {"tokens": tokens, "vocab": VOCAB, "logits": "families/%s.f32" % fam,
                                      "llamacpp_tokens_per_second": info["tokens"] / max(info["seconds"], 1e-6)}
            if fam == "llama3":
                flash, _ = run("auto")
                flash.tofile(os.path.join(data, "families", fam + "-flash.f32"))
                index["families"][fam]["logits_flash"] = "families/%s-flash.f32" % fam
            print(fam, "logit range %.3f .. %.3f" % (logits.min(), logits.max()), file=sys.stderr)
    with open(index_path, "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
