"use client";
import { useEffect, useRef } from "react";

/** Calls `tick` every `ms` while `active`, never overlapping, and stops on unmount. */
export function usePolling(tick: () => Promise<void>, ms: number, active: boolean): void {
  const ref = useRef(tick);
  useEffect(() => {
    ref.current = tick;
  }, [tick]);
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      await ref.current();
      if (!stopped) timer = setTimeout(loop, ms);
    };
    timer = setTimeout(loop, ms);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [ms, active]);
}
