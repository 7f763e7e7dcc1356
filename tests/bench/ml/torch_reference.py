#!/usr/bin/python3
"""PyTorch CPU reference for the ML benchmark: the same GPT as lib/ml/model/gpt.ts, timed the same way.

Architecture (GPT-2 / nanoGPT, as lib/ml/model/gpt.ts): learned token + position embeddings, pre-LayerNorm blocks,
causal multi-head self-attention with a fused c_attn, GELU (tanh approximation) MLP of width mlpRatio·D, final
LayerNorm, output head tied to the token embedding (or untied), no dropout. Training step = forward + backward +
AdamW (betas 0.9/0.95, wd 0.1 on rank ≥ 2, grad clip 1.0). Generation = batch of 5 with a KV cache, sampled.

A reference to benchmark against, never a product dependency. Needs Debian's python3-torch, and OpenBLAS so that
torch does not run on the netlib reference BLAS (4x slower matmuls, an unfair reference):
    apt-get install -y python3-torch libopenblas0-pthread
    /usr/bin/python3 tests/bench/ml/torch_reference.py [--config gpt.json]
Prints one JSON line per config: {"config": ..., "train_tokens_per_s": ..., "gen_tokens_per_s": ..., ...}.
"""

import argparse
import json
import math
import os
import struct
import sys
import time

# OpenMP's default busy-waiting collapses when the 2 cores are shared with other processes (measured here: 3.9 s
# vs 0.64 s per reference training step at load 14); passive waiting costs little on an idle machine.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402  (after the OpenMP setting)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

# The "reference" config: V=256, D=128, T=64, B=16, L=2, H=4.
REFERENCE = {
    "vocabSize": 256,
    "blockSize": 64,
    "nLayer": 2,
    "nHead": 4,
    "nEmbd": 128,
    "mlpRatio": 4,
    "tieWeights": True,
    "layerNormEps": 1e-5,
    "initStd": 0.02,
}
REFERENCE_BATCH = 16
GEN_BATCH = 5


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["nEmbd"]
        self.n_head = c["nHead"]
        self.c_attn = nn.Linear(d, 3 * d)
        self.c_proj = nn.Linear(d, d)

    def forward(self, x, mask, past=None):
        b, t, d = x.shape  # [B, T, D]
        hd = d // self.n_head
        q, k, v = self.c_attn(x).split(d, dim=2)  # 3 × [B, T, D]
        heads = lambda m: m.view(b, t, self.n_head, hd).transpose(1, 2)  # [B, H, T, hd]
        q, k, v = heads(q), heads(k), heads(v)
        if past is not None:
            k = torch.cat([past[0], k], dim=2)  # [B, H, S, hd]
            v = torch.cat([past[1], v], dim=2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hd)) + mask  # [B, H, T, S]
        y = F.softmax(att, dim=-1) @ v  # [B, H, T, hd]
        y = y.transpose(1, 2).contiguous().view(b, t, d)  # [B, T, D]
        return self.c_proj(y), (k, v)


class Mlp(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["nEmbd"]
        self.c_fc = nn.Linear(d, c["mlpRatio"] * d)
        self.c_proj = nn.Linear(c["mlpRatio"] * d, d)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class Block(nn.Module):
    """Module names mirror lib/ml/model/gpt.ts, so a Podium checkpoint loads by name (Linear weights transposed)."""

    def __init__(self, c):
        super().__init__()
        d = c["nEmbd"]
        self.ln_1 = nn.LayerNorm(d, eps=c["layerNormEps"])
        self.attn = Attention(c)
        self.ln_2 = nn.LayerNorm(d, eps=c["layerNormEps"])
        self.mlp = Mlp(c)

    def forward(self, x, mask, past=None):
        a, kv = self.attn(self.ln_1(x), mask, past)
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, kv


class Gpt(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        v, t, d = c["vocabSize"], c["blockSize"], c["nEmbd"]
        self.wte = nn.Embedding(v, d)
        self.wpe = nn.Embedding(t, d)
        self.h = nn.ModuleList([Block(c) for _ in range(c["nLayer"])])
        self.ln_f = nn.LayerNorm(d, eps=c["layerNormEps"])
        self.lm_head = None if c["tieWeights"] else nn.Linear(d, v, bias=False)
        std = c["initStd"]
        for name, p in self.named_parameters():
            if p.dim() >= 2:
                proj = name.endswith("c_proj.weight")
                nn.init.normal_(p, 0.0, std / math.sqrt(2 * c["nLayer"]) if proj else std)
            elif name.endswith("bias"):
                nn.init.zeros_(p)
        self.register_buffer("mask", torch.triu(torch.full((t, t), -1e9), diagonal=1), persistent=False)

    def forward(self, ids, past=None, last_only=False):
        b, t = ids.shape  # [B, T]
        past_len = 0 if past is None else past[0][0].shape[2]
        pos = torch.arange(past_len, past_len + t)
        x = self.wte(ids) + self.wpe(pos)  # [B, T, D]
        mask = self.mask[past_len : past_len + t, : past_len + t]  # [T, S]
        present = []
        for i, block in enumerate(self.h):
            x, kv = block(x, mask, None if past is None else past[i])
            present.append(kv)
        x = self.ln_f(x)
        if last_only:
            x = x[:, -1:, :]
        head = self.wte.weight if self.lm_head is None else self.lm_head.weight
        return x @ head.t(), present  # [B, T', V]


def read_podium_checkpoint(path):
    """Reads lib/ml/checkpoint's format: preamble, JSON header, 4-byte-aligned little-endian float32 data."""
    with open(path, "rb") as f:
        buf = bytearray(f.read())
    if bytes(buf[:8]) != b"PODIUMCK":
        sys.exit(f"{path}: not a Podium checkpoint")
    version, header_len = struct.unpack_from("<II", buf, 8)
    if version != 1:
        sys.exit(f"{path}: checkpoint format version {version}, this script reads 1")
    header = json.loads(bytes(buf[32 : 32 + header_len]).decode("utf8"))
    start = (32 + header_len + 3) // 4 * 4
    weights = {}
    for e in header["weights"]:
        t = torch.frombuffer(buf, dtype=torch.float32, count=e["length"], offset=start + e["offset"])
        weights[e["name"]] = t.reshape(e["shape"]).clone()
    return header, weights


def load_podium_weights(model, weights):
    """Podium stores Linear weights as [in, out] (x @ W); torch's nn.Linear keeps [out, in]."""
    state = {}
    for name, t in weights.items():
        linear = name.endswith(("c_attn.weight", "c_proj.weight", "c_fc.weight", "lm_head.weight"))
        state[name] = t.t().contiguous() if linear else t
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        sys.exit(f"checkpoint does not match the model: missing {missing}, unexpected {unexpected}")


@torch.no_grad()
def parity(checkpoint_path, expected_path):
    """Logits of a Podium checkpoint computed here vs. the ones tfjs computed: proves the architectures agree."""
    header, weights = read_podium_checkpoint(checkpoint_path)
    cfg = header["config"].get("model", header["config"])
    model = Gpt({k: cfg[k] for k in REFERENCE})
    load_podium_weights(model, weights)
    model.eval()
    with open(expected_path, encoding="utf8") as f:
        expected = json.load(f)
    ids = torch.tensor(expected["ids"], dtype=torch.long)  # [B, T]
    logits, _ = model(ids)  # [B, T, V]
    want = torch.tensor(expected["logits"], dtype=torch.float32).reshape(logits.shape)
    # Also the KV-cache path: prefix, then the remaining tokens one at a time.
    split = ids.shape[1] // 2
    cached, past = model(ids[:, :split])
    steps = [cached]
    for i in range(split, ids.shape[1]):
        out, past = model(ids[:, i : i + 1], past=past)
        steps.append(out)
    incremental = torch.cat(steps, dim=1)
    return {
        "bench": "torch_parity",
        "max_abs_diff": float((logits - want).abs().max()),
        "max_abs_logit": float(want.abs().max()),
        "kv_cache_max_abs_diff": float((incremental - want).abs().max()),
    }


def make_optimizer(model):
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    groups = [{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=3e-4, betas=(0.9, 0.95), eps=1e-8)


def bench_train(model, batch, steps, warmup):
    c = model.c
    opt = make_optimizer(model)
    g = torch.Generator().manual_seed(0)
    x = torch.randint(0, c["vocabSize"], (batch, c["blockSize"]), generator=g)
    y = torch.randint(0, c["vocabSize"], (batch, c["blockSize"]), generator=g)

    def step():
        logits, _ = model(x)
        loss = F.cross_entropy(logits.view(-1, c["vocabSize"]), y.view(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    for _ in range(warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    dt = (time.perf_counter() - t0) / steps
    return dt, batch * c["blockSize"] / dt


@torch.no_grad()
def bench_generate(model, prompt_len, new_tokens, reps):
    c = model.c
    g = torch.Generator().manual_seed(1)
    prompt = torch.randint(0, c["vocabSize"], (GEN_BATCH, prompt_len), generator=g)

    def run():
        logits, past = model(prompt, last_only=True)
        for _ in range(new_tokens):
            probs = F.softmax(logits[:, -1, :], dim=-1)  # [B, V], temperature 1
            nxt = torch.multinomial(probs, 1, generator=g)  # [B, 1]
            logits, past = model(nxt, past=past, last_only=True)

    run()  # warm-up
    t0 = time.perf_counter()
    for _ in range(reps):
        run()
    dt = (time.perf_counter() - t0) / reps
    return dt, GEN_BATCH * new_tokens / dt


def matmul_gflops(n=512, reps=20):
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    t0 = time.perf_counter()
    for _ in range(reps):
        a @ b
    return 2 * n**3 * reps / (time.perf_counter() - t0) / 1e9


def run(name, cfg, batch, args):
    torch.manual_seed(0)
    model = Gpt(cfg)
    n_params = sum(p.numel() for p in model.parameters())
    step_s, train_tps = bench_train(model, batch, args.steps, args.warmup)
    model.eval()
    prompt_len = min(16, cfg["blockSize"] // 4)
    new_tokens = min(args.new_tokens, cfg["blockSize"] - prompt_len - 1)
    gen_s, gen_tps = bench_generate(model, prompt_len, new_tokens, args.gen_reps)
    # ≈ 6·N FLOPs per trained token (Kaplan et al. 2020) plus attention 12·L·T·D (fwd+bwd).
    flops_per_token = 6 * n_params + 12 * cfg["nLayer"] * cfg["blockSize"] * cfg["nEmbd"]
    return {
        "bench": "torch_reference",
        "name": name,
        "config": cfg,
        "batch": batch,
        "params": n_params,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "train_step_ms": round(step_s * 1000, 3),
        "train_tokens_per_s": round(train_tps, 1),
        "train_gflops": round(train_tps * flops_per_token / 1e9, 3),
        "gen_batch": GEN_BATCH,
        "gen_prompt_tokens": prompt_len,
        "gen_new_tokens": new_tokens,
        "gen_ms": round(gen_s * 1000, 3),
        "gen_tokens_per_s": round(gen_tps, 1),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--config", help="JSON file with a GptConfig (or {model: GptConfig, trainer: {batchSize}})")
    p.add_argument("--batch", type=int, default=None, help="training batch for --config (default: trainer.batchSize or 16)")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--new-tokens", type=int, default=48)
    p.add_argument("--gen-reps", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--parity", nargs=2, metavar=("CHECKPOINT", "EXPECTED_JSON"),
                   help="compare logits of a Podium checkpoint with tfjs's (written by tests/bench/ml/parity.ts)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    if args.parity:
        result = parity(*args.parity)
        print(json.dumps(result), flush=True)
        ok = result["max_abs_diff"] < 1e-3 and result["kv_cache_max_abs_diff"] < 1e-3
        sys.exit(0 if ok else 1)

    print(json.dumps({"bench": "torch_matmul", "n": 512, "threads": torch.get_num_threads(),
                      "gflops": round(matmul_gflops(), 2), "load_avg_1m": round(os.getloadavg()[0], 2)}),
          flush=True)
    print(json.dumps(run("reference", REFERENCE, REFERENCE_BATCH, args)), flush=True)
    if args.config:
        with open(args.config, encoding="utf8") as f:
            raw = json.load(f)
        model_cfg = raw.get("model", raw)
        missing = [k for k in REFERENCE if k not in model_cfg]
        if missing:
            sys.exit(f"--config {args.config}: missing keys {missing}")
        trainer = raw.get("trainer", {}) if isinstance(raw.get("trainer"), dict) else {}
        batch = args.batch or trainer.get("batchSize") or 16
        cfg = {k: model_cfg[k] for k in REFERENCE}
        print(json.dumps(run("base", cfg, batch, args)), flush=True)


if __name__ == "__main__":
    main()
