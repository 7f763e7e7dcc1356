// `podium up`'s supervisor (server/supervise.ts) driving two stand-ins: a web server answering "ok" on PORT and a
// worker that idles; each prints its pid and every signal it receives. Run with `node --import tsx`; the test kills
// and signals the processes.
import { supervise } from "@/server/supervise";

const port = Number(process.env.PORT);
const reportSignals = (name: string) => `for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, () => {
  console.log("${name} " + process.pid + " got " + s); setTimeout(() => process.exit(0), 50); });`;
const web = `require("node:http").createServer((req, res) => res.end("ok"))
  .listen(${port}, "127.0.0.1", () => console.log("web pid " + process.pid)); ${reportSignals("web")}`;
const worker = `console.log("worker pid " + process.pid); setInterval(() => {}, 1000); ${reportSignals("worker")}`;

const { done } = supervise({
  web: { args: ["-e", web] },
  worker: { args: ["-e", worker] },
  backoff: { initialMs: 200, maxMs: 1_600, stableMs: 60_000 },
  killAfterMs: 5_000,
  log: (line) => console.log(`[podium] ${line}`),
});
void done.then((code) => process.exit(code));
