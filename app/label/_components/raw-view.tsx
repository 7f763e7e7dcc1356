"use client";
// The raw-text view of completions: the exact characters the model produced, wrapped, in a <pre>. Whether every
// card starts in it is the labeler's choice, kept in this browser (localStorage) across tasks and reloads.
import { useCallback, useSyncExternalStore } from "react";
import { codePointLabel, splitInvisible } from "@/app/components/markdown-fidelity";

const KEY = "podium.rawView";
const EVENT = "podium:raw-view";

function read(): boolean {
  try {
    return window.localStorage.getItem(KEY) === "all";
  } catch {
    return false; // storage blocked: rendered view
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/** Whether all cards show raw text, and its setter (remembered in this browser). */
export function useRawViewForAll(): [boolean, (raw: boolean) => void] {
  const raw = useSyncExternalStore(subscribe, read, () => false);
  const set = useCallback((next: boolean) => {
    try {
      if (next) window.localStorage.setItem(KEY, "all");
      else window.localStorage.removeItem(KEY);
    } catch {
      // storage blocked: the choice lasts until the page is left
    }
    window.dispatchEvent(new Event(EVENT));
  }, []);
  return [raw, set];
}

/** The switch above the cards. */
export function RawViewToggle({ raw, onChange }: { raw: boolean; onChange: (raw: boolean) => void }) {
  return (
    <button
      type="button"
      aria-pressed={raw}
      onClick={() => onChange(!raw)}
      data-testid="raw-all-toggle"
      className="min-h-11 rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-100 sm:min-h-0"
    >
      Raw text for all cards
    </button>
  );
}

/** The exact text, wrapped; invisible characters stay in it and get a visible code point tag. */
export function RawText({ text }: { text: string }) {
  return (
    <pre
      data-testid="completion-raw"
      className="whitespace-pre-wrap rounded bg-slate-50 p-2 font-mono text-[0.8rem] leading-relaxed text-slate-900 [overflow-wrap:anywhere] [unicode-bidi:isolate]"
    >
      {splitInvisible(text).map((part, i) =>
        part.invisible ? (
          <span key={i} className="md-invisible" data-codepoint={codePointLabel(part.text)} title={codePointLabel(part.text)}>
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </pre>
  );
}
