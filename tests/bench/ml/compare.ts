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
const runs = (file: string) => new Map(lines(file).flatMap((l) => {
  const r = ZRun.safeParse(l);
  // The tfjs bench names its --config run by the file it read; the reference script calls it "base".
  return r.success ? [[r.data.name.endsWith(".json") ? "base" : r.data.name, r.data] as const] : [];
}));
const tfjs = runs(tfjsFile);
const torch = runs(torchFile);
const wasmMatmul = lines(matmulFile)
  .flatMap((l) => {
    const r = ZMatmul.safeParse(l);
    return r.success && r.data.backend === "wasm" && !r.data.transposeB ? [r.data.gflops] : [];
  })
  .at(0);

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
const load = [...tfjs.values()].map((r) => r.load_avg_1m).filter((x) => x !== undefined);
if (load.length) console.log(`\n1-minute load average during the run: ${load.join(", ")}`);
