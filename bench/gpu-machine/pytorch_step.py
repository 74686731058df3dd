"""PyTorch twin of bench/gpu-step.ts: the same step (MLP d-64-32-1, d = 54; BCE on B objective rows plus
w * max(0, L_A - L_B - delta) on a constraint sample of B/2 rows per group, so 2B rows per step; plain SGD, lr 0.01),
timed on CUDA after warm-up. One JSON line per batch size, the same fields as the TypeScript bench.
Usage: python3 pytorch_step.py [--batches 4096,65536,1048576] [--seconds 3]
"""
import argparse
import json
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--batches", default="4096,65536,1048576")
parser.add_argument("--seconds", type=float, default=3.0)
args = parser.parse_args()

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
FEATURES, DELTA, WEIGHT, LR = 54, 0.01, 1.0, 0.01
ROWS = 1 << 18
g = torch.Generator(device="cpu").manual_seed(1)
features = torch.randn(ROWS, FEATURES, generator=g).to(device)
groups = (torch.arange(ROWS) % 2).to(device)
labels = (torch.rand(ROWS, generator=g).to(device) < torch.where(groups == 1, 0.3, 0.5)).float()
members = [torch.nonzero(groups == k).squeeze(1) for k in (0, 1)]

for batch in [int(b) for b in args.batches.split(",")]:
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(FEATURES, 64), torch.nn.ReLU(), torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1)
    ).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    bce = torch.nn.BCEWithLogitsLoss()
    half = batch // 2

    def step():
        # Rows drawn on the device (the TypeScript engine draws them on the host and uploads them: part of its step).
        objective = torch.randint(0, ROWS, (batch,), device=device)
        sample = [m[torch.randint(0, m.numel(), (half,), device=device)] for m in members]
        rows = torch.cat([objective, *sample])
        z = model(features[rows]).squeeze(1)
        y = labels[rows]
        loss = bce(z[:batch], y[:batch])
        loss_a = bce(z[batch : batch + half], y[batch : batch + half])
        loss_b = bce(z[batch + half :], y[batch + half :])
        total = loss + WEIGHT * torch.relu(loss_a - loss_b - DELTA)
        opt.zero_grad(set_to_none=True)
        total.backward()
        opt.step()

    for _ in range(3):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < args.seconds or steps < 3:
        step()
        steps += 1
    if device.type == "cuda":
        torch.cuda.synchronize()
    ms = (time.perf_counter() - start) * 1000 / steps
    name = torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu"
    print(json.dumps({"impl": "pytorch", "backend": device.type, "device": name, "batch": batch, "rowsPerStep": 2 * batch,
                      "steps": steps, "msPerStep": ms, "samplesPerSecond": batch * 1000 / ms}), flush=True)
