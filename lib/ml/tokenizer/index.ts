// Public surface of the tokenizer: byte-level BPE training and the Tokenizer class with its JSON schema.
export {
  Tokenizer,
  StreamingDecoder,
  ZTokenizerJson,
  EOS_TOKEN,
  PAD_TOKEN,
  BYTE_TOKENS,
  applyMergesByHeap,
  applyMergesByScan,
  LONG_CHUNK_BYTES,
} from "./tokenizer";
export type { TTokenizerJson, TokenizerOptions, DecodeOptions } from "./tokenizer";
export { trainBpe, DEFAULT_TRAIN_BPE_CONFIG } from "./train-bpe";
export type { TrainBpeConfig, TrainBpeOptions } from "./train-bpe";
export { DEFAULT_PRETOKENIZE_PATTERN, pretokenize, compilePattern } from "./pretokenize";
