#!/usr/bin/env python3
"""Trains a small byte-level BPE vocabulary (GPT-2 alphabet, ranked merges) on a text written here and
writes it to tests/data/tokenizers/bpe_vocab.json: tokens, token types and merges. No real GPT-2,
Llama 3 or Qwen vocabulary is available offline; this one exercises the same machinery (byte-level
symbols, merge ranks, special and user-defined tokens, tokens no merge reaches). Deterministic:
ties between equally frequent pairs go to the smallest pair.

    /usr/bin/python3 scripts/make_bpe_vocab.py
"""
import collections
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "tokenizers", "bpe_vocab.json")
MERGES = 1800

CORPUS = """
The quick brown fox jumps over the lazy dog. It's a test, isn't it? We'll see what they've done.
Quantization maps real numbers onto a small grid: the scale s = max|w| / (2^(b-1) - 1), and the
zero-point shifts the grid. In 2024 the model had 7,000,000,000 parameters; in 2025, 70 billion.
Numbers: 0 1 2 3 4 5 6 7 8 9 10 42 100 256 1024 3.14159 2.71828 1e-5 0x1F 123456789 2025-01-31.
Punctuation runs... !!! ??? --- *** ((( ))) [[[ ]]] {{{ }}} <<< >>> ;;; ::: ,,, ''' \"\"\" ~~~ ### $$$.
def quantize(w, bits=4):
    scale = max(abs(x) for x in w) / (2 ** (bits - 1) - 1)
    return [round(x / scale) for x in w]

for (int i = 0; i < n; ++i) {
\tout[i] = std::round(in[i] / scale);  // round to nearest, ties to even
}
if (x != nullptr && y >= 0) { return x->value + y; }
Über die Straße gehen Müller und Schäfer; große Bäume stehen am Fluss. Äpfel, Öl, Übung.
Le café est très bon à Paris; où est la bibliothèque? Ça va, garçon? Noël, naïve, façade.
El niño comió jalapeños en España. ¿Dónde está la estación? ¡Olé!
Москва — столица России. Привет, мир! Это тест.
Η γλώσσα είναι ελληνική. Καλημέρα κόσμε.
机器学习模型的量化可以减少内存使用。我们测试中文分词。你好，世界！
日本語のテキストも含まれています。こんにちは、世界。カタカナとひらがな。
한국어 문장도 있습니다. 안녕하세요 세계.
Emoji: 😀 😃 😄 👍 🚀 ❤️ 👨‍👩‍👧 🇩🇪 🎉 ✨
Combining marks: e\u0301 a\u0308 n\u0303 o\u0302 (decomposed), é ä ñ ô (composed).
Tabs\tand\tspaces    multiple     spaces.  Two  spaces.   Three.
Lines
with
newlines


and blank lines.
Windows\r\nline\r\nendings.
quantization quantization quantization the the the model model model weights weights
llama llama tokenizer tokenizer tokens tokens merges merges bytes bytes
"""

def bytes_to_unicode():
    keep = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, n = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + n)
            n += 1
    return table

WORD = re.compile(r"'(?:s|t|re|ve|m|ll|d)| ?[^\W\d_]+| ?\d{1,3}| ?[^\s\w]+|\s+(?!\S)|\s+")

def main():
    enc = bytes_to_unicode()
    text = CORPUS * 3
    words = collections.Counter()
    for w in WORD.findall(text):
        words[tuple(enc[b] for b in w.encode("utf-8"))] += 1
    tokens = [enc[b] for b in range(256)]
    merges = []
    vocab = set(tokens)
    words = dict(words)
    for _ in range(MERGES):
        pairs = collections.Counter()
        for w, c in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] += c
        if not pairs:
            break
        best = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        merges.append(best[0] + " " + best[1])
        new = best[0] + best[1]
        if new not in vocab:
            vocab.add(new)
            tokens.append(new)
        merged = {}
        for w, c in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(new)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + c
        words = merged
    types = [1] * len(tokens)
    # Whole words no merge sequence produces: with ignore_merges (llama-bpe) they are taken as they are.
    for extra in ["ĠQuantLens", "Ġllamas", "Ġtokenizing", "Ġquantized", "ĠMüller", "Ġ2024"]:
        if extra not in vocab:
            vocab.add(extra)
            tokens.append(extra)
            types.append(1)
    # Special tokens: control (3), a normal-typed one llama.cpp makes control by its text, user-defined (4).
    for text_, ty in [("<|begin_of_text|>", 3), ("<|end_of_text|>", 3), ("<|eot_id|>", 3), ("<|im_start|>", 3), ("<|im_end|>", 3),
                      ("<|endoftext|>", 1), ("<tool_call>", 4), ("</tool_call>", 4), ("[[sep]]", 4)]:
        tokens.append(text_)
        types.append(ty)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"tokens": tokens, "types": types, "merges": merges}, f, ensure_ascii=False, indent=0)
        f.write("\n")
    print(f"{len(tokens)} tokens, {len(merges)} merges -> {OUT}")

if __name__ == "__main__":
    main()
