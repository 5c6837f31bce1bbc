"""A small PyTorch CNN whose hidden activations structviz lays out over training.

The dataset is made here (no download): 28×28 grey images of five shapes (disc, ring, square,
cross, bar) at random positions, sizes and noise. Forward hooks on the hidden layers record
the activations of a fixed set of held-out images at initialisation and after every epoch;
the script writes them in the import folder format, with labels, epochs, class names, the
images and per-epoch metrics.

    python3 examples/pytorch/train.py OUT_DIR [--epochs 6] [--seed 0]
    npm run pipeline -- import OUT_DIR --out data-pytorch
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from torch import nn

CLASSES = ["disc", "ring", "square", "cross", "bar"]


def make_images(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """n images (uint8, 28×28) of the five shapes, and their labels."""
    labels = np.arange(n) % len(CLASSES)
    rng.shuffle(labels)
    yy, xx = np.mgrid[0:28, 0:28]
    images = np.zeros((n, 28, 28), dtype=np.float32)
    for i, c in enumerate(labels):
        cx, cy = rng.uniform(9, 19, size=2)
        r = rng.uniform(4, 8)
        dx, dy = xx - cx, yy - cy
        d = np.hypot(dx, dy)
        if c == 0:
            shape = d < r
        elif c == 1:
            shape = (d < r) & (d > r - 2.2)
        elif c == 2:
            shape = (np.abs(dx) < r * 0.8) & (np.abs(dy) < r * 0.8)
        elif c == 3:
            shape = ((np.abs(dx) < 1.6) | (np.abs(dy) < 1.6)) & (np.abs(dx) < r) & (np.abs(dy) < r)
        else:
            shape = (np.abs(dy) < 1.8) & (np.abs(dx) < r + 2)
        images[i] = shape * rng.uniform(0.6, 1.0) + rng.normal(0, 0.15, size=(28, 28))
    return (np.clip(images, 0, 1) * 255).astype(np.uint8), labels


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.hidden = nn.Sequential(nn.Flatten(), nn.Linear(16 * 7 * 7, 64), nn.ReLU())
        self.out = nn.Linear(64, len(CLASSES))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.hidden(self.conv(x)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--train", type=int, default=2000)
    parser.add_argument("--trace", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)

    x_train, y_train = make_images(args.train, rng)
    x_trace, y_trace = make_images(args.trace, rng)  # held out: never trained on
    to_tensor = lambda x: torch.from_numpy(x.astype(np.float32) / 255).unsqueeze(1)
    xt, yt = to_tensor(x_train), torch.from_numpy(y_train)
    xs, ys = to_tensor(x_trace), torch.from_numpy(y_trace)

    model = Net()
    # Forward hooks: whatever the trace batch passes through these modules is recorded.
    layers = {"conv": model.conv, "hidden": model.hidden}
    captured: dict[str, torch.Tensor] = {}
    for name, module in layers.items():
        module.register_forward_hook(
            lambda _m, _i, output, name=name: captured.__setitem__(name, output.detach().flatten(1))
        )
    recorded: dict[str, list[np.ndarray]] = {name: [] for name in layers}
    metrics: dict[str, list[float]] = {"train_loss": [], "test_loss": [], "test_accuracy": []}
    loss_fn = nn.CrossEntropyLoss()
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)

    def snapshot(train_loss: float) -> None:
        model.eval()
        with torch.no_grad():
            logits = model(xs)  # the hooks fill `captured`
        for name in layers:
            recorded[name].append(captured[name].numpy().astype(np.float32))
        metrics["train_loss"].append(round(train_loss, 5))
        metrics["test_loss"].append(round(float(loss_fn(logits, ys)), 5))
        metrics["test_accuracy"].append(round(float((logits.argmax(1) == ys).float().mean()), 5))
        model.train()

    with torch.no_grad():
        snapshot(float(loss_fn(model(xt), yt)))
    for epoch in range(args.epochs):
        order = torch.randperm(len(xt))
        total = 0.0
        for start in range(0, len(xt), 64):
            batch = order[start : start + 64]
            optimiser.zero_grad()
            loss = loss_fn(model(xt[batch]), yt[batch])
            loss.backward()
            optimiser.step()
            total += float(loss) * len(batch)
        snapshot(total / len(xt))
        print(f"epoch {epoch + 1}: test accuracy {metrics['test_accuracy'][-1]:.3f}")

    for name, snaps in recorded.items():
        np.save(os.path.join(args.out, f"activations-{name}.npy"), np.stack(snaps))
    np.save(os.path.join(args.out, "labels.npy"), y_trace.astype(np.int64))
    np.save(os.path.join(args.out, "epochs.npy"), np.arange(args.epochs + 1, dtype=np.float64))
    np.save(os.path.join(args.out, "images.npy"), x_trace)
    with open(os.path.join(args.out, "class_names.json"), "w") as f:
        json.dump(CLASSES, f)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f)
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
