"use client";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/components/ui/field";

interface LineResult {
  line: number;
  status: "imported" | "duplicate" | "rejected";
  reason?: string;
}

interface ImportReport {
  imported: number;
  duplicates: number;
  rejected: number;
  comparisons: number;
  /** Comparisons imported as gold items (with goldRanking). */
  gold?: number;
  results: LineResult[];
}

const EXAMPLE = `{"prompt": "Explain photosynthesis to a child.", "completions": ["…", "…", "…", "…", "…"]}
{"prompt": "Write a haiku about autumn."}`;

/** Shown rows of the per-line report; a 10,000-line import is summarised, not rendered in full. */
const MAX_ROWS = 200;

/** Prompt import into a chosen project (default: "default"); items may carry goldRanking, split and tags. */
export function ImportForm({ projects }: { projects: { id: string; name: string }[] }) {
  const [text, setText] = useState("");
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [requiredRankings, setRequiredRankings] = useState("3");
  const [projectId, setProjectId] = useState(projects.some((p) => p.id === "default") ? "default" : (projects[0]?.id ?? "default"));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [showAll, setShowAll] = useState(false);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.currentTarget.files?.[0];
    setFile(f ? { name: f.name, content: await f.text() } : null);
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const body = file?.content ?? text;
    if (body.trim() === "") {
      setError("Paste JSON or JSONL, or choose a file.");
      return;
    }
    setBusy(true);
    setError(null);
    setReport(null);
    const rr = Number(requiredRankings);
    const query = new URLSearchParams({ projectId });
    if (Number.isInteger(rr) && rr >= 1) query.set("requiredRankings", String(rr));
    const res = await api<ImportReport>(`/api/v1/prompts?${query.toString()}`, {
      rawBody: body,
      headers: {
        "content-type": body.trim().startsWith("[") ? "application/json" : "application/x-ndjson",
      },
    });
    setBusy(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    setReport(res.data);
    setShowAll(false);
  }

  const problems = report?.results.filter((r) => r.status !== "imported") ?? [];
  const rows = showAll ? (report?.results ?? []) : problems;

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-3">
        <Field
          id="import-text"
          label="Prompts (JSON array or JSONL)"
          hint={file ? `Using the file ${file.name}; clear it to use the text box.` : undefined}
        >
          <Textarea
            id="import-text"
            name="text"
            rows={7}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            placeholder={EXAMPLE}
            className="font-mono text-xs"
            disabled={file !== null}
            spellCheck={false}
          />
        </Field>
        <div className="flex flex-wrap items-end gap-4">
          <Field id="import-file" label="…or a file">
            <Input
              id="import-file"
              type="file"
              accept=".json,.jsonl,.ndjson,application/json,text/plain"
              onChange={onFile}
              className="py-1.5"
            />
          </Field>
          {file ? (
            <Button variant="ghost" size="sm" onClick={() => setFile(null)}>
              Clear file
            </Button>
          ) : null}
          <Field id="import-project" label="Project">
            <Select id="import-project" value={projectId} onChange={(e) => setProjectId(e.currentTarget.value)}>
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="import-required" label="Rankings per comparison">
            <Input
              id="import-required"
              type="number"
              min={1}
              max={50}
              value={requiredRankings}
              onChange={(e) => setRequiredRankings(e.currentTarget.value)}
              className="w-28"
            />
          </Field>
        </div>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <Button type="submit" disabled={busy}>
          {busy ? "Importing…" : "Import"}
        </Button>
      </form>

      {report ? (
        <div className="space-y-3" data-testid="import-report">
          <Alert tone={report.rejected > 0 ? "warning" : "success"}>
            <strong>{report.imported}</strong> imported, <strong>{report.duplicates}</strong> duplicate
            {report.duplicates === 1 ? "" : "s"}, <strong>{report.rejected}</strong> rejected;{" "}
            <strong>{report.comparisons}</strong> comparison
            {report.comparisons === 1 ? "" : "s"} to rank
            {report.gold ? (
              <>
                , <strong>{report.gold}</strong> of them gold
              </>
            ) : null}
            .
          </Alert>
          {report.results.length > 0 ? (
            <>
              <div className="flex items-center gap-3 text-sm">
                <span className="text-slate-700">
                  {showAll ? "All lines" : problems.length === 0 ? "Every line was imported." : "Lines not imported"}
                </span>
                <Button variant="ghost" size="sm" onClick={() => setShowAll((v) => !v)}>
                  {showAll ? "Show problems only" : "Show all lines"}
                </Button>
              </div>
              {rows.length > 0 ? (
                <div className="max-h-80 overflow-auto rounded-md border border-slate-200">
                  <table className="w-full text-left text-sm">
                    <caption className="sr-only">Import report per line</caption>
                    <thead className="sticky top-0 bg-slate-100 text-xs uppercase tracking-wide text-slate-700">
                      <tr>
                        <th scope="col" className="px-3 py-1.5 font-medium">
                          Line
                        </th>
                        <th scope="col" className="px-3 py-1.5 font-medium">
                          Status
                        </th>
                        <th scope="col" className="px-3 py-1.5 font-medium">
                          Reason
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.slice(0, MAX_ROWS).map((r) => (
                        <tr key={r.line} className="border-t border-slate-100">
                          <td className="px-3 py-1.5 font-mono">{r.line}</td>
                          <td className="px-3 py-1.5">
                            <span
                              className={`rounded px-1.5 py-0.5 text-xs font-medium ${
                                r.status === "imported"
                                  ? "bg-green-100 text-green-900"
                                  : r.status === "duplicate"
                                    ? "bg-amber-100 text-amber-900"
                                    : "bg-red-100 text-red-900"
                              }`}
                            >
                              {r.status}
                            </span>
                          </td>
                          <td className="px-3 py-1.5 text-slate-800">{r.reason ?? ""}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {rows.length > MAX_ROWS ? (
                    <p className="px-3 py-2 text-xs text-slate-600">…and {rows.length - MAX_ROWS} more lines.</p>
                  ) : null}
                </div>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
