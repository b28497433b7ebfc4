#!/usr/bin/python3
"""Trains QuantLens's embedded demo model and writes it to resources/demo/.

A multilayer perceptron (64 -> 128 -> 64 -> 10, ReLU) trained on the 8x8 handwritten digits
that Debian's python3-sklearn ships (no download). Weights are stored as safetensors in PyTorch
layout ([out, in]); the held-out split is stored as .npz (x: float32 [n, 64] scaled to [0, 1],
y: int64 [n]) so the classifier judge can evaluate quantized variants.

Run with Debian's /usr/bin/python3 (python3-sklearn, python3-numpy). Deterministic.
"""
import pathlib
import sys

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from safetensors_out import write_safetensors  # noqa: E402

out = pathlib.Path(__file__).resolve().parent.parent / "resources" / "demo"
out.mkdir(parents=True, exist_ok=True)

digits = load_digits()
x = (digits.data / 16.0).astype(np.float32)
y = digits.target.astype(np.int64)
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=0, stratify=y)

clf = MLPClassifier(hidden_layer_sizes=(128, 64), activation="relu", alpha=1e-4, max_iter=600, random_state=0)
clf.fit(x_train, y_train)
accuracy = float(clf.score(x_test, y_test))

tensors = {}
names = ["layers.0.linear", "layers.1.linear", "head"]
for name, w, b in zip(names, clf.coefs_, clf.intercepts_):
    tensors[name + ".weight"] = np.ascontiguousarray(w.T.astype(np.float32))  # [out, in]
    tensors[name + ".bias"] = b.astype(np.float32)

write_safetensors(out / "digits_mlp.safetensors", tensors, {
    "format": "pt",
    "description": "QuantLens demo: MLP 64-128-64-10 (ReLU) on the scikit-learn 8x8 digits",
    "dataset": "sklearn.datasets.load_digits, inputs scaled by 1/16, 25% held out (random_state=0)",
    "test_accuracy": f"{accuracy:.4f}",
    "evaluation_data": "digits_eval.npz",
})
np.savez_compressed(out / "digits_eval.npz", x=x_test, y=y_test)
print(f"test accuracy {accuracy:.4f}; wrote {out}")
