// Child process of the claim race in jobs-queue.test.ts: a worker that claims jobs until none is left. It connects,
// prints "ready", and starts when the parent writes a line to its stdin (all racers at once); then prints the ids
// it won as one JSON line.
import { openDb } from "@/lib/db";
import { claimJob } from "@/lib/jobs";

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const workerId = process.env.WORKER_ID;
  if (!url || !workerId) throw new Error("DATABASE_URL and WORKER_ID are required");
  const db = await openDb({ url, poolSize: 4 });
  await db.job.count(); // connect before the start signal
  const go = new Promise((resolve) => process.stdin.once("data", resolve));
  process.stdout.write("ready\n");
  await go;
  const won: string[] = [];
  // Several claim loops per process, as if several job slots raced inside it too.
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (;;) {
        const job = await claimJob({ db, workerId });
        if (!job) return;
        won.push(job.id);
      }
    }),
  );
  process.stdout.write(`${JSON.stringify({ workerId, won })}\n`);
  await db.$disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
