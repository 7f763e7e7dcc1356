"use client";
import { useEffect, useRef, useState } from "react";
import { api } from "@/app/components/api";
import { Markdown } from "@/app/components/markdown";

/** How often an open page asks whether its project's guidelines changed (a few bytes when they did not). */
const GUIDELINES_POLL_MS = 5_000;

interface GuidelinesAnswer {
  guidelines: { projectId: string; name: string; version: number; markdown: string | null };
}

/**
 * The admin-written guidelines of the current task's project: a side column on wide screens, a toggle above the
 * task on phones. Polls for a new version while open and says so when the text changed under the labeler.
 */
export function GuidelinesPanel({ projectId }: { projectId: string | null }) {
  const [shown, setShown] = useState<{ projectId: string; name: string; version: number; markdown: string } | null>(null);
  const [fallback, setFallback] = useState<string | null>(null);
  const [updated, setUpdated] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const known = useRef<{ projectId: string; version: number } | null>(null);
  // The project whose guidelines are on screen: the last task's, kept while no task is shown.
  const [project, setProject] = useState<string | null>(projectId);
  if (projectId && projectId !== project) setProject(projectId);

  useEffect(() => {
    if (project) return;
    let live = true;
    void api<{ guidelines: { markdown: string } }>("/api/v1/settings/guidelines").then((res) => {
      if (live) setFallback(res.ok ? res.data.guidelines.markdown : "");
    });
    return () => {
      live = false;
    };
  }, [project]);

  useEffect(() => {
    if (!project) return;
    let live = true;
    const check = async () => {
      const mine = known.current?.projectId === project ? known.current.version : null;
      const query = mine === null ? "" : `?known=${mine}`;
      const res = await api<GuidelinesAnswer>(`/api/v1/projects/${encodeURIComponent(project)}/guidelines${query}`);
      if (!live || !res.ok) return;
      const g = res.data.guidelines;
      if (g.markdown === null) return;
      if (mine !== null && g.version !== mine) setUpdated(g.version);
      known.current = { projectId: g.projectId, version: g.version };
      setShown({ projectId: g.projectId, name: g.name, version: g.version, markdown: g.markdown });
    };
    void check();
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void check();
    }, GUIDELINES_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [project]);

  const markdown = project ? (shown?.projectId === project ? shown.markdown : null) : fallback;

  return (
    <aside
      aria-labelledby="guidelines-heading"
      data-guidelines-version={shown?.version}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:sticky lg:top-4"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 id="guidelines-heading" className="text-base font-semibold">
          Guidelines
          {shown && project ? <span className="block text-xs font-normal text-slate-600">{shown.name} · version {shown.version}</span> : null}
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
      <div role="status" aria-live="polite">
        {updated !== null ? (
          <p data-testid="guidelines-updated" className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900">
            The guidelines were updated (version {updated}). Please read them again.{" "}
            <button type="button" className="font-medium underline" onClick={() => setUpdated(null)}>
              Got it
            </button>
          </p>
        ) : null}
      </div>
      <div
        id="guidelines-body"
        data-testid="guidelines-body"
        className={`${open || updated !== null ? "block" : "hidden"} mt-3 max-h-[70vh] overflow-y-auto text-sm lg:block`}
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
