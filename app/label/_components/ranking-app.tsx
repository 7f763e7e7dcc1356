"use client";
// The labeler's loop: show a task, let the labeler order it, submit optimistically (the pending queue makes it
// safe), show the prefetched next task at once, scrolled to its prompt; take the last ranking back within the undo
// window. Dialogs for skip, flag, the unchanged-order guard and the shortcut list (`?`); each returns focus to the
// control that opened it. A lost connection is recovered from by itself (the `online` event, and retries with
// backoff). Each tab of the labeler holds its own task (tab-registry). Where the task's project allows them, the
// labeler may also tie a card with the one above, mark that no completion is acceptable and score each card 1–7.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { api, randomId } from "@/app/components/api";
import { Markdown } from "@/app/components/markdown";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Dialog } from "@/app/components/ui/dialog";
import { FlagDialog, type FlagReason } from "./flag-dialog";
import { GuidelinesPanel } from "./guidelines-panel";
import { hasTies, ranksFor, tiesAfterMove, tiesFromRanks, type TiedMarks } from "./judgment";
import { PausedNotice } from "./paused-notice";
import { pendingKey, readPending } from "./pending-store";
import { decrementSessionCount, incrementSessionCount, readSessionCount, subscribeSessionCount } from "./session-count";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { HEARTBEAT_MS, openTabRegistry, type TabRegistry } from "./tab-registry";
import { RankingList } from "./ranking-list";
import { SkipDialog } from "./skip-dialog";
import type { PausedProject, Progress, SaveStatus, Task } from "./types";
import { useSubmissionQueue } from "./use-submission-queue";

const LETTERS = "ABCDEFGHIJ";
const LEASE_RENEW_MS = 120_000;
const EMPTY_POLL_MS = 30_000;
/** Retries after a failed load: 1 s, 2 s, 4 s … up to 30 s (and at once when the browser is back online). */
function reloadDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt);
}
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
  /** Completions this labeler flagged on this task, with the reason. */
  flagged: Record<string, string>;
  /** Cards tied with the card above them (projects that allow ties). */
  tied: TiedMarks;
  /** "None is acceptable" (projects that allow it). */
  noneAcceptable: boolean;
  /** Scores 1–7 by completion id (projects that collect scores). */
  scores: Record<string, number>;
}

/** A ranking taken back by undo, to start the task from again. */
interface Restored {
  order: string[];
  ranks: number[] | null;
  noneAcceptable: boolean;
  scores: Record<string, number> | null;
}

/** The last submitted task, which the labeler may take back until `until`. */
interface Undoable {
  previous: Current;
  until: number;
}

interface UndoResponse extends Restored {
  undoneRankingId: string;
  task: Task;
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
    flagged: {},
    tied: {},
    noneAcceptable: false,
    scores: {},
  };
}

function sameOrder(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

async function fetchNext(all: string[], prefer?: string) {
  const exclude = [...new Set(all)].slice(0, 10); // the API takes up to ten
  const params = new URLSearchParams();
  if (exclude.length) params.set("exclude", exclude.join(","));
  if (prefer && !exclude.includes(prefer)) params.set("prefer", prefer);
  const query = params.toString() ? `?${params.toString()}` : "";
  return api<{ task: Task | null; paused?: PausedProject[] }>(`/api/v1/tasks/next${query}`);
}

const REASON_LABELS: Record<FlagReason, string> = { harmful: "harmful", broken: "broken", other: "other" };

export function RankingApp({ userId, undoSeconds }: { userId: string; undoSeconds: number }) {
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
  const [flagOpen, setFlagOpen] = useState(false);
  const [flagConfirmation, setFlagConfirmation] = useState<{ id: string; text: string } | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [paused, setPaused] = useState<PausedProject[]>([]);
  const [undoable, setUndoable] = useState<Undoable | null>(null);
  const [undoBusy, setUndoBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  /** The control that opened the dialog on screen: focus returns there when it closes. */
  const opener = useRef<HTMLElement | null>(null);
  const tabs = useRef<TabRegistry | null>(null);
  const loadAttempts = useRef(0);
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
  /** Tasks other open tabs of this labeler show or hold: never shown here too. */
  const otherTabsTasks = useCallback(() => (tabs.current ? tabs.current.others().map((o) => o.task) : []), []);
  const holdTasks = useCallback(() => {
    // Until a reloaded tab shows its first task, it holds the one it showed before (and asks for it again).
    const shown = currentId.current ?? (tasksShown.current === 0 ? (tabs.current?.previous ?? null) : null);
    tabs.current?.hold(shown, prefetched.current ? [prefetched.current.id] : []);
  }, []);

  const show = useCallback(
    (task: Task, restored?: Restored) => {
      tasksShown.current += 1;
      currentId.current = task.id;
      holdTasks();
      const next = toCurrent(task, tasksShown.current > 1);
      // A task given back by undo: the judgment the labeler had submitted, and no second "unchanged?" question.
      setCurrent(
        restored
          ? {
              ...next,
              order: restored.order,
              tied: tiesFromRanks(restored.order, restored.ranks),
              noneAcceptable: restored.noneAcceptable,
              scores: restored.scores ?? {},
              askedUnchanged: true,
            }
          : next,
      );
      setFlagConfirmation(null);
      setPhase("ready");
      setLoadError(null);
      loadAttempts.current = 0;
    },
    [holdTasks],
  );

  /** Fetches the task after the current one while the labeler works, so it appears at once on submit. */
  const prefetch = useCallback(
    async (forId: string) => {
      if (prefetched.current || prefetching.current) return;
      const run = (async () => {
        const res = await fetchNext([forId, ...otherTabsTasks(), ...pendingTaskIds()]);
        // Not one that another tab has taken meanwhile (its record changed while the request was on its way).
        const task = res.ok ? res.data.task : null;
        if (task && task.id !== forId && currentId.current === forId && !otherTabsTasks().includes(task.id)) {
          prefetched.current = task;
          holdTasks();
        }
      })();
      prefetching.current = run;
      await run;
      prefetching.current = null;
    },
    [pendingTaskIds, otherTabsTasks, holdTasks],
  );

  /** Shows the next task: the prefetched one if there is one, else asks the server (never for a pending one). */
  const loadNext = useCallback(
    async (done: string[]) => {
      if (prefetching.current) await prefetching.current;
      const ready = prefetched.current;
      prefetched.current = null;
      const exclude = [...new Set([...done, ...otherTabsTasks(), ...pendingTaskIds()])];
      if (ready && !exclude.includes(ready.id)) {
        show(ready);
        return;
      }
      currentId.current = null;
      holdTasks();
      setPhase("loading");
      for (let tries = 0; ; tries++) {
        // After a reload, the task this tab showed before (its lease is still live): the same one again.
        const res = await fetchNext(exclude, tasksShown.current === 0 ? tabs.current?.previous : undefined);
        if (!res.ok) {
          setLoadError(res.error.message);
          setPhase("error");
          return;
        }
        const task = res.data.task;
        // Two tabs that asked at the same moment may both be given the same live lease: the tab with the
        // larger id asks again without it.
        const mine = tabs.current?.tabId ?? "";
        const clash = task && tabs.current?.others().some((o) => o.task === task.id && o.tabId < mine);
        if (task && clash && tries < 3) {
          exclude.push(task.id);
          continue;
        }
        if (task) show(task);
        else {
          setPaused(res.data.paused ?? []);
          setCurrent(null);
          setPhase("empty");
        }
        return;
      }
    },
    [show, pendingTaskIds, otherTabsTasks, holdTasks],
  );

  // First task and progress.
  // (From a timer: React's development double-run of effects then claims one task, not two.)
  useEffect(() => {
    const start = setTimeout(() => {
      tabs.current ??= openTabRegistry(userId);
      void refreshProgress();
      void loadNext([]);
    }, 0);
    return () => clearTimeout(start);
  }, [loadNext, refreshProgress, userId]);

  // This tab's record for the other tabs: a heartbeat while open, removed when the page goes away. Another tab
  // that ranked the task shown here (its pending queue changed), or shows it too and has the smaller id, moves this
  // tab on. Another tab's prefetch of it does not: that tab drops it before showing it (loadNext).
  useEffect(() => {
    const beat = setInterval(holdTasks, HEARTBEAT_MS);
    const leave = () => tabs.current?.release();
    const onStorage = (e: StorageEvent) => {
      const shown = currentId.current;
      if (!shown || !tabs.current) return;
      const mine = tabs.current.tabId;
      const takenElsewhere =
        (e.key === pendingKey(userId) && readPending(userId).some((p) => p.taskId === shown)) ||
        (e.key === tabs.current.key && tabs.current.others().some((o) => o.shown && o.task === shown && o.tabId < mine));
      if (takenElsewhere) void loadNext([shown]);
    };
    window.addEventListener("pagehide", leave);
    window.addEventListener("storage", onStorage);
    return () => {
      clearInterval(beat);
      window.removeEventListener("pagehide", leave);
      window.removeEventListener("storage", onStorage);
    };
  }, [holdTasks, loadNext, userId]);

  // A new task starts at its prompt: scrolled to the top of the task, not where the previous one's cards were.
  const shownTaskId = phase === "ready" ? (current?.task.id ?? null) : null;
  useEffect(() => {
    if (!shownTaskId || tasksShown.current <= 1) return;
    document.querySelector<HTMLElement>("[data-testid=task]")?.scrollIntoView({ block: "start" });
  }, [shownTaskId]);

  // Could not load a task: try again when the browser is back online, and on a backoff timer meanwhile.
  useEffect(() => {
    if (phase !== "error") return;
    const retry = () => void loadNext([]);
    const timer = setTimeout(() => {
      loadAttempts.current += 1;
      retry();
    }, reloadDelayMs(loadAttempts.current));
    window.addEventListener("online", retry);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("online", retry);
    };
  }, [phase, loadNext]);

  // The undo offer counts down, then disappears.
  useEffect(() => {
    if (!undoable) return;
    const tick = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= undoable.until) setUndoable(null);
    }, 1000);
    return () => clearInterval(tick);
  }, [undoable]);

  // `?` opens the list of shortcuts (outside fields and dialogs).
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (e.key !== "?" || e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target instanceof Element ? e.target : null;
      if (el?.closest("input, textarea, select, [contenteditable=true]") || document.querySelector("[role=dialog]")) return;
      e.preventDefault();
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setShortcutsOpen(true);
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

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

  function rememberOpener() {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }

  function submit(force = false) {
    if (!current || dragging || (confirmOpen && !force)) return;
    if (!force && !current.askedUnchanged && sameOrder(current.order, current.shownOrder)) {
      rememberOpener();
      setCurrent({ ...current, askedUnchanged: true });
      setConfirmOpen(true);
      return;
    }
    setConfirmOpen(false);
    setNotice(null);
    setUndoable({ previous: current, until: Date.now() + undoSeconds * 1000 });
    setNow(Date.now());
    const project = current.task.project;
    const scores = Object.fromEntries(current.order.filter((id) => current.scores[id] !== undefined).map((id) => [id, current.scores[id] as number]));
    queue.enqueue({
      taskId: current.task.id,
      ranking: current.order,
      ...(project?.allowTies && hasTies(current.order, current.tied) ? { ranks: ranksFor(current.order, current.tied) } : {}),
      ...(project?.allowNoneAcceptable && current.noneAcceptable ? { noneAcceptable: true } : {}),
      ...(project?.collectScores && Object.keys(scores).length ? { scores } : {}),
      durationMs: Math.min(MAX_DURATION_MS, Math.max(0, Date.now() - current.startedAt)),
      idempotencyKey: randomId(),
      queuedAt: Date.now(),
      attempts: 0,
    });
    void loadNext([current.task.id]);
  }

  /** Takes the last ranking back: out of the queue if it was not sent yet, else through the server's undo. */
  async function undo() {
    const offer = undoable;
    if (!offer || undoBusy) return;
    setUndoBusy(true);
    const taskId = offer.previous.task.id;
    let restored: { task: Task; judgment: Restored } | null = null;
    if (queue.withdraw(taskId)) {
      const p = offer.previous;
      const ranks = hasTies(p.order, p.tied) ? ranksFor(p.order, p.tied) : null;
      restored = { task: p.task, judgment: { order: p.order, ranks, noneAcceptable: p.noneAcceptable, scores: p.scores } };
    } else {
      await queue.settled(taskId);
      const res = await api<UndoResponse>(`/api/v1/tasks/${encodeURIComponent(taskId)}/ranking/undo`, { body: {} });
      if (!res.ok) {
        setUndoBusy(false);
        setUndoable(null);
        setNotice(`Could not undo: ${res.error.message}`);
        return;
      }
      decrementSessionCount(userId);
      const { task, order, ranks, noneAcceptable, scores } = res.data;
      restored = { task, judgment: { order, ranks, noneAcceptable, scores } };
    }
    // The task on screen goes back to being the next one (its lease stays).
    if (current && current.task.id !== taskId) prefetched.current = current.task;
    setUndoBusy(false);
    setUndoable(null);
    setNotice(null);
    show(restored.task, restored.judgment);
    void refreshProgress();
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
    const label = REASON_LABELS[input.reason];
    setCurrent((c) => (c ? { ...c, flagged: { ...c.flagged, [input.completionId]: label } } : c));
    setFlagConfirmation({
      id: input.completionId,
      text: `Completion ${flagTarget?.letter ?? ""} flagged as ${label}. Thank you — your ranking is unchanged, carry on.`,
    });
    setFlagOpen(false);
    return null;
  }

  return (
    <div className="mx-auto max-w-6xl px-3 py-4 sm:px-4 lg:grid lg:grid-cols-[minmax(0,1fr)_19rem] lg:gap-6">
      <div className="min-w-0 space-y-4">
        <div className="flex min-h-8 flex-wrap items-center justify-between gap-x-4 gap-y-1 text-sm">
          <p data-testid="progress" className="text-slate-700">
            Today <strong className="text-slate-900">{progress?.rankedToday ?? "–"}</strong> · This session{" "}
            <strong className="text-slate-900">{sessionCount}</strong> · Remaining{" "}
            <strong className="text-slate-900">{progress?.remaining ?? "–"}</strong> ·{" "}
            <a href="/label/me" className="inline-flex min-h-11 items-center font-medium text-blue-800 underline sm:min-h-0">
              My stats
            </a>
          </p>
          <SaveIndicator status={queue.status} waiting={queue.pendingIds.length} />
        </div>
        {queue.refusal ? <Alert tone="error">{queue.refusal}</Alert> : null}
        {notice ? <Alert tone="info">{notice}</Alert> : null}

        {phase === "loading" ? <TaskSkeleton /> : null}
        {phase === "error" ? (
          <Alert tone="error">
            Could not load a task: {loadError}{" "}
            Retrying by itself.{" "}
            <button type="button" className="min-h-11 font-medium underline sm:min-h-0" onClick={() => void loadNext([])}>
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
              className="scroll-mt-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
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
                , or point at or focus it and press 1–5.{" "}
                <kbd className="rounded border border-slate-300 bg-white px-1 text-xs">Enter</kbd> submits,{" "}
                <kbd className="rounded border border-slate-300 bg-white px-1 text-xs">?</kbd> lists every shortcut
              </span>
              .
              {current.task.project?.allowTies ? (
                <>
                  {" "}
                  Two equally good completions can share a rank: <strong>Tie with above</strong> on a card
                  <span className="hidden sm:inline">
                    {" "}
                    (or <kbd className="rounded border border-slate-300 bg-white px-1 text-xs">T</kbd>)
                  </span>
                  .
                </>
              ) : null}
            </p>
            <RankingList
              key={current.task.id}
              order={current.order}
              letters={current.letters}
              texts={current.texts}
              onReorder={(order) => setCurrent((c) => (c ? { ...c, order, tied: tiesAfterMove(c.order, order, c.tied) } : c))}
              allowTies={current.task.project?.allowTies === true}
              tied={current.tied}
              onToggleTie={(id) => setCurrent((c) => (c ? { ...c, tied: { ...c.tied, [id]: !c.tied[id] } } : c))}
              collectScores={current.task.project?.collectScores === true}
              scores={current.scores}
              onScore={(id, score) =>
                setCurrent((c) => {
                  if (!c) return c;
                  const { [id]: _old, ...rest } = c.scores;
                  return { ...c, scores: score === null ? rest : { ...rest, [id]: score } };
                })
              }
              onSubmit={() => submit()}
              onFlag={(id, letter) => {
                rememberOpener();
                setFlagConfirmation(null);
                setFlagTarget({ id, letter });
                setFlagOpen(true);
              }}
              onDraggingChange={setDragging}
              autoFocus={current.autoFocus}
              flagged={current.flagged}
              confirmation={flagConfirmation}
            />
            {current.task.project?.allowNoneAcceptable ? (
              <label className="flex min-h-11 w-fit cursor-pointer items-center gap-3 rounded-md px-2 text-sm font-medium text-slate-900 hover:bg-slate-100">
                <input
                  type="checkbox"
                  data-testid="none-acceptable"
                  className="h-5 w-5 accent-blue-700"
                  checked={current.noneAcceptable}
                  onChange={(e) => {
                    const checked = e.target.checked;
                    setCurrent((c) => (c ? { ...c, noneAcceptable: checked } : c));
                  }}
                />
                None is acceptable
                <span className="font-normal text-slate-700">(still rank them, least bad first)</span>
              </label>
            ) : null}
            <div className="sticky bottom-0 -mx-3 flex gap-2 border-t border-slate-200 bg-slate-50/95 px-3 py-3 sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:px-0">
              <Button onClick={() => submit()} className="min-h-11 flex-1 sm:min-h-10 sm:flex-none" data-testid="submit-ranking">
                Submit ranking
              </Button>
              <Button
                variant="secondary"
                className="min-h-11 sm:min-h-10"
                onClick={() => {
                  rememberOpener();
                  setSkipOpen(true);
                }}
              >
                Skip
              </Button>
              <div className="hidden sm:block">
                <Button
                  variant="ghost"
                  aria-label="Keyboard shortcuts"
                  onClick={() => {
                    rememberOpener();
                    setShortcutsOpen(true);
                  }}
                >
                  <kbd className="rounded border border-slate-300 px-1 text-xs">?</kbd> Shortcuts
                </Button>
              </div>
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
        returnFocus={opener}
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
      <SkipDialog open={skipOpen} onOpenChange={setSkipOpen} onSkip={skip} returnFocus={opener} />
      <FlagDialog
        key={flagTarget ? `${flagTarget.id}:${current?.task.id ?? ""}` : "none"}
        target={flagTarget}
        open={flagOpen}
        onClose={() => setFlagOpen(false)}
        onFlag={flag}
        returnFocus={opener}
      />
      <ShortcutsDialog open={shortcutsOpen} onOpenChange={setShortcutsOpen} returnFocus={opener} undoSeconds={undoSeconds} />
      {undoable && undoable.until > now ? (
        <div
          role="status"
          data-testid="undo-toast"
          className="fixed inset-x-3 bottom-20 z-30 mx-auto flex max-w-md items-center gap-3 rounded-lg bg-slate-900 px-4 py-2 text-sm text-white shadow-lg sm:bottom-4"
        >
          <span className="flex-1">
            Ranking submitted. Undo within {Math.max(0, Math.ceil((undoable.until - now) / 1000))} s.
          </span>
          <button
            type="button"
            onClick={() => void undo()}
            disabled={undoBusy}
            data-testid="undo-ranking"
            className="min-h-11 rounded-md px-3 font-semibold text-blue-200 underline hover:bg-slate-800 sm:min-h-9"
          >
            {undoBusy ? "Undoing…" : "Undo"}
          </button>
        </div>
      ) : null}
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
