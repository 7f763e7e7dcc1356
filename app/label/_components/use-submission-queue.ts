"use client";
// Sends pending rankings one at a time, oldest first, until each is acknowledged; retries with backoff and
// whenever the browser comes back online. Several tabs may flush the same queue: the idempotency key makes that safe.
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "@/app/components/api";
import { classifySend, readPending, retryDelayMs, withoutSwitchedOffFields, writePending } from "./pending-store";
import type { PendingRanking, SaveStatus } from "./types";

const FIELD_NAMES: Record<string, string> = { ranks: "ties", noneAcceptable: '"none acceptable"', scores: "scores" };

export interface SubmissionQueue {
  status: SaveStatus;
  pendingIds: string[];
  /** The last ranking the server refused for good, with its reason. */
  refusal: string | null;
  enqueue(item: PendingRanking): void;
  flush(): void;
  /** Takes a ranking out of the queue before it was sent; false when it is on its way or already sent. */
  withdraw(taskId: string): boolean;
  /** Resolves once this task's ranking is no longer waiting or on its way (stored, refused, or given up after ~15 s). */
  settled(taskId: string): Promise<void>;
}

export function useSubmissionQueue({
  userId,
  onStored,
}: {
  userId: string;
  onStored: (item: PendingRanking) => void;
}): SubmissionQueue {
  const [status, setStatus] = useState<SaveStatus>("idle");
  const [pendingIds, setPendingIds] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const flushing = useRef(false);
  /** The task whose ranking is being sent right now. */
  const inFlight = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onStoredRef = useRef(onStored);
  useEffect(() => {
    onStoredRef.current = onStored;
  });

  const sync = useCallback(
    (list: PendingRanking[]) => {
      writePending(userId, list);
      setPendingIds(list.map((p) => p.taskId));
    },
    [userId],
  );

  const flush = useCallback(async () => {
    if (flushing.current) return;
    flushing.current = true;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setPendingIds(readPending(userId).map((p) => p.taskId));
    try {
      for (;;) {
        const item = readPending(userId)[0];
        if (!item) {
          setPendingIds([]);
          setStatus((s) => (s === "idle" ? "idle" : "saved"));
          return;
        }
        setStatus(item.attempts > 0 ? "retrying" : "saving");
        inFlight.current = item.taskId;
        const res = await api(`/api/v1/tasks/${encodeURIComponent(item.taskId)}/ranking`, {
          body: {
            ranking: item.ranking,
            ...(item.ranks ? { ranks: item.ranks } : {}),
            ...(item.noneAcceptable ? { noneAcceptable: true } : {}),
            ...(item.scores ? { scores: item.scores } : {}),
            durationMs: item.durationMs,
            idempotencyKey: item.idempotencyKey,
          },
          headers: { "Idempotency-Key": item.idempotencyKey },
        });
        inFlight.current = null;
        const outcome = classifySend(res);
        const stripped = !res.ok ? withoutSwitchedOffFields(item, res.error) : null;
        if (outcome === "refused" && stripped) {
          // The project stopped taking ties, "none acceptable" or scores meanwhile: the order goes again without them.
          sync(readPending(userId).map((p) => (p.idempotencyKey === item.idempotencyKey ? stripped.item : p)));
          setRefusal(`This project no longer takes ${stripped.dropped.map((f) => FIELD_NAMES[f] ?? f).join(" or ")}: your order was sent without them.`);
          continue;
        }
        if (outcome === "stored" || outcome === "refused") {
          sync(readPending(userId).filter((p) => p.idempotencyKey !== item.idempotencyKey));
          if (outcome === "stored") onStoredRef.current(item);
          else if (!res.ok) setRefusal(`A ranking was not saved: ${res.error.message}`);
          continue;
        }
        if (outcome === "signed-out") {
          setStatus("signed-out");
          return;
        }
        const attempts = item.attempts + 1;
        sync(readPending(userId).map((p) => (p.idempotencyKey === item.idempotencyKey ? { ...p, attempts } : p)));
        setStatus("retrying");
        timer.current = setTimeout(() => void flush(), retryDelayMs(attempts));
        return;
      }
    } finally {
      inFlight.current = null;
      flushing.current = false;
    }
  }, [userId, sync]);

  const enqueue = useCallback(
    (item: PendingRanking) => {
      sync([...readPending(userId).filter((p) => p.taskId !== item.taskId), item]);
      setRefusal(null);
      void flush();
    },
    [userId, sync, flush],
  );

  useEffect(() => {
    void flush();
    const online = () => void flush();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [userId, flush]);

  const withdraw = useCallback(
    (taskId: string) => {
      if (inFlight.current === taskId) return false;
      const list = readPending(userId);
      if (!list.some((p) => p.taskId === taskId)) return false;
      sync(list.filter((p) => p.taskId !== taskId));
      return true;
    },
    [userId, sync],
  );

  const settled = useCallback(
    async (taskId: string) => {
      for (let i = 0; i < 75; i++) {
        if (inFlight.current !== taskId && !readPending(userId).some((p) => p.taskId === taskId)) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    [userId],
  );

  return { status, pendingIds, refusal, enqueue, flush: () => void flush(), withdraw, settled };
}
