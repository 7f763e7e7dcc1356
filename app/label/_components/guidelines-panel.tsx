"use client";
import { useEffect, useState } from "react";
import { api } from "@/app/components/api";
import { Markdown } from "@/app/components/markdown";

/** The admin-written guidelines: a side column on wide screens, a toggle above the task on phones. */
export function GuidelinesPanel() {
  const [markdown, setMarkdown] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let live = true;
    void api<{ guidelines: { markdown: string } }>("/api/v1/settings/guidelines").then((res) => {
      if (live) setMarkdown(res.ok ? res.data.guidelines.markdown : "");
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <aside
      aria-labelledby="guidelines-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:sticky lg:top-4"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 id="guidelines-heading" className="text-base font-semibold">
          Guidelines
        </h2>
        <button
          type="button"
          aria-expanded={open}
          aria-controls="guidelines-body"
          onClick={() => setOpen((v) => !v)}
          className="min-h-11 min-w-11 rounded px-2 py-1 text-sm font-medium text-blue-800 hover:bg-blue-50 lg:hidden"
        >
          {open ? "Hide" : "Show"}
        </button>
      </div>
      <div
        id="guidelines-body"
        className={`${open ? "block" : "hidden"} mt-3 max-h-[70vh] overflow-y-auto text-sm lg:block`}
      >
        {markdown === null ? (
          <p className="text-slate-600">Loading…</p>
        ) : markdown.trim() ? (
          <Markdown text={markdown} />
        ) : (
          <ul className="list-disc space-y-1 pl-5 text-slate-800">
            <li>Put the most helpful, correct and harmless completion first (rank 1).</li>
            <li>Prefer answers that follow the prompt; penalise made-up facts.</li>
            <li>Flag completions that are harmful or broken, then still rank them.</li>
          </ul>
        )}
      </div>
    </aside>
  );
}
