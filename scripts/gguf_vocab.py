"""A minimal GGUF writer for vocabulary-only files (no tensors): what llama.cpp needs to load a
tokenizer with vocab_only. Development-time helper of the tokenizer golden scripts."""
import struct

U32, I32, F32, BOOL, STRING, ARRAY = 4, 5, 6, 7, 8, 9


def _str(s):
    b = s if isinstance(s, bytes) else s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def _value(kind, v):
    if kind == U32:
        return struct.pack("<I", v)
    if kind == I32:
        return struct.pack("<i", v)
    if kind == F32:
        return struct.pack("<f", v)
    if kind == BOOL:
        return struct.pack("<B", 1 if v else 0)
    if kind == STRING:
        return _str(v)
    raise ValueError(kind)


def write_gguf(path, kvs):
    """kvs: list of (key, kind, value) with kind U32/I32/F32/BOOL/STRING, or (key, (ARRAY, elem_kind), list)."""
    out = bytearray(b"GGUF")
    out += struct.pack("<IQQ", 3, 0, len(kvs))
    for key, kind, value in kvs:
        out += _str(key)
        if isinstance(kind, tuple):
            elem = kind[1]
            out += struct.pack("<IIQ", ARRAY, elem, len(value))
            for v in value:
                out += _value(elem, v)
        else:
            out += struct.pack("<I", kind) + _value(kind, value)
    out += b"\0" * ((-len(out)) % 32)
    with open(path, "wb") as f:
        f.write(out)


def vocab_kvs(v):
    """GGUF key/values of a vocabulary dict {model, pre, tokens, types, scores?, merges?, bos, eos, add_bos, ...}."""
    kvs = [("general.architecture", STRING, "llama"), ("general.name", STRING, v.get("name", "quantlens-test")),
           ("tokenizer.ggml.model", STRING, v["model"])]
    if v.get("pre"):
        kvs.append(("tokenizer.ggml.pre", STRING, v["pre"]))
    kvs.append(("tokenizer.ggml.tokens", (ARRAY, STRING), v["tokens"]))
    if "scores" in v:
        kvs.append(("tokenizer.ggml.scores", (ARRAY, F32), v["scores"]))
    kvs.append(("tokenizer.ggml.token_type", (ARRAY, I32), v["types"]))
    if "merges" in v:
        kvs.append(("tokenizer.ggml.merges", (ARRAY, STRING), v["merges"]))
    for key in ("bos", "eos", "unk", "eot"):
        if v.get(key) is not None:
            name = "unknown" if key == "unk" else key
            kvs.append((f"tokenizer.ggml.{name}_token_id", U32, v[key]))
    for key in ("add_bos", "add_eos", "add_space_prefix"):
        if v.get(key) is not None:
            kvs.append((f"tokenizer.ggml.{key}_token" if key != "add_space_prefix" else "tokenizer.ggml.add_space_prefix", BOOL, v[key]))
    return kvs
