// Benchmark: byte-level BPE training and encoding speed on the shipped corpus (lib/ml/data/corpus.ts), and the
// compression it reaches (characters per token). Prints one JSON line.
// Run: npx tsx tests/bench/ml/tokenizer.ts [--vocab 4096] [--max-chars 4000000]
import os from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadCorpus } from "../../../lib/ml/data/corpus";
import { trainBpe } from "../../../lib/ml/tokenizer";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { vocab: { type: "string", default: "4096" }, "max-chars": { type: "string" } },
  });
  const vocabSize = z.coerce.number().int().min(258).parse(values.vocab);
  const maxChars = values["max-chars"] === undefined ? undefined : z.coerce.number().int().positive().parse(values["max-chars"]);
  const text = await loadCorpus({ maxChars });
  const t0 = performance.now();
  const tokenizer = trainBpe({ text, vocabSize });
  const trainS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const ids = tokenizer.encode(text);
  const encodeS = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  const roundTrip = tokenizer.decode(ids) === text;
  const decodeS = (performance.now() - t2) / 1000;
  console.log(
    JSON.stringify({
      bench: "bpe_tokenizer",
      chars: text.length,
      vocabSize: tokenizer.vocabSize,
      trainSeconds: Number(trainS.toFixed(2)),
      encodeMCharsPerS: Number((text.length / encodeS / 1e6).toFixed(2)),
      decodeMCharsPerS: Number((text.length / decodeS / 1e6).toFixed(2)),
      tokens: ids.length,
      charsPerToken: Number((text.length / ids.length).toFixed(3)),
      roundTrip,
      loadAvg1m: Number((os.loadavg()[0] ?? 0).toFixed(2)),
    }),
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
