"use client";
// Sends pending rankings one at a time, oldest first, until each is acknowledged; retries with backoff and
// whenever the browser comes back online. Several tabs may flush the same queue: the idempotency key makes that safe.
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "@/app/components/api";
import { classifySend, readPending, retryDelayMs, writePending } from "./pending-store";
import type { PendingRanking, SaveStatus } from "./types";

export interface SubmissionQueue {
  status: SaveStatus;
  pendingIds: string[];
  /** The last ranking the server refused for good, with its reason. */
  refusal: string | null;
  enqueue(item: PendingRanking): void;
  flush(): void;
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
        const res = await api(`/api/v1/tasks/${encodeURIComponent(item.taskId)}/ranking`, {
          body: {
            ranking: item.ranking,
            durationMs: item.durationMs,
            idempotencyKey: item.idempotencyKey,
          },
          headers: { "Idempotency-Key": item.idempotencyKey },
        });
        const outcome = classifySend(res);
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

  return { status, pendingIds, refusal, enqueue, flush: () => void flush() };
}
