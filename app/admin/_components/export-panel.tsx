"use client";
import { useMemo, useState, type FormEvent } from "react";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button, buttonClass } from "@/app/components/ui/button";
import { Field, Input, Select } from "@/app/components/ui/field";

const FORMATS = {
  pairwise: "TRL preference rows {prompt, chosen, rejected} with prompt_id, margin, comparison_id — all 10 pairs of every ranking, or the consensus pairs.",
  listwise: "Each prompt with its completions in consensus order and how many labelers agreed.",
  events: "Every ranking with pseudonymous labeler ids, shown and final order, duration, timestamps.",
} as const;
type Format = keyof typeof FORMATS;

export interface Snapshot {
  id: string;
  name: string;
  format: string;
  options: { consensus: boolean; method: string };
  filters: Record<string, unknown>;
  counts: { comparisons: number; rankings: number; pairs: number; labelers: number };
  contentHash: string;
  size: number;
  createdBy: { name: string; email: string } | null;
  createdAt: string;
  downloadUrl: string;
}

interface FormState {
  format: Format;
  consensus: boolean;
  method: "ranked-pairs" | "bradley-terry";
  projectIds: string[];
  from: string;
  to: string;
  minGoldScore: string;
  minAgreement: string;
  excludeFlagged: boolean;
  includeExcluded: boolean;
  includeGold: boolean;
  /** Download only (pairwise, every ranking's pairs): tied pairs written with `tie: true` instead of left out. */
  markTies: boolean;
}

const INITIAL: FormState = {
  format: "pairwise",
  consensus: false,
  method: "ranked-pairs",
  projectIds: [],
  from: "",
  to: "",
  minGoldScore: "",
  minAgreement: "",
  excludeFlagged: false,
  includeExcluded: false,
  includeGold: false,
  markTies: false,
};

/** The filters as the API takes them (JSON body of a snapshot). */
function filtersOf(s: FormState): Record<string, unknown> {
  return {
    ...(s.projectIds.length ? { projectId: s.projectIds } : {}),
    ...(s.from ? { from: s.from } : {}),
    ...(s.to ? { to: s.to } : {}),
    ...(s.minGoldScore !== "" ? { minGoldScore: Number(s.minGoldScore) } : {}),
    ...(s.minAgreement !== "" ? { minAgreement: Number(s.minAgreement) } : {}),
    excludeFlagged: s.excludeFlagged,
    includeExcluded: s.includeExcluded,
    includeGold: s.includeGold,
  };
}

/** The same as query parameters of GET /api/v1/export. */
function downloadUrl(s: FormState): string {
  const q = new URLSearchParams({ format: s.format });
  if (s.format === "pairwise" && s.consensus) q.set("consensus", "1");
  if (s.format === "pairwise" && !s.consensus && s.markTies) q.set("ties", "mark");
  if (s.format === "listwise" || s.consensus) q.set("method", s.method);
  if (s.projectIds.length) q.set("projectId", s.projectIds.join(","));
  for (const key of ["from", "to", "minGoldScore", "minAgreement"] as const) if (s[key] !== "") q.set(key, s[key]);
  for (const key of ["excludeFlagged", "includeExcluded", "includeGold"] as const) if (s[key]) q.set(key, "1");
  return `/api/v1/export?${q.toString()}`;
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`;
}

/** Export with filters: a streamed download, or a snapshot saved with its counts and SHA-256 for jobs to cite. */
export function ExportPanel({ projects, initialSnapshots }: { projects: { id: string; name: string }[]; initialSnapshots: Snapshot[] }) {
  const [s, setS] = useState<FormState>(INITIAL);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [snapshots, setSnapshots] = useState<Snapshot[]>(initialSnapshots);
  const [open, setOpen] = useState<string | null>(null);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setS((prev) => ({ ...prev, [key]: value }));
  const href = useMemo(() => downloadUrl(s), [s]);

  async function load() {
    const res = await api<{ snapshots: Snapshot[] }>("/api/v1/exports/snapshots");
    if (res.ok) setSnapshots(res.data.snapshots);
  }

  async function saveSnapshot(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const res = await api<{ snapshot: Snapshot }>("/api/v1/exports/snapshots", {
      body: { name, format: s.format, options: { consensus: s.consensus, method: s.method }, filters: filtersOf(s) },
    });
    setBusy(false);
    if (!res.ok) {
      setMessage({ tone: "error", text: res.error.message });
      return;
    }
    const c = res.data.snapshot.counts;
    setMessage({ tone: "success", text: `Saved "${res.data.snapshot.name}": ${c.rankings} rankings, ${c.pairs} pairs, ${c.labelers} labelers.` });
    setName("");
    setOpen(res.data.snapshot.id);
    await load();
  }

  const check = (key: "consensus" | "excludeFlagged" | "includeExcluded" | "includeGold" | "markTies", label: string) => (
    <label className="flex items-center gap-2 text-sm text-slate-800">
      <input type="checkbox" name={key} checked={s[key]} onChange={(e) => set(key, e.target.checked)} className="h-4 w-4" />
      {label}
    </label>
  );

  return (
    <div className="space-y-5">
      <form onSubmit={saveSnapshot} className="space-y-4" aria-label="Export">
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id="export-format" label="Format">
            <Select id="export-format" value={s.format} onChange={(e) => set("format", e.target.value as Format)}>
              {Object.keys(FORMATS).map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="export-method" label="Consensus method">
            <Select id="export-method" value={s.method} onChange={(e) => set("method", e.target.value as FormState["method"])}>
              <option value="ranked-pairs">ranked pairs</option>
              <option value="bradley-terry">Bradley-Terry</option>
            </Select>
          </Field>
          <div className="space-y-1 self-end pb-2">
            {s.format === "pairwise" ? check("consensus", "Consensus pairs only") : null}
            {s.format === "pairwise" && !s.consensus ? check("markTies", "Download: write tied pairs (tie: true)") : null}
          </div>
        </div>
        <p className="text-sm text-slate-700">{FORMATS[s.format]}</p>
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-800">Filters</legend>
          <Field id="export-projects" label="Projects" hint="None selected: every project. Ctrl/⌘-click for several.">
            <Select
              id="export-projects"
              multiple
              size={Math.min(4, Math.max(2, projects.length))}
              value={s.projectIds}
              onChange={(e) => set("projectIds", [...e.target.selectedOptions].map((o) => o.value))}
            >
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
          <div className="grid gap-3 sm:grid-cols-4">
            <Field id="export-from" label="Ranked from">
              <Input id="export-from" type="date" value={s.from} onChange={(e) => set("from", e.target.value)} />
            </Field>
            <Field id="export-to" label="Ranked to">
              <Input id="export-to" type="date" value={s.to} onChange={(e) => set("to", e.target.value)} />
            </Field>
            <Field id="export-min-gold" label="Min gold score">
              <Input id="export-min-gold" type="number" min={0} max={1} step={0.05} placeholder="any" value={s.minGoldScore} onChange={(e) => set("minGoldScore", e.target.value)} />
            </Field>
            <Field id="export-min-agreement" label="Min agreement">
              <Input id="export-min-agreement" type="number" min={0} max={1} step={0.05} placeholder="any" value={s.minAgreement} onChange={(e) => set("minAgreement", e.target.value)} />
            </Field>
          </div>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {check("excludeFlagged", "Leave out flagged")}
            {check("includeExcluded", "Include excluded")}
            {check("includeGold", "Include gold")}
          </div>
        </fieldset>
        <div className="flex flex-wrap items-end gap-2">
          <a href={href} download className={buttonClass("secondary")}>
            Download
          </a>
          <div className="w-56">
            <Field id="snapshot-name" label="Snapshot name">
              <Input id="snapshot-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
          </div>
          <Button type="submit" disabled={busy || name.trim() === ""}>
            {busy ? "Saving…" : "Save as snapshot"}
          </Button>
        </div>
        {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      </form>

      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Snapshots</h3>
        {snapshots.length === 0 ? (
          <p className="text-sm text-slate-600">No snapshots yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Snapshots">
            {snapshots.map((snap) => (
              <li key={snap.id} className="space-y-2 p-3 text-sm">
                <div className="flex flex-wrap items-center gap-3">
                  <span className="font-medium text-slate-900">{snap.name}</span>
                  <span className="text-slate-700">
                    {snap.format} · {snap.counts.rankings} rankings · {snap.counts.pairs} pairs · {snap.counts.labelers} labelers · {formatBytes(snap.size)}
                  </span>
                  <span className="ml-auto flex gap-2">
                    <Button variant="ghost" size="sm" aria-expanded={open === snap.id} onClick={() => setOpen(open === snap.id ? null : snap.id)}>
                      Manifest
                    </Button>
                    <a href={snap.downloadUrl} download className={buttonClass("secondary", "sm")} aria-label={`Download ${snap.name}`}>
                      Download
                    </a>
                  </span>
                </div>
                {open === snap.id ? (
                  <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-xs text-slate-800" aria-label={`Manifest of ${snap.name}`}>
                    <dt className="font-medium">Snapshot id</dt>
                    <dd className="font-mono">{snap.id}</dd>
                    <dt className="font-medium">SHA-256</dt>
                    <dd className="break-all font-mono">{snap.contentHash}</dd>
                    <dt className="font-medium">Counts</dt>
                    <dd>
                      {snap.counts.comparisons} comparisons, {snap.counts.rankings} rankings, {snap.counts.pairs} pairs, {snap.counts.labelers} labelers
                    </dd>
                    <dt className="font-medium">Options</dt>
                    <dd className="font-mono">{JSON.stringify(snap.options)}</dd>
                    <dt className="font-medium">Filters</dt>
                    <dd className="break-all font-mono">{JSON.stringify(snap.filters)}</dd>
                    <dt className="font-medium">Created</dt>
                    <dd>
                      {new Date(snap.createdAt).toISOString().replace("T", " ").slice(0, 16)} UTC by {snap.createdBy?.name ?? "—"}
                    </dd>
                  </dl>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
