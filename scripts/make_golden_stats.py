#!/usr/bin/python3
"""Development-time generator of the statistics golden files (tests/data/golden_stats.*).

numpy is the independent implementation the C++ statistics are checked against. Run with
Debian's /usr/bin/python3 (python3-numpy); the outputs are committed, so tests need no Python.
"""
import json
import pathlib

import numpy as np

out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data"
rng = np.random.default_rng(20261123)
# A weight-like matrix [out=96, in=512]: Student-t values (heavy tails), a few outlier channels,
# exact zeros, so every statistic is exercised.
w = (rng.standard_t(df=4, size=(96, 512)) * 0.02).astype(np.float32)
w[7, :] *= 9.0
w[:, 100] = 0.0
w[50, 3] = 1.75
np.save(out / "golden_stats.npy", w)

x = w.astype(np.float64).ravel()
m = x.mean()
d = x - m
golden = {
    "count": int(x.size),
    "min": float(x.min()),
    "max": float(x.max()),
    "mean": float(m),
    "std": float(x.std()),
    "kurtosis": float((d**4).mean() / (d**2).mean() ** 2 - 3.0),
    "absmax": float(np.abs(x).max()),
    "zeros": int((x == 0).sum()),
    "percentiles": {str(p): float(np.percentile(x, p)) for p in [0.1, 1, 50, 99, 99.9, 99.99]},
    "channel_absmax": [float(v) for v in np.abs(w).max(axis=1)],
}
(out / "golden_stats.json").write_text(json.dumps(golden, indent=1) + "\n")
print("wrote", out / "golden_stats.npy", out / "golden_stats.json")
