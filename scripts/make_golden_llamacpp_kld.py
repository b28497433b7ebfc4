#!/usr/bin/env python3
"""Golden: the KL divergence and perplexity real llama.cpp measures for quantized files.

For each model (synthetic ones of the tests' generator, and stories260K) and each file type, the file
real llama-quantize writes (node-llama-cpp@3.22.1 = llama.cpp v0.5.0) is evaluated by real llama.cpp on
token chunks (sampled from the base model) as llama-perplexity evaluates them (--ctx 256: each chunk one batch, its first token BOS,
flash attention "auto", F16 KV cache: the defaults); its logits and the base model's give
llama-perplexity's --kl-divergence statistics (scripts/llamacpp_kld.py). Also the base model's logits
with an F32 KV cache, to tell the KV cache's share of the error.

  /usr/bin/python3 scripts/make_golden_llamacpp_kld.py build/bin tests/data/llamacpp_kld_golden.json
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import llamacpp_kld  # noqa: E402
import llamacpp_oracle as oracle  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
STORIES = os.path.join(HERE, "..", "..", "shared", "models", "stories260K", "stories260K.gguf")

MODELS = [
    {"name": "synthetic 2 layers 256 wide GQA 2", "synth": ["--layers", "2", "--dim", "256", "--hidden", "512", "--heads", "8", "--kv-heads", "4"]},
    {"name": "synthetic 2 layers 256 wide GQA 2, F16", "synth": ["--layers", "2", "--dim", "256", "--hidden", "512", "--heads", "8", "--kv-heads", "4", "--f16"]},
    {"name": "synthetic 8 layers 64 wide 172 hidden GQA 4", "synth": ["--layers", "8", "--dim", "64", "--hidden", "172", "--heads", "8", "--kv-heads", "2", "--seed", "3"]},
    {"name": "stories260K", "file": STORIES},
]
FTYPES = ["Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_K_S", "Q4_0", "Q4_1", "Q5_1", "Q3_K_M", "Q2_K"]
N_CTX, N_CHUNK, VOCAB = 256, 16, 512


def logits(bins, path, chunks, tmp, **opts):
    job = os.path.join(tmp, "job.json")
    out = os.path.join(tmp, "logits.f32")
    # llama-perplexity replaces each chunk's first token by BOS before evaluating it
    evaluated = [[1] + c[1:] for c in chunks]
    with open(job, "w") as f:
        json.dump(dict(model=path, chunks=evaluated, vocab=VOCAB, **opts), f)
    r = subprocess.run(["node", os.path.join(HERE, "llamacpp_logits.mjs"), job, out], check=True, capture_output=True, text=True)
    info = json.loads(r.stdout.strip().splitlines()[-1])
    return np.fromfile(out, dtype=np.float32).reshape(len(chunks), N_CTX, VOCAB), info


def sample(bins, path, tmp, seed):
    """Chunks the base model samples from itself (temperature 1, quantlens-cli sample): text it finds
    likely, as real text is."""
    out = os.path.join(tmp, "tokens.txt")
    subprocess.run([os.path.join(bins, "quantlens-cli"), "sample", path, "--count", str(N_CHUNK), "--length", str(N_CTX), "--seed",
                    str(seed), "--out", out], check=True, capture_output=True)
    return [[int(t) for t in line.split()] for line in open(out)]


def main():
    bins, out = sys.argv[1], sys.argv[2]
    result = {"generator": "scripts/make_golden_llamacpp_kld.py", "n_ctx": N_CTX,
              "reference": "llama.cpp release v0.5.0 (node-llama-cpp 3.22.1), CPU, flash attention auto, F16 KV cache",
              "models": []}
    with tempfile.TemporaryDirectory() as tmp:
        for mi, m in enumerate(MODELS):
            src = m.get("file") or os.path.join(tmp, "base.gguf")
            if "synth" in m:
                subprocess.run([os.path.join(bins, "ql-synth"), src] + m["synth"], check=True)
            chunks = sample(bins, src, tmp, 100 + mi)
            base, info = logits(bins, src, chunks, tmp)
            base32, _ = logits(bins, src, chunks, tmp, kv="F32")
            entry = {"name": m["name"], "synth": m.get("synth"), "file": "stories260K" if "file" in m else None,
                     "tokens": chunks, "base_tokens_per_second": info["tokens"] / info["seconds"],
                     "kv_f32_vs_f16": llamacpp_kld.kld_stats(base32, base, chunks, N_CTX),
                     "base_top": [[[int(i), float(base[0][p][i])] for i in np.argsort(-base[0][p])[:5]] for p in range(4)],
                     "files": []}
            for ftype in FTYPES:
                q = os.path.join(tmp, "q.gguf")
                types = oracle.quantize(src, q, ftype)
                ql, _ = logits(bins, q, chunks, tmp)
                stats = llamacpp_kld.kld_stats(base, ql, chunks, N_CTX)
                entry["files"].append({"ftype": ftype, "stats": stats})
                print(m["name"], ftype, "KLD %.6f  PPL %.4f  base %.4f" % (stats["kld_mean"], stats["ppl"], stats["ppl_base"]), file=sys.stderr)
            result["models"].append(entry)
    with open(out, "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
