// Entry of a training thread: worker_threads start plain Node, so register the TypeScript loader (tsx, which also
// runs the worker process) before loading ./thread.ts. The project's .ts files load as CommonJS (package.json has no
// "type"), hence tsx's CommonJS hook and require. Works the same under tsx, vitest and plain node.
import { createRequire } from "node:module";
import { register } from "tsx/cjs/api";

register();
createRequire(import.meta.url)("./thread.ts");
