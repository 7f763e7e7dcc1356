#!/usr/bin/env python3
"""One table from the GPU check's JSON lines: bench.ts (webgpu) and torch_cuda.py (PyTorch), config by config.

Usage: python3 tests/bench/gpu/summary.py webgpu.jsonl torch.jsonl
Exit status 1 when the parity check failed or is missing, or a measurement reported an error.
"""

import json
import sys


def read(path):
    try:
        with open(path, encoding="utf8") as f:
            return [json.loads(line) for line in f if line.strip().startswith("{")]
    except FileNotFoundError:
        return []


def fmt(x):
    return "-" if x is None else f"{x:,.0f}" if isinstance(x, (int, float)) and x >= 100 else str(x)


def main():
    webgpu = read(sys.argv[1])
    torch = read(sys.argv[2]) if len(sys.argv) > 2 else []
    ok = True
    adapter = next((r["adapter"] for r in webgpu if r.get("bench") == "gpu_adapter"), None)
    if adapter:
        name = " / ".join(x for x in (adapter.get("vendor"), adapter.get("architecture"), adapter.get("device")) if x)
        soft = " (software)" if adapter.get("software") else ""
        print(f"webgpu adapter: {name or 'unnamed'} - {adapter.get('description', '')}{soft}")
    else:
        err = next((r.get("error") for r in webgpu if r.get("bench") == "gpu_adapter"), None)
        print(f"webgpu adapter: none ({err or 'see the log above'})")
        ok = False
    parity = next((r for r in webgpu if r.get("bench") == "gpu_parity"), None)
    if parity:
        print(
            f"parity on {parity['checkpoint']} ({parity['params']:,} params): max |logit diff| "
            f"{parity['logits_max_abs_diff']:.2e} of max |logit| {parity['logits_max_abs']:.1f}; "
            f"greedy tokens equal: {parity['greedy_tokens_equal']} -> {'OK' if parity['ok'] else 'FAILED'}"
        )
        ok = ok and parity["ok"]
    else:
        print("parity: not run")
        ok = False
    torch_device = next((r.get("device") for r in torch if r.get("device")), "not run")
    print(f"torch device: {torch_device}")
    header = ["config", "params", "batch", "webgpu train tok/s", "torch train tok/s", "webgpu gen tok/s", "torch gen tok/s", "train steps w/t"]
    rows = []
    for cfg in (r for r in webgpu if r.get("bench") == "gpu_config"):
        w = next((r for r in webgpu if r.get("bench") == "gpu_webgpu" and r.get("name") == cfg["name"]), {})
        t = next((r for r in torch if r.get("name") == cfg["name"]), {})
        for r, label in ((w, "webgpu"), (t, "torch")):
            if r.get("error"):
                print(f"{cfg['name']} {label} error: {r['error']}")
                ok = False
        rows.append([
            cfg["name"], fmt(w.get("params") or t.get("params")), str(cfg["batch"]),
            fmt(w.get("train_tokens_per_s")), fmt(t.get("train_tokens_per_s")),
            fmt(w.get("gen_tokens_per_s")), fmt(t.get("gen_tokens_per_s")),
            f"{w.get('train_steps', '-')}/{t.get('train_steps', '-')}",
        ])
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
