"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/app/components/api";
import { Markdown } from "@/app/components/markdown";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Textarea } from "@/app/components/ui/field";

export interface GuidelinesVersionRow {
  version: number;
  markdown: string;
  createdBy: string | null;
  createdAt: string;
}

export function ProjectGuidelinesEditor({ projectId, initial, versions }: { projectId: string; initial: string; versions: GuidelinesVersionRow[] }) {
  const router = useRouter();
  const [markdown, setMarkdown] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [preview, setPreview] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setMessage(null);
    const res = await api<{ project: { guidelinesVersion: number } }>(`/api/v1/projects/${encodeURIComponent(projectId)}`, {
      method: "PATCH",
      body: { guidelines: markdown },
    });
    setBusy(false);
    if (!res.ok) {
      setMessage({ tone: "error", text: res.error.message });
      return;
    }
    setSaved(markdown);
    setMessage({ tone: "success", text: `Saved as version ${res.data.project.guidelinesVersion}. Open ranking pages show it within seconds.` });
    router.refresh();
  }

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <div className="space-y-3">
        <div className="flex gap-2">
          <Button variant={preview ? "secondary" : "primary"} size="sm" onClick={() => setPreview(false)} aria-pressed={!preview}>
            Edit
          </Button>
          <Button variant={preview ? "primary" : "secondary"} size="sm" onClick={() => setPreview(true)} aria-pressed={preview}>
            Preview
          </Button>
        </div>
        {preview ? (
          <div className="min-h-[12rem] rounded-md border border-slate-200 p-3 text-sm">
            {markdown.trim() ? <Markdown text={markdown} /> : <p className="text-slate-600">Nothing to preview yet.</p>}
          </div>
        ) : (
          <>
            <label htmlFor="project-guidelines" className="sr-only">
              Guidelines (Markdown)
            </label>
            <Textarea id="project-guidelines" rows={12} value={markdown} onChange={(e) => setMarkdown(e.currentTarget.value)} className="font-mono text-xs" />
          </>
        )}
        {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
        <div className="flex items-center gap-3">
          <Button onClick={save} disabled={busy || markdown === saved}>
            {busy ? "Saving…" : "Save guidelines"}
          </Button>
          {markdown !== saved ? <span className="text-xs text-slate-600">Unsaved changes</span> : null}
        </div>
      </div>
      <div>
        <h3 className="text-sm font-semibold">Version history</h3>
        <ol className="mt-2 max-h-80 space-y-1 overflow-y-auto text-sm" data-testid="guidelines-versions">
          {versions.map((v) => (
            <li key={v.version} className="flex items-center justify-between gap-2 rounded border border-slate-200 px-2 py-1">
              <span>
                <strong>v{v.version}</strong> <span className="text-xs text-slate-600">{new Date(v.createdAt).toLocaleString()}</span>
                {v.createdBy ? <span className="block text-xs text-slate-600">{v.createdBy}</span> : null}
              </span>
              <Button variant="ghost" size="sm" onClick={() => setMarkdown(v.markdown)} aria-label={`Load version ${v.version} into the editor`}>
                Load
              </Button>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
