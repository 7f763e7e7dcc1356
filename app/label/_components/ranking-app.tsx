"use client";
// The labeler's loop: show a task, let the labeler order it, submit optimistically (the pending queue makes it
// safe), show the prefetched next task at once. Dialogs for skip, flag and the unchanged-order guard.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { api, randomId } from "@/app/components/api";
import { Markdown } from "@/app/components/markdown";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Dialog } from "@/app/components/ui/dialog";
import { FlagDialog, type FlagReason } from "./flag-dialog";
import { GuidelinesPanel } from "./guidelines-panel";
import { PausedNotice } from "./paused-notice";
import { readPending } from "./pending-store";
import { incrementSessionCount, readSessionCount, subscribeSessionCount } from "./session-count";
import { RankingList } from "./ranking-list";
import { SkipDialog } from "./skip-dialog";
import type { PausedProject, Progress, SaveStatus, Task } from "./types";
import { useSubmissionQueue } from "./use-submission-queue";

const LETTERS = "ABCDEFGHIJ";
const LEASE_RENEW_MS = 120_000;
const EMPTY_POLL_MS = 30_000;
/** The API accepts durations up to a day. */
const MAX_DURATION_MS = 24 * 3600 * 1000;

interface Current {
  task: Task;
  order: string[];
  shownOrder: string[];
  letters: Record<string, string>;
  texts: Record<string, string>;
  startedAt: number;
  /** Focus card 1 when shown: this task follows one the labeler just finished. */
  autoFocus: boolean;
  /** The "submit unchanged?" question was asked for this task (it is asked once). */
  askedUnchanged: boolean;
}

type Phase = "loading" | "ready" | "empty" | "error";

function toCurrent(task: Task, autoFocus: boolean): Current {
  const ids = task.completions.map((c) => c.id);
  return {
    task,
    order: ids,
    shownOrder: ids,
    letters: Object.fromEntries(ids.map((id, i) => [id, LETTERS[i] ?? String(i + 1)])),
    texts: Object.fromEntries(task.completions.map((c) => [c.id, c.text])),
    startedAt: Date.now(),
    askedUnchanged: false,
    autoFocus,
  };
}

function sameOrder(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

async function fetchNext(all: string[]) {
  const exclude = all.slice(0, 10); // the API takes up to ten
  const query = exclude.length ? `?exclude=${encodeURIComponent(exclude.join(","))}` : "";
  return api<{ task: Task | null; paused?: PausedProject[] }>(`/api/v1/tasks/next${query}`);
}

export function RankingApp({ userId }: { userId: string }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const sessionCount = useSyncExternalStore(
    subscribeSessionCount,
    () => readSessionCount(userId),
    () => 0,
  );
  const [current, setCurrent] = useState<Current | null>(null);
  const [phase, setPhase] = useState<Phase>("loading");
  const [loadError, setLoadError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [skipOpen, setSkipOpen] = useState(false);
  const [flagTarget, setFlagTarget] = useState<{
    id: string;
    letter: string;
  } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [paused, setPaused] = useState<PausedProject[]>([]);
  const prefetched = useRef<Task | null>(null);
  const prefetching = useRef<Promise<void> | null>(null);
  const currentId = useRef<string | null>(null);
  const tasksShown = useRef(0);

  const refreshProgress = useCallback(async () => {
    const res = await api<Progress>("/api/v1/tasks/progress");
    if (res.ok) setProgress(res.data);
  }, []);

  const queue = useSubmissionQueue({
    userId,
    onStored: () => {
      incrementSessionCount(userId);
      void refreshProgress();
    },
  });
  /** Tasks whose ranking is still on its way: never shown again (read from storage, which is always current). */
  const pendingTaskIds = useCallback(() => readPending(userId).map((p) => p.taskId), [userId]);

  const show = useCallback((task: Task) => {
    tasksShown.current += 1;
    currentId.current = task.id;
    setCurrent(toCurrent(task, tasksShown.current > 1));
    setPhase("ready");
    setLoadError(null);
  }, []);

  /** Fetches the task after the current one while the labeler works, so it appears at once on submit. */
  const prefetch = useCallback(
    async (forId: string) => {
      if (prefetched.current || prefetching.current) return;
      const run = (async () => {
        const res = await fetchNext([forId, ...pendingTaskIds()]);
        if (res.ok && res.data.task && res.data.task.id !== forId && currentId.current === forId)
          prefetched.current = res.data.task;
      })();
      prefetching.current = run;
      await run;
      prefetching.current = null;
    },
    [pendingTaskIds],
  );

  /** Shows the next task: the prefetched one if there is one, else asks the server (never for a pending one). */
  const loadNext = useCallback(
    async (done: string[]) => {
      if (prefetching.current) await prefetching.current;
      const ready = prefetched.current;
      prefetched.current = null;
      const exclude = [...new Set([...done, ...pendingTaskIds()])];
      if (ready && !exclude.includes(ready.id)) {
        show(ready);
        return;
      }
      currentId.current = null;
      setPhase("loading");
      const res = await fetchNext(exclude);
      if (!res.ok) {
        setLoadError(res.error.message);
        setPhase("error");
        return;
      }
      if (res.data.task) show(res.data.task);
      else {
        setPaused(res.data.paused ?? []);
        setCurrent(null);
        setPhase("empty");
      }
    },
    [show, pendingTaskIds],
  );

  // First task and progress.
  // (From a timer: React's development double-run of effects then claims one task, not two.)
  useEffect(() => {
    const start = setTimeout(() => {
      void refreshProgress();
      void loadNext([]);
    }, 0);
    return () => clearTimeout(start);
  }, [loadNext, refreshProgress]);

  // Prefetch shortly after a task appears; keep its lease (and the prefetched one's) alive while the page is open.
  const taskId = current?.task.id ?? null;
  useEffect(() => {
    if (!taskId) return;
    const prefetchTimer = setTimeout(() => void prefetch(taskId), 400);
    const renew = setInterval(() => {
      if (document.visibilityState !== "visible") return;
      for (const id of [taskId, prefetched.current?.id]) {
        if (id)
          void api(`/api/v1/tasks/${encodeURIComponent(id)}/lease`, {
            method: "POST",
          });
      }
    }, LEASE_RENEW_MS);
    return () => {
      clearTimeout(prefetchTimer);
      clearInterval(renew);
    };
  }, [taskId, prefetch]);

  // Nothing to rank: look again now and then.
  useEffect(() => {
    if (phase !== "empty") return;
    const t = setInterval(() => void loadNext([]), EMPTY_POLL_MS);
    return () => clearInterval(t);
  }, [phase, loadNext]);

  function submit(force = false) {
    if (!current || dragging || (confirmOpen && !force)) return;
    if (!force && !current.askedUnchanged && sameOrder(current.order, current.shownOrder)) {
      setCurrent({ ...current, askedUnchanged: true });
      setConfirmOpen(true);
      return;
    }
    setConfirmOpen(false);
    setNotice(null);
    queue.enqueue({
      taskId: current.task.id,
      ranking: current.order,
      durationMs: Math.min(MAX_DURATION_MS, Math.max(0, Date.now() - current.startedAt)),
      idempotencyKey: randomId(),
      queuedAt: Date.now(),
      attempts: 0,
    });
    void loadNext([current.task.id]);
  }

  async function skip(reason: string | undefined): Promise<string | null> {
    if (!current) return null;
    const res = await api(`/api/v1/tasks/${encodeURIComponent(current.task.id)}/skip`, {
      body: reason ? { reason } : {},
    });
    if (!res.ok) return res.error.message;
    setSkipOpen(false);
    setNotice("Task skipped.");
    void loadNext([current.task.id]);
    return null;
  }

  async function flag(input: { completionId: string; reason: FlagReason; note?: string }): Promise<string | null> {
    const res = await api(`/api/v1/completions/${encodeURIComponent(input.completionId)}/flag`, {
      body: input.note ? { reason: input.reason, note: input.note } : { reason: input.reason },
    });
    if (!res.ok) return res.error.message;
    setNotice(`Completion ${flagTarget?.letter ?? ""} flagged. Thank you — your ranking is unchanged, carry on.`);
    setFlagTarget(null);
    return null;
  }

  return (
    <div className="mx-auto max-w-6xl px-3 py-4 sm:px-4 lg:grid lg:grid-cols-[minmax(0,1fr)_19rem] lg:gap-6">
      <div className="min-w-0 space-y-4">
        <div className="flex min-h-8 flex-wrap items-center justify-between gap-x-4 gap-y-1 text-sm">
          <p data-testid="progress" className="text-slate-700">
            Today <strong className="text-slate-900">{progress?.rankedToday ?? "–"}</strong> · This session{" "}
            <strong className="text-slate-900">{sessionCount}</strong> · Remaining{" "}
            <strong className="text-slate-900">{progress?.remaining ?? "–"}</strong>
          </p>
          <SaveIndicator status={queue.status} waiting={queue.pendingIds.length} />
        </div>
        {queue.refusal ? <Alert tone="error">{queue.refusal}</Alert> : null}
        {notice ? <Alert tone="info">{notice}</Alert> : null}

        {phase === "loading" ? <TaskSkeleton /> : null}
        {phase === "error" ? (
          <Alert tone="error">
            Could not load a task: {loadError}{" "}
            <button type="button" className="font-medium underline" onClick={() => void loadNext([])}>
              Try again
            </button>
          </Alert>
        ) : null}
        {phase === "empty" && paused.length ? <PausedNotice paused={paused} /> : null}
        {phase === "empty" && !paused.length ? (
          <div className="rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm" data-testid="no-tasks">
            <h2 className="text-lg font-semibold">Nothing to rank right now</h2>
            <p className="mt-1 text-sm text-slate-600">
              Every open comparison has enough rankings or is being ranked by someone else. New tasks appear here by
              themselves.
            </p>
            <Button variant="secondary" className="mt-4" onClick={() => void loadNext([])}>
              Check again
            </Button>
          </div>
        ) : null}

        {phase === "ready" && current ? (
          <>
            <section
              aria-labelledby="prompt-heading"
              data-testid="task"
              data-task-id={current.task.id}
              className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
            >
              <h2 id="prompt-heading" className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
                Prompt
              </h2>
              <div data-testid="prompt-text" className="text-base text-slate-900">
                <Markdown text={current.task.prompt.text} />
              </div>
            </section>
            <p id="rank-help" className="text-sm text-slate-700">
              Order the completions from <strong>best (1)</strong> to <strong>worst (5)</strong>: drag a card by its
              number
              <span className="hidden sm:inline">
                , or focus it and press 1–5.{" "}
                <kbd className="rounded border border-slate-300 bg-white px-1 text-xs">Enter</kbd> submits
              </span>
              .
            </p>
            <RankingList
              key={current.task.id}
              order={current.order}
              letters={current.letters}
              texts={current.texts}
              onReorder={(order) => setCurrent((c) => (c ? { ...c, order } : c))}
              onSubmit={() => submit()}
              onFlag={(id, letter) => setFlagTarget({ id, letter })}
              onDraggingChange={setDragging}
              autoFocus={current.autoFocus}
            />
            <div className="sticky bottom-0 -mx-3 flex gap-2 border-t border-slate-200 bg-slate-50/95 px-3 py-3 sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:px-0">
              <Button onClick={() => submit()} className="flex-1 sm:flex-none" data-testid="submit-ranking">
                Submit ranking
              </Button>
              <Button variant="secondary" onClick={() => setSkipOpen(true)}>
                Skip
              </Button>
            </div>
          </>
        ) : null}
      </div>

      <div className="mt-6 lg:mt-0">
        <GuidelinesPanel projectId={current?.task.project?.id ?? null} />
      </div>

      <Dialog
        open={confirmOpen}
        onOpenChange={setConfirmOpen}
        title="Submit unchanged?"
        description="You have not moved any completion. The order shown is random, so submit it only if it really is your ranking."
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmOpen(false)} autoFocus>
            Keep ranking
          </Button>
          <Button onClick={() => submit(true)}>Submit unchanged</Button>
        </div>
      </Dialog>
      <SkipDialog open={skipOpen} onOpenChange={setSkipOpen} onSkip={skip} />
      <FlagDialog
        key={flagTarget?.id ?? "none"}
        target={flagTarget}
        onClose={() => setFlagTarget(null)}
        onFlag={flag}
      />
    </div>
  );
}

function SaveIndicator({ status, waiting }: { status: SaveStatus; waiting: number }) {
  const text: Record<SaveStatus, string> = {
    idle: "",
    saving: "Saving…",
    saved: "All rankings saved",
    retrying: `Connection problem: retrying (${waiting} waiting, kept on this device)`,
    "signed-out": `Signed out: sign in again to send ${waiting} kept ranking${waiting === 1 ? "" : "s"}`,
  };
  const tone =
    status === "retrying" || status === "signed-out"
      ? "text-amber-800"
      : status === "saved"
        ? "text-green-800"
        : "text-slate-700";
  return (
    <p
      role="status"
      aria-live="polite"
      data-testid="save-status"
      data-status={status}
      className={`text-sm font-medium ${tone}`}
    >
      {status === "signed-out" ? (
        <a href="/login?next=/label" className="underline">
          {text[status]}
        </a>
      ) : (
        text[status]
      )}
    </p>
  );
}

function TaskSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the next task" className="space-y-3">
      <div className="h-20 animate-pulse rounded-lg bg-slate-200" />
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="h-24 animate-pulse rounded-lg bg-slate-200/70" />
      ))}
    </div>
  );
}
