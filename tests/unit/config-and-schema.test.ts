import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { derivePostgresSchema, POSTGRES_SCHEMA, SQLITE_SCHEMA } from "@/prisma/tools/derive-postgres-schema";
import { parseImportBody } from "@/lib/data";

describe("configuration", () => {
  it("defaults to an SQLite file under data/ and resolves it to an absolute path", () => {
    const config = parseConfig({});
    expect(config.databaseKind).toBe("sqlite");
    expect(config.sqlitePath).toMatch(/\/data\/podium\.db$/);
    expect(config.DATABASE_URL).toBe(`file:${config.sqlitePath}`);
  });

  it("selects PostgreSQL for a postgresql:// URL", () => {
    expect(parseConfig({ DATABASE_URL: "postgresql://u@h/db" }).databaseKind).toBe("postgresql");
  });

  it("fails fast with a message naming the bad variable", () => {
    expect(() => parseConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must start with file:/);
    expect(() => parseConfig({ PORT: "http" })).toThrow(/PORT/);
  });
});

describe("database schemas", () => {
  it("keeps the PostgreSQL schema in sync with the one source schema", () => {
    const derived = derivePostgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
    expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(derived);
  });
});

describe("import body parsing", () => {
  it("numbers JSONL lines as in the file, skipping blank lines and flagging bad JSON", () => {
    const items = parseImportBody('{"prompt":"a"}\n\n{bad\n{"prompt":"b"}');
    expect(items.map((i) => i.line)).toEqual([1, 3, 4]);
    expect(items[1]?.error).toMatch(/not valid JSON/);
  });

  it("rejects an unparseable JSON array as a whole", () => {
    expect(() => parseImportBody('[{"prompt":"a"}')).toThrow(/not a valid JSON array/);
  });
});
