// Decides whether the production build in .next matches the sources, so `npm start` rebuilds only when needed.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const INPUTS = ["app", "lib", "next.config.js", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", "generated"]);

function fingerprint(root: string): string {
  const hash = createHash("sha256");
  const walk = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) if (!SKIP.has(name)) walk(path.join(p, name));
    } else {
      hash.update(`${path.relative(root, p)}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  for (const input of INPUTS) walk(path.join(root, input));
  return hash.digest("hex");
}

const stampPath = (root: string) => path.join(root, ".next", "podium-build-stamp");

export function buildIsFresh(root: string): boolean {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return false;
  return fs.readFileSync(stampPath(root), { encoding: "utf8", flag: "a+" }) === fingerprint(root);
}

export function writeBuildStamp(root: string): void {
  fs.writeFileSync(stampPath(root), fingerprint(root));
}
