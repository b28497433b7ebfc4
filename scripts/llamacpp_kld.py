"""llama-perplexity --kl-divergence's statistics, computed from logits as tools/perplexity/perplexity.cpp
of the pinned release computes them (float32 where it uses float, base log-probabilities stored as
uint16 over [max − 16, max]). Development time: turns real llama.cpp logits into golden figures."""
import math

import numpy as np

f32 = np.float32


def _nearest_int(v):
    # ggml's nearest_int: round half to even in float
    return int(np.rint(f32(v)))


def base_log_probs(logits):
    """One position's base log-probabilities as llama-perplexity writes them: (scale, min_log_prob, uint16[])."""
    logits = logits.astype(np.float32)
    mx = f32(logits.max())
    mn = f32(max(f32(logits.min()), f32(mx - f32(16))))
    sum_exp = float(np.sum(np.exp(logits - mx, dtype=np.float32).astype(np.float64)))
    lse = f32(math.log(sum_exp))
    min_log_prob = f32(f32(mn - mx) - lse)
    scale = f32(f32(mx - mn) / f32(65535))
    q = np.zeros(len(logits), dtype=np.uint16)
    if scale != 0:
        inv = f32(f32(1) / scale)
        above = logits > mn
        q[above] = np.rint((inv * (logits[above] - mn)).astype(np.float32)).astype(np.int64).clip(0, 65535)
    return scale, min_log_prob, q


def kld_position(logits, base, tok, acc):
    scale, min_log_prob, q = base
    logits = logits.astype(np.float32)
    imax = int(np.argmax(logits))
    mx = f32(logits[imax])
    sum_exp = float(np.sum(np.exp(logits - mx, dtype=np.float32).astype(np.float64)))
    lse = f32(math.log(sum_exp))
    nll = f32(f32(mx + lse) - logits[tok])
    acc["nll"] += float(nll)
    acc["nll2"] += float(f32(nll * nll))
    nll_base = f32(-f32(f32(scale * f32(q[tok])) + min_log_prob))
    acc["nll_base"] += float(nll_base)
    acc["nll_base2"] += float(f32(nll_base * nll_base))
    acc["nll_nll_base"] += float(f32(nll * nll_base))
    mx2 = f32(mx + lse)
    p_log_base = (f32(scale) * q.astype(np.float32) + min_log_prob).astype(np.float32)
    imax_base = int(np.argmax(p_log_base))  # first maximum, as its strict '>' scan
    keep = p_log_base > f32(-16)
    p_base = np.exp(p_log_base[keep], dtype=np.float32)
    terms = (p_base * ((p_log_base[keep] - logits[keep]) + mx2).astype(np.float32)).astype(np.float32)
    s = float(np.sum(terms.astype(np.float64)))
    acc["kld"] += s
    acc["kld2"] += s * s
    acc["count"] += 1
    acc["same_top"] += int(imax == imax_base)
    pb = f32(math.exp(-float(nll_base)))
    p = f32(math.exp(-float(nll)))
    pd = f32(p - pb)
    acc["pd"] += float(pd)
    pd2 = float(f32(pd * pd))
    acc["pd2"] += pd2
    acc["pd4"] += pd2 * pd2
    acc["kld_values"].append(f32(s))
    acc["pd_values"].append(pd)


def _mean_unc(s, s2, n):
    if n < 1:
        return 0.0, 0.0
    f = s / n
    df = s2 / n - f * f
    df = math.sqrt(df / (n - 1)) if df > 0 and n > 10 else 0.0
    return f, df


def _cov(a, b, ab, n):
    if n < 10:
        return 0.0
    return (ab / n - (a / n) * (b / n)) / (n - 1)


def _pct(v, fraction):
    fraction = f32(fraction)
    if fraction <= 0:
        return float(v[0])
    if fraction >= 1:
        return float(v[-1])
    p = f32(fraction * f32(len(v) - 1))
    ip = int(p)
    p = f32(p - f32(ip))
    return float(f32(f32(f32(1) - p) * v[ip] + p * v[min(ip + 1, len(v) - 1)]))


def kld_stats(base_logits, logits, tokens, n_ctx):
    """base_logits, logits: [n_chunk, n_ctx, vocab]; tokens: [n_chunk, n_ctx] (before BOS replacement)."""
    acc = dict(nll=0.0, nll2=0.0, nll_base=0.0, nll_base2=0.0, nll_nll_base=0.0, kld=0.0, kld2=0.0, pd=0.0, pd2=0.0,
               pd4=0.0, count=0, same_top=0, kld_values=[], pd_values=[])
    first = n_ctx // 2
    for c in range(len(tokens)):
        for j in range(first, n_ctx - 1):
            kld_position(logits[c][j], base_log_probs(base_logits[c][j]), int(tokens[c][j + 1]), acc)
    n = acc["count"]
    lp = _mean_unc(acc["nll"], acc["nll2"], n)
    lpb = _mean_unc(acc["nll_base"], acc["nll_base2"], n)
    cov = _cov(acc["nll"], acc["nll_base"], acc["nll_nll_base"], n)
    kl = _mean_unc(acc["kld"], acc["kld2"], n)
    pdm = _mean_unc(acc["pd"], acc["pd2"], n)
    pmse = _mean_unc(acc["pd2"], acc["pd4"], n)
    kv = np.sort(np.array(acc["kld_values"], dtype=np.float32))
    pv = np.sort(np.array(acc["pd_values"], dtype=np.float32))
    med = lambda v: float(f32(f32(0.5) * f32(v[len(v) // 2] + v[len(v) // 2 - 1]))) if len(v) % 2 == 0 else float(v[len(v) // 2])
    same = acc["same_top"] / n
    rms = math.sqrt(pmse[0])
    return {
        "positions": n,
        "ppl": math.exp(lp[0]), "ppl_unc": math.exp(lp[0]) * lp[1],
        "ppl_base": math.exp(lpb[0]), "ppl_base_unc": math.exp(lpb[0]) * lpb[1],
        "ln_ppl_ratio": lp[0] - lpb[0], "ln_ppl_ratio_unc": math.sqrt(max(0.0, lp[1] ** 2 + lpb[1] ** 2 - 2 * cov)),
        "kld_mean": kl[0], "kld_mean_unc": kl[1], "kld_max": float(kv[-1]), "kld_p999": _pct(kv, 0.999),
        "kld_p99": _pct(kv, 0.99), "kld_p95": _pct(kv, 0.95), "kld_p90": _pct(kv, 0.90), "kld_median": med(kv),
        "kld_min": float(kv[0]),
        "dp_mean": pdm[0], "dp_mean_unc": pdm[1], "dp_max": float(pv[-1]), "dp_p99": _pct(pv, 0.99), "dp_p95": _pct(pv, 0.95),
        "dp_median": med(pv), "dp_p5": _pct(pv, 0.05), "dp_p1": _pct(pv, 0.01), "dp_min": float(pv[0]),
        "dp_rms": rms, "dp_rms_unc": 0.5 / rms * pmse[1] if rms > 0 else 0.0,
        "same_top": same, "same_top_unc": math.sqrt(same * (1 - same) / (n - 1)),
    }
