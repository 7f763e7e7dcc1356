// Public surface of checkpoints: the binary format, the store interface and its directory / key-value stores.
export {
  serializeCheckpoint,
  deserializeCheckpoint,
  countParameters,
  crc32,
  CheckpointFormatError,
  ZCheckpointHeader,
  ZCheckpointKind,
  MAGIC,
  FORMAT_VERSION,
} from "./format";
export type { Checkpoint, CheckpointTensor, OptimizerState, TCheckpointKind, TCheckpointHeader } from "./format";
export { ZCheckpointKey, parseCheckpointKey } from "./store";
export type { CheckpointStore } from "./store";
export { FsCheckpointStore, CHECKPOINT_EXTENSION } from "./fs-store";
export type { FsCheckpointStoreOptions } from "./fs-store";
export { KvCheckpointStore, MemoryKv } from "./db-store";
export type { ArtifactKv, KvCheckpointStoreOptions } from "./db-store";
export { snapshotTensors, assignVariables } from "./tensors";
export type { AssignVariablesOptions } from "./tensors";
