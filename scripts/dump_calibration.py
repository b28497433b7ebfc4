#!/usr/bin/python3
"""Records the input of every nn.Linear / nn.Conv* layer of a PyTorch model on a few batches and
writes QuantLens's calibration HDF5 layout:

    /calibration/<weight name>/hessian   [in, in]  float64, XᵀX
    /calibration/<weight name>/mean_sq   [in]      float32, mean of x² per input feature
    /calibration/<weight name>/absmax    [in]      float32, max |x| per input feature
    /calibration/<weight name>/inputs    [n, in]   float32, the first --keep rows of X
    attribute n_samples (int64): rows of X seen

<weight name> is the state_dict key of the layer's weight (e.g. "model.layers.0.mlp.up_proj.weight").
For a convolution, X holds the unfolded patches (in = in_channels/groups × kernel elements), so
that X W_flatᵀ is the layer's output. Run with Debian's /usr/bin/python3 (python3-torch,
python3-h5py). As a library: dump(model, batches, path, keep=256). As a command: an example on a
small model:  /usr/bin/python3 scripts/dump_calibration.py --demo OUT.h5
"""
import argparse
import os

import h5py
import numpy as np
import torch
import torch.nn.functional as F


class _Stats:
    def __init__(self, keep):
        self.keep = keep
        self.n = 0
        self.h = None
        self.sum_sq = None
        self.absmax = None
        self.rows = []

    def add(self, x):
        x = x.detach().to(torch.float64).reshape(-1, x.shape[-1])
        if self.h is None:
            d = x.shape[1]
            self.h = torch.zeros(d, d, dtype=torch.float64)
            self.sum_sq = torch.zeros(d, dtype=torch.float64)
            self.absmax = torch.zeros(d, dtype=torch.float64)
        self.h += x.T @ x
        self.sum_sq += (x * x).sum(0)
        self.absmax = torch.maximum(self.absmax, x.abs().max(0).values)
        take = min(self.keep - sum(r.shape[0] for r in self.rows), x.shape[0])
        if take > 0:
            self.rows.append(x[:take].to(torch.float32).numpy())
        self.n += x.shape[0]


def _layer_input(module, x):
    """X as the layer multiplies it: rows of features (unfolded patches for convolutions)."""
    if isinstance(module, torch.nn.Linear):
        return x
    if isinstance(module, torch.nn.Conv2d):
        cols = F.unfold(x, module.kernel_size, module.dilation, module.padding, module.stride)  # [b, c·kh·kw, L]
        if module.groups != 1:
            raise ValueError("grouped convolutions are not supported")
        return cols.transpose(1, 2)
    if isinstance(module, torch.nn.Conv1d):
        cols = F.unfold(x.unsqueeze(2), (1, module.kernel_size[0]), (1, module.dilation[0]), (0, module.padding[0]), (1, module.stride[0]))
        return cols.transpose(1, 2)
    raise TypeError(type(module))


def dump(model, batches, path, keep=256):
    """Runs model on each batch (an input or a tuple of inputs) and writes the statistics to path."""
    stats = {}
    hooks = []
    for name, module in model.named_modules():
        if isinstance(module, (torch.nn.Linear, torch.nn.Conv1d, torch.nn.Conv2d)):
            key = (name + "." if name else "") + "weight"
            stats[key] = _Stats(keep)

            def hook(mod, inputs, _out, key=key):
                stats[key].add(_layer_input(mod, inputs[0]))

            hooks.append(module.register_forward_hook(hook))
    model.eval()
    with torch.no_grad():
        for b in batches:
            model(*b) if isinstance(b, tuple) else model(b)
    for h in hooks:
        h.remove()
    tmp = path + ".tmp-%d" % os.getpid()
    with h5py.File(tmp, "w") as f:
        for key, s in stats.items():
            if s.n == 0:
                continue
            g = f.create_group("calibration/" + key)
            g.create_dataset("hessian", data=s.h.numpy())
            g.create_dataset("mean_sq", data=(s.sum_sq / s.n).to(torch.float32).numpy())
            g.create_dataset("absmax", data=s.absmax.to(torch.float32).numpy())
            if s.rows:
                g.create_dataset("inputs", data=np.concatenate(s.rows))
            g.attrs["n_samples"] = np.int64(s.n)
    os.replace(tmp, path)  # atomic: the file appears whole or not at all


def _demo(path):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(4 * 8 * 8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 10)
    )
    batches = [torch.randn(5, 1, 8, 8) for _ in range(3)]
    dump(model, batches, path, keep=8)
    torch.save(model.state_dict(), path + ".state.pt")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--demo", metavar="OUT.h5", help="dump a small example model's calibration to OUT.h5")
    args = ap.parse_args()
    if not args.demo:
        ap.error("import this file and call dump(model, batches, path), or run --demo OUT.h5")
    _demo(args.demo)
