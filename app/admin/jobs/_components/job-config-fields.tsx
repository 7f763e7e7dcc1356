"use client";
// One input per field of a job type's config, generated from its zod schema (lib/jobs/job-form-fields.ts): the
// default as placeholder and value, bounds and the schema's help text under the input, and the schema's own error
// next to the field as the admin types.
import { useState } from "react";
import type { JobFormField } from "@/lib/jobs/job-form-fields";
import { Input, Select } from "@/app/components/ui/field";

export type ConfigObject = Record<string, unknown>;

export function getAt(config: ConfigObject, path: readonly string[]): unknown {
  let value: unknown = config;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as ConfigObject)[key];
  }
  return value;
}

/** A copy of `config` with `path` set to `value` (undefined: the key removed, and an emptied parent object with it). */
export function setAt(config: ConfigObject, path: readonly string[], value: unknown): ConfigObject {
  const [key, ...rest] = path;
  if (key === undefined) return config;
  const next: ConfigObject = { ...config };
  if (rest.length === 0) {
    if (value === undefined) delete next[key];
    else next[key] = value;
    return next;
  }
  const child = typeof next[key] === "object" && next[key] !== null && !Array.isArray(next[key]) ? (next[key] as ConfigObject) : {};
  const updated = setAt(child, rest, value);
  if (Object.keys(updated).length === 0) delete next[key];
  else next[key] = updated;
  return next;
}

export function fieldId(type: string, path: readonly string[]): string {
  return `job-field-${type}-${path.join("-")}`;
}

function defaultText(field: JobFormField): string {
  if (field.defaultValue === undefined) return field.optional ? "none" : "required";
  if (Array.isArray(field.defaultValue)) return field.defaultValue.length ? field.defaultValue.join(", ") : "none";
  return typeof field.defaultValue === "object" ? JSON.stringify(field.defaultValue) : String(field.defaultValue);
}

/** A number input that keeps what is being typed ("1e-", "0.") and stores a number once the text is one. */
function NumberInput({ id, value, field, onChange, describedBy, invalid }: InputProps) {
  const shown = value === undefined ? "" : String(value);
  // What is typed, and the value it stood for: when the value changes elsewhere (the JSON view, a reset), the text
  // follows it, unless it already means the same value.
  const [draft, setDraft] = useState<{ text: string; value: unknown }>({ text: shown, value });
  let text = draft.text;
  if (!Object.is(draft.value, value)) {
    text = draft.text.trim() !== "" && Number(draft.text) === value ? draft.text : shown;
    setDraft({ text, value });
  }
  return (
    <Input
      id={id}
      inputMode="decimal"
      value={text}
      placeholder={field.defaultValue === undefined ? "" : String(field.defaultValue)}
      aria-invalid={invalid}
      aria-describedby={describedBy}
      onChange={(e) => {
        const raw = e.target.value;
        const n = Number(raw);
        // Not a number (yet): the raw text goes into the config, and the schema says so next to the field.
        const next = raw.trim() === "" ? undefined : Number.isFinite(n) ? n : raw;
        setDraft({ text: raw, value: next });
        onChange(next);
      }}
    />
  );
}

interface InputProps {
  id: string;
  value: unknown;
  field: JobFormField;
  onChange: (value: unknown) => void;
  describedBy: string;
  invalid: boolean;
}

function FieldInput(props: InputProps) {
  const { id, value, field, onChange, describedBy, invalid } = props;
  const common = { id, "aria-invalid": invalid, "aria-describedby": describedBy };
  switch (field.kind) {
    case "number":
    case "integer":
      return <NumberInput {...props} />;
    case "boolean":
      return (
        <input
          {...common}
          type="checkbox"
          className="h-5 w-5 rounded border-slate-400 accent-blue-700"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case "choice":
      return (
        <Select {...common} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)}>
          {(field.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </Select>
      );
    case "list":
      return (
        <Input
          {...common}
          value={Array.isArray(value) ? value.join(", ") : ""}
          placeholder="comma-separated ids"
          onChange={(e) => {
            const items = e.target.value.split(",").map((s) => s.trim()).filter(Boolean);
            onChange(items.length === 0 && field.optional ? undefined : items);
          }}
        />
      );
    case "json":
      return (
        <Input
          {...common}
          className="font-mono text-xs"
          value={value === undefined ? "" : JSON.stringify(value)}
          onChange={(e) => {
            try {
              onChange(e.target.value.trim() === "" ? undefined : JSON.parse(e.target.value));
            } catch {
              onChange(e.target.value);
            }
          }}
        />
      );
    default:
      return (
        <Input {...common} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)} />
      );
  }
}

/** The fields of one job type; `errors` maps a dotted path to the schema's messages for it. */
export function JobConfigFields({
  type,
  fields,
  config,
  errors,
  onChange,
  skip = [],
}: {
  type: string;
  fields: JobFormField[];
  config: ConfigObject;
  errors: Map<string, string[]>;
  onChange: (config: ConfigObject) => void;
  /** Dotted paths rendered elsewhere (e.g. the training-data choice). */
  skip?: string[];
}) {
  return (
    <div className="grid gap-x-4 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
      {fields
        .filter((f) => !skip.includes(f.path.join(".")))
        .map((field) => {
          const key = field.path.join(".");
          const id = fieldId(type, field.path);
          const messages = errors.get(key) ?? [];
          const help = `${id}-help`;
          const error = `${id}-error`;
          return (
            <div key={key} className={field.kind === "boolean" ? "flex flex-col justify-start space-y-1" : "space-y-1"}>
              <label htmlFor={id} className="block font-mono text-sm font-medium text-slate-800">
                {key}
              </label>
              <FieldInput
                id={id}
                field={field}
                value={getAt(config, field.path)}
                invalid={messages.length > 0}
                describedBy={messages.length > 0 ? `${error} ${help}` : help}
                onChange={(value) => onChange(setAt(config, field.path, value))}
              />
              {messages.length > 0 ? (
                <p id={error} className="text-xs font-medium text-red-800">
                  {messages.join("; ")}
                </p>
              ) : null}
              <p id={help} className="text-xs text-slate-600">
                {field.description} <span className="whitespace-nowrap">Default: {defaultText(field)}</span>
                {field.range ? <span className="whitespace-nowrap">; range {field.range}</span> : null}.
              </p>
            </div>
          );
        })}
    </div>
  );
}
