#!/usr/bin/env python3
"""Token ids from real llama.cpp (the pinned release, prebuilt in node-llama-cpp's package) for a
corpus of hard cases, for the vocabularies QuantLens's tokenizer tests rebuild:

  llama2         Llama 2's SentencePiece vocabulary (../shared/tokenizers/llama2/tokenizer.model) as
                 llama.cpp's converter stores it (tokenizer.ggml.model = llama)
  gemma-spm      the same pieces as Gemma 2/3's GGUFs are written: tokenizer.ggml.add_space_prefix = false
  stories260K    the vocabulary inside ../shared/models/stories260K/stories260K.gguf (512 pieces)
  bpe-<pre>      the byte-level BPE vocabulary of tests/data/tokenizers/bpe_vocab.json
                 (scripts/make_bpe_vocab.py) with tokenizer.ggml.pre = <pre>

Each vocabulary is written as a vocab-only GGUF (scripts/gguf_vocab.py) to a temporary folder, loaded
with llama_model_load_from_file(vocab_only) through ctypes, and every case tokenized with
llama_tokenize(add_special = true) with parse_special false (llama-perplexity's way) and true. The
cases are raw bytes (invalid UTF-8 included), stored as hex. Output: tests/data/tokenizers/goldens.json.

    /usr/bin/python3 scripts/make_tokenizer_goldens.py   (needs python3-sentencepiece)
"""
import ctypes
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gguf_vocab import vocab_kvs, write_gguf  # noqa: E402
from make_bpe_vocab import CORPUS  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINS = "/work/oracle/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64"
SP_MODEL = os.path.join(ROOT, "..", "shared", "tokenizers", "llama2", "tokenizer.model")
OUT = os.path.join(ROOT, "tests", "data", "tokenizers", "goldens.json")
STORIES = os.path.join(ROOT, "..", "shared", "models", "stories260K", "stories260K.gguf")

CASES = [
    b"", b" ", b"  ", b"   ", b"\t", b"\n", b"\n\n", b" \n", b"\n ", b"\r\n", b"\t\t x",
    b"Hello world", b" Hello world", b"Hello world ", b"Hello  world", b"Hello   world   ", b"  leading", b"trailing  ",
    b"Hello\nworld", b"Hello\n\nworld\n", b"line one\r\nline two\r\n", b"tab\tseparated\tvalues", b"mixed \t\n whitespace \n\t ",
    b"It's", b"it's we'll they've I'm you'd she'LL IT'S don't", b"'s 're 've", b"o'clock rock'n'roll",
    b"0", b"12", b"123", b"1234", b"12345", b"1234567", b"3.14159", b"1,000,000", b"2025-01-31", b"0x1F", b"1e-5", b"v1.2.3",
    b"12345678901234567890", b"a1b2c3", b"100%", b"$42.50",
    b"...", b"!!!", b"?!?!", b"---", b"***", b"(((a)))", b"[[x]]", b"{{}}", b"<<>>", b";;", b"::", b"!@#$%^&*()_+-=[]{}|;':\",./<>?`~",
    b"Hello, world! How are you?", b"end.", b"a.b.c", b"e.g., i.e.,",
    b"def f(x):\n    return x * 2\n", b"for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}", b"x->y && z != nullptr || !w",
    b"#include <stdio.h>\nint main() { printf(\"hi\\n\"); }", b"    indented four\n        eight", b"if x==1:pass",
    "caf\u00e9 na\u00efve fa\u00e7ade".encode(), "cafe\u0301 nai\u0308ve".encode(), "\u00dcber die Stra\u00dfe, M\u00fcller".encode(),
    "\u00e9\u00e9\u00e9".encode(), "a\u0301\u0302\u0303".encode(), "\u0301start with mark".encode(),
    "\u4f60\u597d\uff0c\u4e16\u754c\uff01".encode(), "\u673a\u5668\u5b66\u4e60\u6a21\u578b".encode(),
    "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8".encode(), "\uc548\ub155\ud558\uc138\uc694".encode(),
    "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440!".encode(), "\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1".encode(),
    "mixed English \u4e2d\u6587 and \u65e5\u672c\u8a9e".encode(), "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645".encode(),
    "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e".encode(), "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35".encode(),
    "\U0001f600".encode(), "\U0001f600\U0001f603\U0001f604".encode(), "\U0001f44d\U0001f3fd".encode(),
    "\U0001f468\u200d\U0001f469\u200d\U0001f467".encode(), "\U0001f1e9\U0001f1ea flags".encode(), "\u2764\ufe0f love".encode(),
    "emoji\U0001f680inside".encode(), " \U0001f389 party".encode(),
    "\u00a0nbsp\u00a0here".encode(), "en\u2003space\u3000ideographic".encode(), "zero\u200bwidth".encode(), "soft\u00adhyphen".encode(),
    "\u2028line sep\u2029para sep".encode(), "\u0085next line".encode(), "\u180emongolian".encode(), "\ufeffbom start".encode(),
    "\u2212 minus \u2013 dash \u2014 em \u2026 ellipsis".encode(), "\u201cquotes\u201d \u2018single\u2019".encode(), "\u00bd \u00b2 \u2460 \u2167".encode(),
    "\uff21\uff22\uff23 \uff11\uff12\uff13".encode(), "\u00b5 \u03a9 \u212b \u2126".encode(),
    b"\xff", b"\x80", b"abc\xffdef", b"\xc3", b"\xc3(", b"\xe4\xb8", b"\xe4\xb8x", b"\xf0\x9f\x98", b"\xed\xa0\x80 surrogate",
    b"\xc0\x80 overlong", b"\xe0\x80\xaf", b"ok\xf8\x88\x80\x80\x80bad", b"\x00nul\x00", b"\x01\x02\x1b[0m",
    b"<s>", b"</s>", b"<unk>", b"<s> hello </s>", b"<|begin_of_text|>Hello", b"<|im_start|>user\nhi<|im_end|>",
    b"<tool_call>{\"a\": 1}</tool_call>", b"a [[sep]] b", b"<|endoftext|>", b"text<|eot_id|>", b"<|end_of_text|> after",
    b"x<tool_call><tool_call>y", b"QuantLens llamas tokenizing quantized M\xc3\xbcller 2024",
    b"\xe2\x96\x81 already escaped \xe2\x96\x81\xe2\x96\x81",
    CORPUS.encode(),
]

class ModelParams(ctypes.Structure):
    _fields_ = [("devices", ctypes.c_void_p), ("tensor_buft_overrides", ctypes.c_void_p), ("n_gpu_layers", ctypes.c_int32),
                ("split_mode", ctypes.c_int32), ("load_mode", ctypes.c_int32), ("lazy_mode", ctypes.c_int32), ("main_gpu", ctypes.c_int32),
                ("tensor_split", ctypes.c_void_p), ("progress_callback", ctypes.c_void_p), ("progress_callback_user_data", ctypes.c_void_p),
                ("kv_overrides", ctypes.c_void_p), ("vocab_only", ctypes.c_bool), ("check_tensors", ctypes.c_bool),
                ("use_extra_bufts", ctypes.c_bool), ("no_host", ctypes.c_bool), ("no_alloc", ctypes.c_bool), ("load_mtp", ctypes.c_bool)]

LOG_CB = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)

def load_llama():
    lib = ctypes.CDLL(os.path.join(BINS, "libllama.v0.5.0.so"))
    lib.llama_model_default_params.restype = ModelParams
    lib.llama_model_load_from_file.restype = ctypes.c_void_p
    lib.llama_model_load_from_file.argtypes = [ctypes.c_char_p, ModelParams]
    lib.llama_model_get_vocab.restype = ctypes.c_void_p
    lib.llama_model_get_vocab.argtypes = [ctypes.c_void_p]
    lib.llama_tokenize.restype = ctypes.c_int32
    lib.llama_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int32), ctypes.c_int32,
                                   ctypes.c_bool, ctypes.c_bool]
    lib.llama_vocab_get_add_bos.restype = ctypes.c_bool
    lib.llama_vocab_get_add_bos.argtypes = [ctypes.c_void_p]
    lib.llama_model_free.argtypes = [ctypes.c_void_p]
    lib.llama_log_set.argtypes = [LOG_CB, ctypes.c_void_p]
    return lib

_quiet = LOG_CB(lambda level, text, data: None)

def tokenize(lib, vocab, data, parse_special):
    buf = (ctypes.c_int32 * (len(data) * 2 + 16))()
    n = lib.llama_tokenize(vocab, data, len(data), buf, len(buf), True, parse_special)
    if n < 0:
        raise RuntimeError("buffer too small")
    return list(buf[:n])

def llama2_vocab():
    import sentencepiece
    sp = sentencepiece.SentencePieceProcessor()
    sp.LoadFromFile(SP_MODEL)
    tokens, scores, types = [], [], []
    for i in range(sp.vocab_size()):
        tokens.append(sp.IdToPiece(i))
        scores.append(sp.GetScore(i))
        types.append(2 if sp.IsUnknown(i) else 3 if sp.IsControl(i) else 5 if sp.IsUnused(i) else 6 if sp.IsByte(i) else 1)
    return {"model": "llama", "tokens": tokens, "scores": scores, "types": types, "bos": 1, "eos": 2, "unk": 0}

def bpe_vocabs():
    with open(os.path.join(ROOT, "tests", "data", "tokenizers", "bpe_vocab.json"), encoding="utf-8") as f:
        b = json.load(f)
    ids = {t: i for i, t in enumerate(b["tokens"])}
    base = {"model": "gpt2", "tokens": b["tokens"], "types": b["types"], "merges": b["merges"]}
    llama3 = dict(base, bos=ids["<|begin_of_text|>"], eos=ids["<|end_of_text|>"])
    qwen = dict(base, bos=ids["<|endoftext|>"], eos=ids["<|endoftext|>"], add_bos=False)
    out = {}
    for pre in ["llama-bpe", "tekken"]:
        out["bpe-" + pre] = dict(llama3, pre=pre)
    for pre in ["qwen2", "gpt-2", "deepseek-llm", "deepseek-v3", "gpt-4o", "falcon", "starcoder", "default"]:
        out["bpe-" + pre] = dict(qwen, pre=pre if pre != "default" else None)
    return out

def main():
    lib = load_llama()
    lib.llama_log_set(_quiet, None)
    lib.llama_backend_init()
    llama2 = llama2_vocab()
    # Gemma 2/3's GGUF: a SentencePiece vocabulary without the dummy space prefix (convert_hf_to_gguf writes
    # tokenizer.ggml.add_space_prefix false), here on Llama 2's pieces.
    vocabs = {"llama2": llama2, "gemma-spm": dict(llama2, add_space_prefix=False), **bpe_vocabs()}
    result = {"cases": [c.hex() for c in CASES], "vocabs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for name, v in list(vocabs.items()) + [("stories260K", None)]:
            path = os.path.join(tmp, name + ".gguf")
            if v is None:  # the demo model's own GGUF, as shipped
                path = STORIES
            else:
                write_gguf(path, vocab_kvs(v))
            params = lib.llama_model_default_params()
            params.vocab_only = True
            model = lib.llama_model_load_from_file(path.encode(), params)
            if not model:
                raise RuntimeError("llama.cpp could not load " + name)
            vocab = lib.llama_model_get_vocab(model)
            entry = {"add_bos": bool(lib.llama_vocab_get_add_bos(vocab)),
                     "plain": [tokenize(lib, vocab, c, False) for c in CASES],
                     "special": [tokenize(lib, vocab, c, True) for c in CASES]}
            result["vocabs"][name] = entry
            lib.llama_model_free(model)
            print(f"{name}: {sum(len(x) for x in entry['plain'])} tokens over {len(CASES)} cases")
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")
    print("->", OUT, os.path.getsize(OUT), "bytes")

if __name__ == "__main__":
    main()
