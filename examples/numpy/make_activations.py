"""Writes an import folder with NumPy alone: the activations of a made-up network over training.

Two "hidden layers" of a network that learns to separate five classes: at snapshot t the
samples of class c sit round a class centre that moves away from the others as training goes
on (layer 2 faster than layer 1), with Gaussian noise. Also labels, epochs, class names,
per-snapshot metrics and 12×20 colour images, so every optional file is exercised.

    python3 examples/numpy/make_activations.py OUT_DIR [--samples 600] [--snapshots 6] [--seed 0]
    npm run pipeline -- import OUT_DIR --out data-numpy
"""
import argparse
import json
import os

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--samples", type=int, default=600)
    parser.add_argument("--snapshots", type=int, default=6)
    parser.add_argument("--classes", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)

    n, s, k = args.samples, args.snapshots, args.classes
    labels = np.arange(n) % k  # balanced classes
    progress = np.linspace(0.0, 1.0, s)  # 0 = initialisation, 1 = trained

    for name, width, speed in (("hidden1", 32, 1.0), ("hidden2", 16, 2.0)):
        centres = rng.normal(size=(k, width)) * 4.0
        noise = rng.normal(size=(n, width))  # each sample keeps its own offset over training
        acts = np.empty((s, n, width), dtype=np.float32)
        for t, p in enumerate(progress):
            separation = min(1.0, speed * p)
            drift = rng.normal(size=(n, width)) * 0.1
            acts[t] = separation * centres[labels] + noise + drift
        np.save(os.path.join(args.out, f"activations-{name}.npy"), acts)

    np.save(os.path.join(args.out, "labels.npy"), labels.astype(np.int64))
    np.save(os.path.join(args.out, "epochs.npy"), np.arange(s, dtype=np.float64))
    with open(os.path.join(args.out, "class_names.json"), "w") as f:
        json.dump([f"blob {chr(65 + c)}" for c in range(k)], f)
    # Only what this "network" measured: no training loss, so none is drawn.
    accuracy = 1.0 / k + (1.0 - 1.0 / k) * np.minimum(1.0, 1.5 * progress)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump({"test_accuracy": [round(float(a), 4) for a in accuracy]}, f)
    # 12×20 colour images (any height and width work): a bar in the class's colour on a dark ground.
    images = np.zeros((n, 12, 20, 3), dtype=np.uint8)
    hues = rng.integers(64, 256, size=(k, 3))
    for i, c in enumerate(labels):
        images[i, 3:9, 3:17] = hues[c]
    np.save(os.path.join(args.out, "images.npy"), images)
    print(f"wrote {args.out}: {n} samples, {s} snapshots, 2 layers, {k} classes")


if __name__ == "__main__":
    main()
