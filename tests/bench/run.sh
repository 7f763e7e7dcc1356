#!/usr/bin/env bash
# `npm run bench [-- ml|labelers|export|rlhf|reward-memory|dpo-memory|sft|evaluate|quality|learning|loop-before-after]` (default: all): Podium's benchmarks, each side by side with
# its reference in the same command.
#   ml        tfjs (wasm) training/generation tokens/s vs PyTorch CPU on the same configs and batches, and the wasm
#             backend's matmul throughput (installs Debian's python3-torch when run as root and missing);
#             BENCH_ROUNDS interleaved rounds (default 3), best round of each side; PODIUM_TRAIN_THREADS as the worker
#   labelers  32 simulated labelers over HTTP against the production web server (closed loops, then paced at
#             BENCH_RATE) vs the raw insert rate; next-task latency by database size (BENCH_SIZES)
#   loop-before-after  the labelers section's closed-loop throughput of this tree and of a reference commit
#             (BENCH_REF, default: the last one before projects and gold items), alternating BENCH_ROUNDS rounds
#   export    the worst wait of small requests (GET /api/v1/me) on the web process that streams a large pairwise
#             export (BENCH_EXPORT_COMPARISONS, 7,000 ≈ 170 MB), side by side with the same requests alone
#   rlhf      one RLHF round on the shipped base model through the real worker (generate 500×5, reward on 1,500
#             rankings, PPO 20 steps): wall time, tokens/s, peak memory per stage (BENCH_* env to scale it down)
#   reward-memory  reward-model training on the shipped base model, 16 rankings × 5 sequences per step, in one pass
#             vs micro-batches of 4 and 2 rankings (one process each): s/step, tokens/s, peak RSS
#   dpo-memory  the same for DPO: 16 preference pairs per step, policy + live reference, one pass vs micro-batches of 4
#   sft       EOS rate of the policy's samples on the demo prompts before and after a short sft job on the demo
#             demonstrations, through the worker loop (BENCH_SFT_STEPS, default 100)
#   evaluate  the evaluate job at its defaults and POST /models/:id/score's work (1 and 32 completions, a child
#             process each) on the shipped base model, with the calling process's longest event-loop stall, beside
#             the same scoring in process
#   quality   the quality console endpoint and the data browser's queries over HTTP on 100,000 comparisons /
#             300,000 rankings / 50 labelers /
#             2 projects (BENCH_QUALITY_COMPARISONS, BENCH_DATABASES, BENCH_RUNS), median of several runs
#   learning  simulated labelers with a hidden preference (animals over tools, independent of length) rank through the
#             HTTP API; the reward model's held-out accuracy beside labeler agreement and length rules, and active vs
#             random selection by number of rankings, same pool and budget; then sft on the consensus-best completions
#             and ppo / rloo / dpo from it, each policy against the base under the hidden preference (win rate, reward
#             model's score, EOS rate, KL, distinct samples) (BENCH_LEARN_* in tests/bench/learning/run.ts)
# Results print as Markdown; BENCHMARKS.md records them with this command.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NEXT_TELEMETRY_DISABLED=1
sections=${1:-"ml labelers export rlhf reward-memory dpo-memory sft evaluate quality learning"}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for section in $sections; do
  case $section in
    ml)
      if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
        if [ "$(id -u)" = 0 ]; then
          apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread >/dev/null
        else
          echo "PyTorch reference needs: sudo apt-get install -y python3-torch libopenblas0-pthread"; exit 1
        fi
      fi
      echo "## ML: Podium (tfjs) vs PyTorch CPU"
      npx tsx -e 'import { DEFAULT_GPT_CONFIG } from "./lib/ml/model/config"; console.log(JSON.stringify(DEFAULT_GPT_CONFIG))' > "$out/base.json"
      # BENCH_ROUNDS rounds (default 3), each tfjs then PyTorch, so both see the same spells of load on a shared
      # machine; compare.ts keeps each side's best round (the least disturbed one).
      for round in $(seq "${BENCH_ROUNDS:-3}"); do
        echo "### round $round"
        npx tsx tests/bench/ml/matmul.ts | tee -a "$out/matmul.jsonl"
        npx tsx tests/bench/ml/train-gen.bench.ts --config "$out/base.json" | tee -a "$out/tfjs.jsonl"
        OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 tests/bench/ml/torch_reference.py --config "$out/base.json" | tee -a "$out/torch.jsonl"
      done
      echo
      npx tsx tests/bench/ml/compare.ts "$out/tfjs.jsonl" "$out/torch.jsonl" "$out/matmul.jsonl"
      ;;
    labelers)
      echo "## Labeler loop"
      npx next build > "$out/build.log"
      npx tsx tests/bench/labelers/run.ts
      ;;
    loop-before-after)
      echo "## Labeler loop: this tree beside the reference commit"
      bash tests/bench/labelers/before-after.sh
      ;;
    export)
      echo "## Export fairness"
      npx next build > "$out/build.log"
      npx tsx tests/bench/export/run.ts
      ;;
    rlhf)
      echo "## One RLHF round"
      npx tsx tests/bench/rlhf-round.ts
      ;;
    reward-memory)
      echo "## Reward training memory: one pass vs micro-batches"
      npx tsx tests/bench/ml/reward-memory.ts
      ;;
    dpo-memory)
      echo "## DPO training memory: one pass vs micro-batches"
      npx tsx tests/bench/ml/reward-memory.ts --trainer dpo --micro 0,4
      ;;
    sft)
      echo "## SFT: EOS rate before and after"
      npx tsx tests/bench/sft-eos.ts
      ;;
    evaluate)
      echo "## Evaluation and reward scoring"
      npx tsx tests/bench/evaluate-score.ts
      ;;
    quality)
      echo "## Quality console"
      npx next build > "$out/build.log"
      npx tsx tests/bench/quality/run.ts
      ;;
    learning)
      echo "## Learning: hidden preference, active vs random selection"
      npx next build > "$out/build.log"
      npx tsx tests/bench/learning/run.ts
      ;;
    *) echo "unknown section: $section (ml, labelers, export, rlhf, reward-memory, dpo-memory, sft, quality, learning)"; exit 2 ;;
  esac
done
