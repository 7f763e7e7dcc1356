// Entry of a training thread: worker_threads start plain Node, so register the TypeScript loader (tsx, which also
// runs the worker process) before loading ./thread.ts. Works the same under tsx, vitest and plain node.
import { register } from "tsx/esm/api";

register();
await import("./thread.ts");
