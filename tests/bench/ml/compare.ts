// Reads the JSON lines of the tfjs and PyTorch benchmarks (same configs, same batches, run one after the other in
// one command by tests/bench/run.sh) and prints a Markdown table of tokens/s with the Podium ÷ PyTorch ratios and the
// achieved fraction of the backend's measured matmul throughput.
// Usage: npx tsx tests/bench/ml/compare.ts <tfjs.jsonl> <torch.jsonl> <matmul.jsonl>
import { readFileSync } from "node:fs";
import { z } from "zod";

const ZRun = z.looseObject({
  name: z.string(),
  batch: z.number(),
  params: z.number(),
  train_tokens_per_s: z.number(),
  train_gflops: z.number(),
  gen_tokens_per_s: z.number(),
  load_avg_1m: z.number().optional(),
  train_threads: z.number().optional(),
});
const ZMatmul = z.looseObject({ backend: z.string(), gflops: z.number(), transposeB: z.boolean().optional() });

function lines(file: string): unknown[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as unknown);
}

const [tfjsFile, torchFile, matmulFile] = process.argv.slice(2);
if (!tfjsFile || !torchFile || !matmulFile) {
  console.error("usage: compare.ts <tfjs.jsonl> <torch.jsonl> <matmul.jsonl>");
  process.exit(2);
}
type Run = z.infer<typeof ZRun>;

/**
 * Best round per config (the files hold one line per config per round): the highest training and the highest
 * generation rate, each from its own round — on a shared machine the least disturbed round is the closest to the
 * machine's own speed, for both sides alike.
 */
const runs = (file: string) => {
  const best = new Map<string, Run & { rounds: number }>();
  for (const l of lines(file)) {
    const r = ZRun.safeParse(l);
    if (!r.success) continue;
    // The tfjs bench names its --config run by the file it read; the reference script calls it "base".
    const name = r.data.name.endsWith(".json") ? "base" : r.data.name;
    const prev = best.get(name);
    if (!prev) {
      best.set(name, { ...r.data, rounds: 1 });
      continue;
    }
    const train = r.data.train_tokens_per_s > prev.train_tokens_per_s ? r.data : prev;
    best.set(name, {
      ...prev,
      train_tokens_per_s: train.train_tokens_per_s,
      train_gflops: train.train_gflops,
      gen_tokens_per_s: Math.max(prev.gen_tokens_per_s, r.data.gen_tokens_per_s),
      rounds: prev.rounds + 1,
    });
  }
  return best;
};
const tfjs = runs(tfjsFile);
const torch = runs(torchFile);
// The best round's one-thread wasm matmul rate, like the other figures.
const wasmRates = lines(matmulFile).flatMap((l) => {
  const r = ZMatmul.safeParse(l);
  return r.success && r.data.backend === "wasm" && !r.data.transposeB ? [r.data.gflops] : [];
});
const wasmMatmul = wasmRates.length ? Math.max(...wasmRates) : undefined;

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
console.log("| config | params | batch | train threads | train tok/s Podium | train tok/s PyTorch | ratio | gen tok/s Podium | gen tok/s PyTorch | ratio | Podium train GFLOP/s ÷ (threads × wasm matmul) |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const [name, ours] of tfjs) {
  const ref = torch.get(name);
  if (!ref) continue;
  // The peak of data-parallel training: every thread at the one-thread matmul rate.
  const threads = ours.train_threads ?? 1;
  const fraction = wasmMatmul ? `${((100 * ours.train_gflops) / (threads * wasmMatmul)).toFixed(0)}% of ${fmt(threads * wasmMatmul)}` : "–";
  console.log(
    `| ${name} | ${(ours.params / 1e6).toFixed(2)}M | ${ours.batch} | ${threads} | ${fmt(ours.train_tokens_per_s)} | ${fmt(ref.train_tokens_per_s)} | ` +
      `**${(ours.train_tokens_per_s / ref.train_tokens_per_s).toFixed(2)}×** | ${fmt(ours.gen_tokens_per_s)} | ${fmt(ref.gen_tokens_per_s)} | ` +
      `**${(ours.gen_tokens_per_s / ref.gen_tokens_per_s).toFixed(2)}×** | ${fraction} |`,
  );
}
const load = lines(tfjsFile).flatMap((l) => {
  const r = ZRun.safeParse(l);
  return r.success && r.data.load_avg_1m !== undefined ? [r.data.load_avg_1m] : [];
});
const rounds = Math.max(0, ...[...tfjs.values()].map((r) => r.rounds));
if (load.length) console.log(`\nBest of ${rounds} interleaved rounds; 1-minute load average at each tfjs run: ${load.join(", ")}`);
