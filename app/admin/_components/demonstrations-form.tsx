"use client";
import { useState, type FormEvent } from "react";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Textarea } from "@/app/components/ui/field";

interface LineResult {
  line: number;
  status: "imported" | "duplicate" | "rejected";
  reason?: string;
}

interface DemonstrationImportReport {
  imported: number;
  duplicates: number;
  rejected: number;
  promptsCreated: number;
  results: LineResult[];
}

const EXAMPLE = `{"prompt": "Name a primary colour.", "response": "Red is a primary colour."}
{"prompt": "Say hello.", "response": "Hello!", "projectId": "default"}`;

/** Shown rows of the per-line report. */
const MAX_ROWS = 50;

/** Demonstrations for supervised fine-tuning (the sft job): paste JSON or JSONL; shows the stored count. */
export function DemonstrationsForm({ initialCount }: { initialCount: number }) {
  const [text, setText] = useState("");
  const [count, setCount] = useState(initialCount);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<DemonstrationImportReport | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (text.trim() === "") {
      setError("Paste JSON or JSONL of {prompt, response}.");
      return;
    }
    setBusy(true);
    setError(null);
    setReport(null);
    const res = await api<DemonstrationImportReport>("/api/v1/demonstrations", {
      rawBody: text,
      headers: { "content-type": text.trim().startsWith("[") ? "application/json" : "application/x-ndjson" },
    });
    setBusy(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    setReport(res.data);
    setCount((c) => c + res.data.imported);
  }

  const problems = report?.results.filter((r) => r.status !== "imported") ?? [];

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700" data-testid="demonstration-count">
        <strong>{count}</strong> demonstration{count === 1 ? "" : "s"} stored.
      </p>
      <form onSubmit={onSubmit} className="space-y-3">
        <Field id="demonstrations-text" label="Demonstrations (JSON array or JSONL)">
          <Textarea
            id="demonstrations-text"
            name="demonstrations"
            rows={5}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            placeholder={EXAMPLE}
            className="font-mono text-xs"
            spellCheck={false}
          />
        </Field>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <Button type="submit" disabled={busy}>
          {busy ? "Importing…" : "Import demonstrations"}
        </Button>
      </form>
      {report ? (
        <div className="space-y-2" data-testid="demonstration-report">
          <Alert tone={report.rejected > 0 ? "warning" : "success"}>
            <strong>{report.imported}</strong> imported ({report.promptsCreated} new prompt{report.promptsCreated === 1 ? "" : "s"}),{" "}
            <strong>{report.duplicates}</strong> duplicate{report.duplicates === 1 ? "" : "s"}, <strong>{report.rejected}</strong> rejected.
          </Alert>
          {problems.length > 0 ? (
            <ul className="max-h-48 overflow-auto rounded-md border border-slate-200 text-sm">
              {problems.slice(0, MAX_ROWS).map((r) => (
                <li key={r.line} className="border-t border-slate-100 px-3 py-1.5 first:border-t-0">
                  <span className="font-mono">line {r.line}</span>: {r.status} — {r.reason ?? ""}
                </li>
              ))}
              {problems.length > MAX_ROWS ? <li className="px-3 py-1.5 text-xs text-slate-600">…and {problems.length - MAX_ROWS} more.</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
