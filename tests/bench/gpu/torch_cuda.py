#!/usr/bin/env python3
"""PyTorch side of the GPU check: the same GPT configs as tests/bench/gpu/bench.ts, on CUDA when available.

Uses the network and optimizer of tests/bench/ml/torch_reference.py (the same architecture as lib/ml/model/gpt.ts,
checked by its --parity mode) and measures as bench.ts does: AdamW with clipping on a fixed random batch, loss.item()
each step, 2 warm-up steps; generation = 5 rows of one prompt with the KV cache, greedy. Each loop also stops at
--budget-s seconds. Reads the configs from the {"bench": "gpu_config", ...} lines bench.ts printed (--configs FILE).
Prints one JSON line per config, naming the device it ran on ("cuda: NVIDIA H200" or "cpu").
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ml"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch_reference import Gpt, make_optimizer  # noqa: E402

GEN_ROWS = 5


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def bench(name, cfg, batch, device, args):
    torch.manual_seed(0)
    model = Gpt(cfg).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    opt = make_optimizer(model)
    t = cfg["blockSize"]
    g = torch.Generator(device="cpu").manual_seed(0)
    x = torch.randint(0, cfg["vocabSize"], (batch, t), generator=g).to(device)
    y = torch.randint(0, cfg["vocabSize"], (batch, t), generator=g).to(device)

    def step():
        logits, _ = model(x)
        loss = F.cross_entropy(logits.view(-1, cfg["vocabSize"]), y.view(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    for _ in range(2):
        step()
    done, t0 = 0, time.perf_counter()
    while done < args.steps and time.perf_counter() - t0 < args.budget_s:
        step()
        done += 1
    sync(device)
    step_s = (time.perf_counter() - t0) / max(1, done)

    model.eval()
    prompt_len = min(16, t // 4)
    new_tokens = min(args.gen_tokens, t - prompt_len - 1)
    prompt = torch.randint(0, cfg["vocabSize"], (1, prompt_len), generator=g).repeat(GEN_ROWS, 1).to(device)

    @torch.no_grad()
    def generate(n):
        logits, past = model(prompt, last_only=True)
        for _ in range(n):
            nxt = logits[:, -1, :].argmax(dim=-1, keepdim=True)  # [R, 1]
            logits, past = model(nxt, past=past, last_only=True)
        sync(device)

    generate(2)  # warm-up
    g0 = time.perf_counter()
    generate(new_tokens)
    gen_s = time.perf_counter() - g0
    return {
        "bench": "gpu_torch",
        "name": name,
        "device": f"cuda: {torch.cuda.get_device_name(device)}" if device.type == "cuda" else "cpu",
        "torch": torch.__version__,
        "batch": batch,
        "params": n_params,
        "train_steps": done,
        "train_step_ms": round(step_s * 1000, 1),
        "train_tokens_per_s": round(batch * t / step_s, 1),
        "gen_rows": GEN_ROWS,
        "gen_new_tokens": new_tokens,
        "gen_ms": round(gen_s * 1000, 1),
        "gen_tokens_per_s": round(GEN_ROWS * new_tokens / gen_s, 1),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--configs", required=True, help="file with bench.ts's gpu_config JSON lines")
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--gen-tokens", type=int, default=32)
    p.add_argument("--budget-s", type=float, default=40)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = p.parse_args()
    device = torch.device(args.device)
    # torch_reference builds position ids with torch.arange(): make new tensors land on the model's device.
    if hasattr(torch, "set_default_device"):
        torch.set_default_device(device)
    elif device.type != "cpu":
        sys.exit("this PyTorch has no set_default_device: run with --device cpu")
    with open(args.configs, encoding="utf8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    for c in lines:
        try:
            print(json.dumps(bench(c["name"], c["config"], c["batch"], device, args)), flush=True)
        except Exception as err:  # report and go on to the next config
            print(json.dumps({"bench": "gpu_torch", "name": c["name"], "device": str(device), "error": str(err)}), flush=True)


if __name__ == "__main__":
    main()
