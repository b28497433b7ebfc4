"""Development-time access to the real llama.cpp of node-llama-cpp@3.22.1 (llama.cpp release v0.5.0).

Used by the golden generators in scripts/ only; nothing in the build or the tests imports it. Set
QL_LLAMACPP_BINS to the folder holding libllama*.so / libggml*.so (default: the npm package installed
under /work/oracle, see README "Development").
"""
import ctypes
import glob
import os
import re

BINS = os.environ.get("QL_LLAMACPP_BINS", "/work/oracle/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/")

_ggml = None
_llama = None


def libs():
    global _ggml, _llama
    if _llama is None:
        _ggml = ctypes.CDLL(os.path.join(BINS, "libggml-base.so"), mode=ctypes.RTLD_GLOBAL)
        for f in sorted(glob.glob(os.path.join(BINS, "libggml*.so"))):
            try:
                ctypes.CDLL(f, mode=ctypes.RTLD_GLOBAL)
            except OSError:
                pass  # CPU variants this machine cannot run
        _llama = ctypes.CDLL(os.path.join(BINS, "libllama.v0.5.0.so"))
        _llama.llama_backend_init()
        _ggml.ggml_type_name.restype = ctypes.c_char_p
    return _ggml, _llama


class QuantizeParams(ctypes.Structure):
    # struct llama_model_quantize_params of the release (include/llama.h)
    _fields_ = [("nthread", ctypes.c_int32), ("ftype", ctypes.c_int), ("output_tensor_type", ctypes.c_int),
                ("token_embedding_type", ctypes.c_int), ("allow_requantize", ctypes.c_bool),
                ("quantize_output_tensor", ctypes.c_bool), ("only_copy", ctypes.c_bool), ("pure", ctypes.c_bool),
                ("keep_split", ctypes.c_bool), ("dry_run", ctypes.c_bool), ("imatrix", ctypes.c_void_p),
                ("kv_overrides", ctypes.c_void_p), ("tt_overrides", ctypes.c_void_p), ("prune_layers", ctypes.c_void_p),
                ("max_buf_size", ctypes.c_size_t)]


class TensorOverride(ctypes.Structure):
    _fields_ = [("pattern", ctypes.c_char_p), ("type", ctypes.c_int)]


class ImatrixData(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("data", ctypes.POINTER(ctypes.c_float)), ("size", ctypes.c_size_t)]


LOG_CB = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)

# llama-quantize's FTYPE names (tools/quantize/quantize.cpp) and their llama_ftype values.
FTYPES = {"Q1_0": 40, "Q2_0": 41, "Q4_0": 2, "Q4_1": 3, "MXFP4_MOE": 38, "Q5_0": 8, "Q5_1": 9, "IQ2_XXS": 19,
          "IQ2_XS": 20, "IQ2_S": 28, "IQ2_M": 29, "IQ1_S": 24, "IQ1_M": 31, "TQ1_0": 36, "TQ2_0": 37, "Q2_K": 10,
          "Q2_K_S": 21, "IQ3_XXS": 23, "IQ3_S": 26, "IQ3_M": 27, "IQ3_XS": 22, "Q3_K_S": 11, "Q3_K_M": 12,
          "Q3_K_L": 13, "IQ4_NL": 25, "IQ4_XS": 30, "Q4_K_S": 14, "Q4_K_M": 15, "Q5_K_S": 16, "Q5_K_M": 17,
          "Q6_K": 18, "Q8_0": 7, "F16": 1, "BF16": 32, "F32": 0}


def type_id(name):
    """ggml type id of a type name, compared ignoring case as llama-quantize's parse_ggml_type does."""
    ggml, _ = libs()
    for i in range(43):
        n = ggml.ggml_type_name(i)
        if n and n.decode().lower() == name.lower():
            return i
    raise ValueError("not a ggml type: " + name)


def type_name(i):
    ggml, _ = libs()
    return ggml.ggml_type_name(i).decode()


def parse_tensor_type_words(text):
    """What llama-quantize's --tensor-type-file does with a file: words at whitespace, each split at its
    first '=', the pattern lower-cased, the type parsed ignoring case."""
    out = []
    for word in text.split():
        pat, _, typ = word.partition("=")
        out.append((pat.lower(), type_id(typ)))
    return out


_LINE = re.compile(r"\[\s*\d+/\s*\d+\]\s+(\S+)\s+- \[[^\]]*\], type =\s+(\S+), (?:converting to (\S+) \.\. )?size = [^\n(]*(?:\((\S+)\))?\n")


def quantize(src, dst=None, ftype="Q8_0", overrides=(), output_type=None, embd_type=None, pure=False,
             imatrix=None, leave_output=False):
    """Runs llama_model_quantize; with dst None a dry run. Returns {tensor: type name} of the file it
    writes (or would write), read from its own log."""
    _, llama = libs()
    llama.llama_model_quantize_default_params.restype = QuantizeParams
    p = llama.llama_model_quantize_default_params()
    p.ftype = FTYPES[ftype.upper()]
    p.nthread = 2
    p.pure = pure
    p.quantize_output_tensor = not leave_output
    if output_type is not None:
        p.output_tensor_type = type_id(output_type)
    if embd_type is not None:
        p.token_embedding_type = type_id(embd_type)
    keep = []
    if overrides:
        arr = (TensorOverride * (len(overrides) + 1))()
        for i, (pat, t) in enumerate(overrides):
            b = pat.encode()
            keep.append(b)
            arr[i].pattern = b
            arr[i].type = t
        arr[len(overrides)].pattern = None
        arr[len(overrides)].type = 43
        p.tt_overrides = ctypes.cast(arr, ctypes.c_void_p)
        keep.append(arr)
    if imatrix:
        arr = (ImatrixData * (len(imatrix) + 1))()
        for i, (name, values) in enumerate(imatrix.items()):
            buf = (ctypes.c_float * len(values))(*values)
            keep += [buf, name.encode()]
            arr[i].name = keep[-1]
            arr[i].data = buf
            arr[i].size = len(values)
        arr[len(imatrix)].name = None
        p.imatrix = ctypes.cast(arr, ctypes.c_void_p)
        keep.append(arr)
    log = []
    cb = LOG_CB(lambda level, text, ud: log.append(text.decode(errors="replace")))
    llama.llama_log_set(cb, None)
    p.dry_run = dst is None
    rc = llama.llama_model_quantize(src.encode(), (dst or "/dev/null").encode(), ctypes.byref(p))
    llama.llama_log_set(None, None)
    text = "".join(log)
    if rc != 0:
        raise RuntimeError("llama_model_quantize failed:\n" + text[-2000:])
    types = {}
    for m in _LINE.finditer(text):
        name, cur, conv, dry = m.groups()
        types[name] = conv or dry or cur
    return types
