// Test helper: run the ML unit tests on the wasm backend (the one the product falls back to on CPU machines).
// A stand-in until lib/ml/backend.ts lands; it points tfjs at the .wasm files that ship in node_modules.
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import path from "node:path";

let ready: Promise<void> | null = null;

export function useWasmBackend(): Promise<void> {
  if (!ready) {
    ready = (async () => {
      setWasmPaths(path.resolve("node_modules/@tensorflow/tfjs-backend-wasm/dist") + path.sep);
      await tf.setBackend("wasm");
      await tf.ready();
    })();
  }
  return ready;
}
