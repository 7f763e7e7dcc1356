"use client";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useState, type KeyboardEvent } from "react";
import { Markdown } from "@/app/components/markdown";
import type { DuplicateMark } from "./near-duplicates";
import { RawText } from "./raw-view";

/** Completions longer than this start collapsed (decided from the text, not measured, so nothing jumps). */
const LONG_CHARS = 700;
const LONG_LINES = 14;

export function isLong(text: string): boolean {
  return text.length > LONG_CHARS || text.split("\n").length > LONG_LINES;
}

export interface CompletionCardProps {
  id: string;
  /** A, B, C… from the order shown; stays with the completion while it moves. */
  letter: string;
  /** Position in the list (1-based): what the number keys and dragging move. */
  rank: number;
  /** The rank the card has, ties counted (tied cards share the rank of the first of them). */
  sharedRank: number;
  /** The card is tied with the card above or below it (drawn as one group). */
  inTieGroup: boolean;
  /** The tie control (projects that allow ties; not on the first card). */
  tie: { tied: boolean; aboveLetter: string; onToggle: () => void } | null;
  /** The 1–7 score control (projects that collect scores). */
  score: { value: number | null; onChange: (score: number | null) => void } | null;
  text: string;
  /** All cards show raw text (the labeler's remembered choice); each card can be switched on its own. */
  rawForAll: boolean;
  /** The other completions of this comparison this one repeats, with their letters. */
  duplicates: (DuplicateMark & { letter: string })[];
  onHandleKeyDown: (e: KeyboardEvent<HTMLElement>, id: string) => void;
  onFlag: (id: string, letter: string) => void;
  registerHandle: (id: string, el: HTMLElement | null) => void;
  /** The reason this labeler flagged the completion with, once flagged. */
  flagged?: string;
  /** Shown under the card right after it was flagged (where the labeler is looking). */
  confirmation?: string;
  /** The number keys 1–5 act on this card now (focused, else under the pointer). */
  keyTarget: boolean;
}

export function CompletionCard({
  id,
  letter,
  rank,
  sharedRank,
  inTieGroup,
  tie,
  score,
  text,
  rawForAll,
  duplicates,
  onHandleKeyDown,
  onFlag,
  registerHandle,
  flagged,
  confirmation,
  keyTarget,
}: CompletionCardProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id,
  });
  const long = isLong(text);
  const [expanded, setExpanded] = useState(false);
  const bodyId = `completion-${id}-body`;
  // A card's own switch holds until the switch for all cards changes.
  const [own, setOwn] = useState<{ raw: boolean; forAll: boolean } | null>(null);
  const raw = own && own.forAll === rawForAll ? own.raw : rawForAll;

  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-testid="rank-card"
      data-completion-id={id}
      data-rank={rank}
      data-shared-rank={sharedRank}
      data-tied={tie?.tied ? "true" : undefined}
      data-flagged={flagged ? "true" : undefined}
      data-key-target={keyTarget ? "true" : undefined}
      className={`relative flex rounded-lg border bg-white ${
        isDragging
          ? "z-10 border-blue-500 shadow-lg ring-2 ring-blue-200"
          : keyTarget
            ? "border-blue-400 shadow-sm ring-2 ring-blue-100"
            : "border-slate-200 shadow-sm"
      } ${inTieGroup ? "border-l-4 border-l-amber-500" : ""}`}
    >
      <button
        type="button"
        ref={(el) => {
          setActivatorNodeRef(el);
          registerHandle(id, el);
        }}
        {...attributes}
        {...listeners}
        onKeyDown={(e) => {
          listeners?.onKeyDown?.(e);
          if (!e.defaultPrevented) onHandleKeyDown(e, id);
        }}
        data-testid="rank-handle"
        className={`flex w-14 shrink-0 touch-none select-none flex-col items-center justify-start gap-1 rounded-l-lg border-r py-3 sm:w-16 ${
          isDragging
            ? "cursor-grabbing border-blue-200 bg-blue-50"
            : "cursor-grab border-slate-200 bg-slate-50 hover:bg-slate-100"
        }`}
      >
        {/* The name is the visible text with words around it ("Rank 1 of 5, completion A"); how to move it is
            dnd-kit's description of the handle. */}
        <span className="sr-only">Rank </span>
        <span className="text-2xl font-bold leading-none text-slate-900" data-testid="rank-number">
          {inTieGroup ? <span aria-hidden="true">=</span> : null}
          {sharedRank}
        </span>
        <span className="sr-only">
          {" "}
          of 5{inTieGroup ? ", tied" : ""}, completion{" "}
        </span>
        <span className="text-xs font-medium text-slate-600">{letter}</span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="mt-1 h-5 w-5 text-slate-500" fill="currentColor">
          <circle cx="7" cy="5" r="1.5" />
          <circle cx="13" cy="5" r="1.5" />
          <circle cx="7" cy="10" r="1.5" />
          <circle cx="13" cy="10" r="1.5" />
          <circle cx="7" cy="15" r="1.5" />
          <circle cx="13" cy="15" r="1.5" />
        </svg>
      </button>
      <div className="min-w-0 flex-1 p-3 sm:p-4">
        {tie?.tied ? (
          <p data-testid="tie-mark" className="mb-2 text-xs font-semibold text-amber-900">
            = Tied with {tie.aboveLetter} (same rank)
          </p>
        ) : null}
        {duplicates.length ? (
          <p data-testid="duplicate-mark" className="mb-2 text-xs font-medium text-amber-900">
            <span aria-hidden="true">{duplicates.some((d) => d.kind === "identical") ? "= " : "≈ "}</span>
            {duplicates
              .map((d) =>
                d.kind === "identical"
                  ? `Same text as ${d.letter} (whitespace aside)`
                  : `Nearly identical to ${d.letter} (${Math.floor(d.similarity * 100)}% similar)`,
              )
              .join("; ")}
          </p>
        ) : null}
        <div
          id={bodyId}
          className={`relative text-sm text-slate-900 ${long && !expanded ? "max-h-56 overflow-hidden" : ""}`}
          data-testid="completion-text"
          data-view={raw ? "raw" : "rendered"}
        >
          {raw ? <RawText text={text} /> : <Markdown text={text} />}
          {long && !expanded ? (
            <div
              aria-hidden="true"
              className="pointer-events-none absolute inset-x-0 bottom-0 h-12 bg-gradient-to-t from-white to-transparent"
            />
          ) : null}
        </div>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          {long ? (
            <button
              type="button"
              aria-expanded={expanded}
              aria-controls={bodyId}
              onClick={() => setExpanded((v) => !v)}
              className="min-h-11 rounded px-3 py-1 text-xs font-medium text-blue-800 hover:bg-blue-50 sm:min-h-8"
            >
              {expanded ? "Show less" : "Show all"}
            </button>
          ) : null}
          {tie ? (
            <button
              type="button"
              aria-pressed={tie.tied}
              onClick={tie.onToggle}
              data-testid="tie-toggle"
              className={`min-h-11 min-w-11 rounded border px-3 py-1 text-xs font-medium ${
                tie.tied ? "border-amber-600 bg-amber-50 text-amber-900" : "border-slate-300 text-slate-800 hover:bg-slate-100"
              }`}
            >
              {tie.tied ? "Tied with above" : "Tie with above"}
              <span className="sr-only">
                : completion {letter} and completion {tie.aboveLetter}
              </span>
            </button>
          ) : null}
          {score ? (
            <label className="flex min-h-11 items-center gap-2 text-xs font-medium text-slate-800">
              Score
              <select
                data-testid="score-select"
                aria-label={`Score for completion ${letter}, 1 (poor) to 7 (excellent)`}
                value={score.value === null ? "" : String(score.value)}
                onChange={(e) => score.onChange(e.target.value === "" ? null : Number(e.target.value))}
                className="min-h-11 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900"
              >
                <option value="">–</option>
                {[1, 2, 3, 4, 5, 6, 7].map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {flagged ? (
            <span
              data-testid="flagged-badge"
              className="ml-auto rounded-full border border-red-300 bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800"
            >
              Flagged: {flagged}
            </span>
          ) : null}
          <button
            type="button"
            aria-pressed={raw}
            onClick={() => setOwn({ raw: !raw, forAll: rawForAll })}
            data-testid="raw-toggle"
            className="min-h-11 min-w-11 rounded px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 sm:min-h-0 sm:min-w-0"
          >
            Raw text<span className="sr-only"> of completion {letter}</span>
          </button>
          <button
            type="button"
            onClick={() => onFlag(id, letter)}
            className={`${flagged ? "" : "ml-auto"} min-h-11 min-w-11 rounded px-3 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 hover:text-red-700 sm:min-h-8`}
            aria-label={flagged ? `Completion ${letter} is flagged; flag it again` : `Flag completion ${letter}`}
            data-testid="flag-button"
          >
            {flagged ? "Flagged" : "Flag"}
          </button>
        </div>
        {confirmation ? (
          <p role="status" data-testid="flag-confirmation" className="mt-2 rounded-md bg-green-50 px-2 py-1 text-sm text-green-900">
            {confirmation}
          </p>
        ) : null}
      </div>
    </li>
  );
}
