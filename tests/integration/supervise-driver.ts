// `podium up`'s supervisor (server/supervise.ts) driving two stand-ins: a web server answering "ok" on PORT and a
// worker that idles; each prints its pid. Run with `node --import tsx`; the test kills and signals the processes.
import { spawn } from "node:child_process";
import { supervise } from "@/server/supervise";

const port = Number(process.env.PORT);
const web = `require("node:http").createServer((req, res) => res.end("ok"))
  .listen(${port}, "127.0.0.1", () => console.log("web pid " + process.pid));
process.on("SIGTERM", () => process.exit(0));`;
const worker = `console.log("worker pid " + process.pid); setInterval(() => {}, 1000);`;

const { done } = supervise({
  startWeb: () => spawn(process.execPath, ["-e", web], { stdio: ["ignore", "inherit", "inherit"] }),
  startWorker: () => spawn(process.execPath, ["-e", worker], { stdio: ["ignore", "inherit", "inherit"] }),
  backoff: { initialMs: 200, maxMs: 1_600, stableMs: 60_000 },
  killAfterMs: 5_000,
  log: (line) => console.log(`[podium] ${line}`),
});
void done.then((code) => process.exit(code));
