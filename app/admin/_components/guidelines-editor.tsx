"use client";
import { useEffect, useState } from "react";
import { api } from "@/app/components/api";
import { Markdown } from "@/app/components/markdown";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Textarea } from "@/app/components/ui/field";

export function GuidelinesEditor() {
  const [markdown, setMarkdown] = useState("");
  const [saved, setSaved] = useState("");
  const [loading, setLoading] = useState(true);
  const [tab, setTab] = useState<"edit" | "preview">("edit");
  const [message, setMessage] = useState<{
    tone: "error" | "success";
    text: string;
  } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void api<{ guidelines: { markdown: string } }>("/api/v1/settings/guidelines").then((res) => {
      if (!live) return;
      setLoading(false);
      if (res.ok) {
        setMarkdown(res.data.guidelines.markdown);
        setSaved(res.data.guidelines.markdown);
      } else
        setMessage({
          tone: "error",
          text: `Could not load the guidelines: ${res.error.message}`,
        });
    });
    return () => {
      live = false;
    };
  }, []);

  async function save() {
    setBusy(true);
    setMessage(null);
    const res = await api<{ guidelines: { markdown: string } }>("/api/v1/settings/guidelines", {
      method: "PUT",
      body: { markdown },
    });
    setBusy(false);
    if (!res.ok) {
      setMessage({ tone: "error", text: res.error.message });
      return;
    }
    setSaved(markdown);
    setMessage({
      tone: "success",
      text: "Guidelines saved. Labelers see them on their next task.",
    });
  }

  return (
    <div className="space-y-3">
      <div role="tablist" aria-label="Guidelines editor" className="flex gap-1">
        {(["edit", "preview"] as const).map((t) => (
          <button
            key={t}
            role="tab"
            type="button"
            id={`guidelines-tab-${t}`}
            aria-selected={tab === t}
            aria-controls="guidelines-panel"
            onClick={() => setTab(t)}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${tab === t ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {t === "edit" ? "Edit" : "Preview"}
          </button>
        ))}
      </div>
      <div id="guidelines-panel" role="tabpanel" aria-labelledby={`guidelines-tab-${tab}`}>
        {tab === "edit" ? (
          <>
            <label htmlFor="guidelines-text" className="sr-only">
              Guidelines (Markdown)
            </label>
            <Textarea
              id="guidelines-text"
              rows={12}
              value={markdown}
              disabled={loading}
              onChange={(e) => setMarkdown(e.currentTarget.value)}
              placeholder={"## How to rank\n- Prefer answers that are correct and helpful…"}
              className="font-mono text-xs"
            />
          </>
        ) : (
          <div className="min-h-[12rem] rounded-md border border-slate-200 p-3 text-sm">
            {markdown.trim() ? <Markdown text={markdown} /> : <p className="text-slate-600">Nothing to preview yet.</p>}
          </div>
        )}
      </div>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div className="flex items-center gap-3">
        <Button onClick={save} disabled={busy || loading || markdown === saved}>
          {busy ? "Saving…" : "Save guidelines"}
        </Button>
        {markdown !== saved ? <span className="text-xs text-slate-600">Unsaved changes</span> : null}
      </div>
    </div>
  );
}
