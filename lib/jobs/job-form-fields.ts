// The admin job form's fields, read from the job config schemas themselves: each field's path, kind (number,
// boolean, choice, text, list, JSON), default, bounds and help text (the schema's .describe()), so the form cannot
// drift from what the API accepts. Used in the browser: no server imports.
import type { z } from "zod";
import { JOB_CONFIG_SCHEMAS, type TJobType } from "./job-config";

export type JobFormFieldKind = "number" | "integer" | "boolean" | "choice" | "text" | "list" | "json";

export interface JobFormField {
  /** Path in the config object, e.g. ["sampling", "temperature"]. */
  path: string[];
  kind: JobFormFieldKind;
  /** The default the API fills in (undefined: none; an optional field is left out). */
  defaultValue: unknown;
  optional: boolean;
  /** Help text (the schema's description). */
  description: string;
  /** Choices of a "choice" field. */
  options?: string[];
  min?: number;
  max?: number;
  /** Shown after the input, e.g. "0–1". */
  range?: string;
}

interface Unwrapped {
  inner: z.core.$ZodType;
  optional: boolean;
  defaultValue: unknown;
  description: string | undefined;
}

function defOf(schema: z.core.$ZodType): z.core.$ZodTypeDef & Record<string, unknown> {
  return schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
}

function descriptionOf(schema: z.core.$ZodType): string | undefined {
  const d: unknown = Reflect.get(schema, "description");
  return typeof d === "string" ? d : undefined;
}

/** Peels optional / default / prefault / nullable wrappers, keeping the outermost description and the default. */
function unwrap(schema: z.core.$ZodType): Unwrapped {
  let inner = schema;
  let optional = false;
  let defaultValue: unknown = undefined;
  let description = descriptionOf(schema);
  for (;;) {
    const def = defOf(inner);
    if (def.type === "optional" || def.type === "nullable") {
      if (def.type === "optional") optional = true;
    } else if (def.type === "default" || def.type === "prefault") {
      if (defaultValue === undefined) defaultValue = def.defaultValue;
    } else break;
    inner = def.innerType as z.core.$ZodType;
    description ??= descriptionOf(inner);
  }
  return { inner, optional, defaultValue, description };
}

function bounds(schema: z.core.$ZodType): { min?: number; max?: number; int: boolean } {
  const min: unknown = Reflect.get(schema, "minValue");
  const max: unknown = Reflect.get(schema, "maxValue");
  const isInt: unknown = Reflect.get(schema, "isInt");
  const finite = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);
  const out: { min?: number; max?: number; int: boolean } = { int: isInt === true };
  const lo = finite(min);
  const hi = finite(max);
  if (lo !== undefined) out.min = lo;
  if (hi !== undefined) out.max = hi;
  return out;
}

function fieldsOf(schema: z.core.$ZodType, prefix: string[]): JobFormField[] {
  const shape = defOf(schema).shape as Record<string, z.core.$ZodType> | undefined;
  if (!shape) return [];
  const fields: JobFormField[] = [];
  for (const [key, value] of Object.entries(shape)) {
    const { inner, optional, defaultValue, description } = unwrap(value);
    const path = [...prefix, key];
    const def = defOf(inner);
    const base = { path, optional, defaultValue, description: description ?? "" };
    if (def.type === "object") {
      fields.push(...fieldsOf(inner, path));
    } else if (def.type === "number") {
      const b = bounds(inner);
      fields.push({
        ...base,
        kind: b.int ? "integer" : "number",
        ...(b.min !== undefined ? { min: b.min } : {}),
        ...(b.max !== undefined ? { max: b.max } : {}),
        ...(b.min !== undefined && b.max !== undefined ? { range: `${b.min}–${b.max}` } : {}),
      });
    } else if (def.type === "boolean") {
      fields.push({ ...base, kind: "boolean" });
    } else if (def.type === "enum") {
      fields.push({ ...base, kind: "choice", options: Object.values(def.entries as Record<string, string>) });
    } else if (def.type === "string") {
      fields.push({ ...base, kind: "text" });
    } else if (def.type === "array") {
      fields.push({ ...base, kind: "list" });
    } else {
      fields.push({ ...base, kind: "json" });
    }
  }
  return fields;
}

/** The form fields of a job type, in the schema's order (nested objects flattened into dotted paths). */
export function jobFormFields(type: TJobType): JobFormField[] {
  return fieldsOf(JOB_CONFIG_SCHEMAS[type] as z.core.$ZodType, []);
}
