// Checkpoint format: one binary buffer = fixed preamble + JSON header (names, shapes, offsets, config, tokenizer, step…)
// + raw little-endian float32 data, every tensor 4-byte aligned, with a CRC32 over header and data.
// Same idea as safetensors (a JSON header describing a flat byte blob), plus the optimizer and trainer state.
import * as zlib from "node:zlib";
import { z } from "zod";
import { ZTokenizerJson, type TTokenizerJson } from "../tokenizer";

/** A float32 tensor as plain data; structurally the same as the model's NamedWeight. */
export interface CheckpointTensor {
  data: Float32Array;
  shape: number[];
}

export const ZCheckpointKind = z.enum(["policy", "reward"]);
export type TCheckpointKind = z.infer<typeof ZCheckpointKind>;

export interface OptimizerState {
  /** Moments etc., e.g. "m/h.0.attn.wq" → tensor. */
  tensors: Map<string, CheckpointTensor>;
  /** Step counters, beta powers… (NaN and ±Infinity survive the round trip). */
  scalars: Record<string, number>;
}

export interface Checkpoint {
  kind: TCheckpointKind;
  /** Model and trainer configs; any JSON object (read back as plain JSON: parse it with your own schema). */
  config: Record<string, unknown>;
  tokenizer: TTokenizerJson;
  weights: Map<string, CheckpointTensor>;
  optimizer: OptimizerState | null;
  /** Optimisation steps done. */
  step: number;
  /** Best validation metric so far (null before the first evaluation; ±Infinity allowed). */
  bestMetric: number | null;
  /** Anything else the trainer must restore, e.g. reward normalisation stats. */
  extra: Record<string, unknown>;
}

export const MAGIC = "PODIUMCK";
export const FORMAT_VERSION = 1;
/** magic(8) + version u32 + header bytes u32 + data bytes u64 + crc32 u32 + reserved u32. */
const PREAMBLE_BYTES = 32;

/** The error every malformed, truncated or corrupted buffer raises. */
export class CheckpointFormatError extends Error {
  constructor(message: string) {
    super(`invalid checkpoint: ${message}`);
    this.name = "CheckpointFormatError";
  }
}

/** JSON numbers cannot be NaN or ±Infinity; those are written as strings. */
const ZNumberLike = z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]);
type TNumberLike = z.infer<typeof ZNumberLike>;
const encodeNumber = (x: number): TNumberLike =>
  Number.isNaN(x) ? "NaN" : x === Infinity ? "Infinity" : x === -Infinity ? "-Infinity" : x;
const decodeNumber = (x: TNumberLike): number => (typeof x === "number" ? x : Number(x));

const ZJsonObject = z.record(z.string(), z.json());

const ZTensorEntry = z
  .object({
    name: z.string().min(1),
    shape: z.array(z.number().int().min(0)),
    /** Offset in bytes from the start of the data section; a multiple of 4. */
    offset: z.number().int().min(0).multipleOf(4),
    /** Number of float32 elements (= product of shape). */
    length: z.number().int().min(0),
  })
  .strict()
  .refine((t) => t.shape.reduce((a, b) => a * b, 1) === t.length, { message: "length ≠ product of shape" });

export const ZCheckpointHeader = z
  .object({
    format: z.literal("podium-checkpoint"),
    kind: ZCheckpointKind,
    config: ZJsonObject,
    tokenizer: ZTokenizerJson,
    step: z.number().int().min(0),
    bestMetric: ZNumberLike.nullable(),
    extra: ZJsonObject,
    weights: z.array(ZTensorEntry),
    optimizer: z
      .object({ tensors: z.array(ZTensorEntry), scalars: z.record(z.string(), ZNumberLike) })
      .strict()
      .nullable(),
  })
  .strict();
export type TCheckpointHeader = z.infer<typeof ZCheckpointHeader>;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error("checkpoint format: float32 data is stored little-endian; this platform is big-endian");
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE), via zlib when Node has it (≥ 20.15), else a table loop. */
export function crc32(bytes: Uint8Array): number {
  if (typeof zlib.crc32 === "function") return zlib.crc32(bytes) >>> 0;
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function layout(
  group: string,
  tensors: Map<string, CheckpointTensor>,
  start: number,
): { entries: TCheckpointHeader["weights"]; end: number } {
  const entries: TCheckpointHeader["weights"] = [];
  let offset = start;
  for (const [name, t] of tensors) {
    if (!(t.data instanceof Float32Array)) throw new Error(`checkpoint: ${group} "${name}" is not a Float32Array`);
    const length = t.shape.reduce((a, b) => a * b, 1);
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0) || length !== t.data.length) {
      throw new Error(
        `checkpoint: ${group} "${name}" has shape [${t.shape.join(", ")}] but ${t.data.length} values`,
      );
    }
    entries.push({ name, shape: [...t.shape], offset, length });
    offset += length * 4;
  }
  return { entries, end: offset };
}

function jsonObject(value: Record<string, unknown>, what: string): z.infer<typeof ZJsonObject> {
  // Round-trip through JSON first so class instances become plain data, then insist on pure JSON.
  const parsed = ZJsonObject.safeParse(JSON.parse(JSON.stringify(value)));
  if (!parsed.success) throw new Error(`checkpoint: ${what} is not a JSON object: ${parsed.error.message}`);
  return parsed.data;
}

/** Serialises a checkpoint into one Buffer (see the file header for the layout). */
export function serializeCheckpoint(checkpoint: Checkpoint): Buffer<ArrayBuffer> {
  if (!Number.isInteger(checkpoint.step) || checkpoint.step < 0) {
    throw new Error(`checkpoint: step must be a non-negative integer, got ${checkpoint.step}`);
  }
  const weights = layout("weight", checkpoint.weights, 0);
  const optimizer = checkpoint.optimizer ? layout("optimizer tensor", checkpoint.optimizer.tensors, weights.end) : null;
  const dataBytes = optimizer ? optimizer.end : weights.end;
  const header: TCheckpointHeader = {
    format: "podium-checkpoint",
    kind: ZCheckpointKind.parse(checkpoint.kind),
    config: jsonObject(checkpoint.config, "config"),
    tokenizer: ZTokenizerJson.parse(checkpoint.tokenizer),
    step: checkpoint.step,
    bestMetric: checkpoint.bestMetric === null ? null : encodeNumber(checkpoint.bestMetric),
    extra: jsonObject(checkpoint.extra, "extra"),
    weights: weights.entries,
    optimizer:
      checkpoint.optimizer && optimizer
        ? {
            tensors: optimizer.entries,
            scalars: Object.fromEntries(
              Object.entries(checkpoint.optimizer.scalars).map(([k, v]) => [k, encodeNumber(v)]),
            ),
          }
        : null,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const dataStart = Math.ceil((PREAMBLE_BYTES + headerBytes.length) / 4) * 4;
  const total = dataStart + dataBytes;

  const out = Buffer.from(new ArrayBuffer(total)); // zero-filled, own (unpooled) memory: padding is deterministic
  out.write(MAGIC, 0, "ascii");
  out.writeUInt32LE(FORMAT_VERSION, 8);
  out.writeUInt32LE(headerBytes.length, 12);
  out.writeBigUInt64LE(BigInt(dataBytes), 16);
  headerBytes.copy(out, PREAMBLE_BYTES);
  const put = (entries: TCheckpointHeader["weights"], tensors: Map<string, CheckpointTensor>): void => {
    entries.forEach((entry) => {
      const t = tensors.get(entry.name)!;
      const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      out.set(bytes, dataStart + entry.offset);
    });
  };
  put(weights.entries, checkpoint.weights);
  if (checkpoint.optimizer && optimizer) put(optimizer.entries, checkpoint.optimizer.tensors);
  out.writeUInt32LE(crc32(out.subarray(PREAMBLE_BYTES)), 24);
  return out;
}

function readTensors(
  entries: TCheckpointHeader["weights"],
  data: Uint8Array,
  group: string,
): Map<string, CheckpointTensor> {
  const out = new Map<string, CheckpointTensor>();
  for (const entry of entries) {
    if (out.has(entry.name)) throw new CheckpointFormatError(`duplicate ${group} "${entry.name}"`);
    const end = entry.offset + entry.length * 4;
    if (end > data.length) throw new CheckpointFormatError(`${group} "${entry.name}" runs past the data section`);
    const values = new Float32Array(entry.length); // a copy: aligned, and independent of the input buffer
    new Uint8Array(values.buffer).set(data.subarray(entry.offset, end));
    out.set(entry.name, { data: values, shape: entry.shape });
  }
  return out;
}

/** Parses and validates a buffer from serializeCheckpoint; throws CheckpointFormatError on anything wrong. */
export function deserializeCheckpoint(bytes: Uint8Array): Checkpoint {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < PREAMBLE_BYTES) throw new CheckpointFormatError(`only ${buf.length} bytes, too short`);
  if (buf.toString("ascii", 0, 8) !== MAGIC) throw new CheckpointFormatError("wrong magic bytes (not a checkpoint)");
  const version = buf.readUInt32LE(8);
  if (version !== FORMAT_VERSION) {
    throw new CheckpointFormatError(`format version ${version}; this build reads version ${FORMAT_VERSION}`);
  }
  const headerLength = buf.readUInt32LE(12);
  const dataBytes = Number(buf.readBigUInt64LE(16));
  const dataStart = Math.ceil((PREAMBLE_BYTES + headerLength) / 4) * 4;
  if (buf.length !== dataStart + dataBytes) {
    throw new CheckpointFormatError(
      `expected ${dataStart + dataBytes} bytes from the preamble, got ${buf.length} (truncated or padded)`,
    );
  }
  const expected = buf.readUInt32LE(24);
  const actual = crc32(buf.subarray(PREAMBLE_BYTES));
  if (expected !== actual) {
    throw new CheckpointFormatError(`CRC32 mismatch (stored ${expected}, computed ${actual}): the bytes are corrupted`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(buf.toString("utf8", PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength));
  } catch (err) {
    throw new CheckpointFormatError(`header is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = ZCheckpointHeader.safeParse(raw);
  if (!parsed.success) throw new CheckpointFormatError(`header does not match the schema: ${parsed.error.message}`);
  const header = parsed.data;
  const data = buf.subarray(dataStart);
  return {
    kind: header.kind,
    config: header.config,
    tokenizer: header.tokenizer,
    weights: readTensors(header.weights, data, "weight"),
    optimizer: header.optimizer
      ? {
          tensors: readTensors(header.optimizer.tensors, data, "optimizer tensor"),
          scalars: Object.fromEntries(
            Object.entries(header.optimizer.scalars).map(([k, v]) => [k, decodeNumber(v)]),
          ),
        }
      : null,
    step: header.step,
    bestMetric: header.bestMetric === null ? null : decodeNumber(header.bestMetric),
    extra: header.extra,
  };
}

/** Total float32 parameters of the weights (for logs and the model card). */
export function countParameters(weights: Map<string, CheckpointTensor>): number {
  let n = 0;
  for (const t of weights.values()) n += t.data.length;
  return n;
}
