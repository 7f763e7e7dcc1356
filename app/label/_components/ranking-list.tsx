"use client";
// The sortable list of five completions: mouse and touch drag by the handle (touch-action: none plus an activation
// distance, so scrolling a long card on a phone never reorders it), keyboard drag (Space, arrows, Space), number
// keys 1–5 to move a card to that rank — the focused card, else the one under the pointer, without clicking first
// (a hint names the card the keys will move) — and screen-reader announcements of every move. Where the project
// allows, T (or a card's "Tie with above" button) ties a card with the one above it, and each card has a 1–7 score.
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type ScreenReaderInstructions,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { restrictToList, restrictToVerticalAxis } from "./modifiers";
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { CompletionCard } from "./completion-card";
import { ranksFor, type TiedMarks } from "./judgment";
import { findNearDuplicates } from "./near-duplicates";
import { RawViewToggle, useRawViewForAll } from "./raw-view";

const INSTRUCTIONS: ScreenReaderInstructions = {
  draggable:
    "To move this completion, press a number from 1 to 5 to give it that rank, or press Space to pick it up, the arrow keys to move it and Space again to drop it. Escape cancels. Enter submits the ranking.",
};

export interface RankingListProps {
  order: string[];
  letters: Record<string, string>;
  texts: Record<string, string>;
  onReorder: (order: string[]) => void;
  onSubmit: () => void;
  onFlag: (id: string, letter: string) => void;
  onDraggingChange: (dragging: boolean) => void;
  /** Focus card 1 when the list appears (a task that follows one the labeler just finished). */
  autoFocus: boolean;
  /** Flag reasons by completion id (cards this labeler flagged), and the confirmation to show under one card. */
  flagged: Record<string, string>;
  confirmation: { id: string; text: string } | null;
  /** The project allows ties: cards show "Tie with above" and T toggles it for the key target. */
  allowTies: boolean;
  tied: TiedMarks;
  onToggleTie: (id: string) => void;
  /** The project collects scores: each card has a 1–7 score. */
  collectScores: boolean;
  scores: Record<string, number>;
  onScore: (id: string, score: number | null) => void;
}

export function RankingList({
  order,
  letters,
  texts,
  onReorder,
  onSubmit,
  onFlag,
  onDraggingChange,
  autoFocus,
  flagged,
  confirmation,
  allowTies,
  tied,
  onToggleTie,
  collectScores,
  scores,
  onScore,
}: RankingListProps) {
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { distance: 8 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      keyboardCodes: {
        start: ["Space"],
        cancel: ["Escape"],
        end: ["Space", "Enter"],
      },
    }),
  );
  const [active, setActive] = useState<UniqueIdentifier | null>(null);
  const [message, setMessage] = useState("");
  const handles = useRef(new Map<string, HTMLElement>());
  const [rawForAll, setRawForAll] = useRawViewForAll();
  // Keyed by the texts only: the marks do not change while the cards move.
  const duplicates = useMemo(
    () => findNearDuplicates(Object.entries(texts).map(([id, text]) => ({ id, text }))),
    [texts],
  );
  const refocus = useRef<string | null>(null);
  const listRef = useRef<HTMLOListElement | null>(null);
  /** The card that has keyboard focus (on its handle or a button inside it), and the one under the mouse. */
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  const keyTarget = focusedId ?? hoveredId;

  const rankOf = useCallback((id: UniqueIdentifier) => order.indexOf(String(id)) + 1, [order]);
  const name = useCallback((id: UniqueIdentifier) => `Completion ${letters[String(id)] ?? ""}`, [letters]);
  const ranks = useMemo(() => ranksFor(order, allowTies ? tied : {}), [order, tied, allowTies]);

  /** T: ties card `id` with the one above, or unties it; false when it cannot (the first card). */
  const toggleTie = useCallback(
    (id: string): boolean => {
      const i = order.indexOf(id);
      if (!allowTies || i < 0) return false;
      const above = order[i - 1];
      if (above === undefined) {
        setMessage(`${name(id)} is first; there is no card above to tie it with.`);
        return true;
      }
      onToggleTie(id);
      setMessage(tied[id] ? `${name(id)} is no longer tied with ${name(above)}.` : `${name(id)} tied with ${name(above)}.`);
      return true;
    },
    [order, allowTies, tied, onToggleTie, name],
  );

  const announcements: Announcements = {
    onDragStart: ({ active: a }) => `Picked up ${name(a.id)}, rank ${rankOf(a.id)} of ${order.length}.`,
    // Silent while over its own place, so "Picked up …" is what is heard first.
    onDragOver: ({ active: a, over }) =>
      !over
        ? `${name(a.id)} is no longer over a rank.`
        : over.id === a.id
          ? undefined
          : `${name(a.id)} is over rank ${rankOf(over.id)} of ${order.length}.`,
    onDragEnd: ({ active: a, over }) =>
      over ? `${name(a.id)} dropped at rank ${rankOf(over.id)} of ${order.length}.` : `${name(a.id)} dropped.`,
    onDragCancel: ({ active: a }) => `Moving cancelled. ${name(a.id)} stays at rank ${rankOf(a.id)}.`,
  };

  // After a number-key move the card's DOM node moves; keep the keyboard focus on it.
  useEffect(() => {
    if (!refocus.current) return;
    handles.current.get(refocus.current)?.focus();
    refocus.current = null;
  }, [order]);

  // A new task replaced the one the labeler was on (its cards are gone, focus fell to the page): start at card 1.
  useEffect(() => {
    const focused = document.activeElement;
    if (autoFocus && (!focused || focused === document.body))
      handles.current.get(order[0] ?? "")?.focus({ preventScroll: true });
    // Only when the list mounts (it is keyed by task).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const registerHandle = useCallback((id: string, el: HTMLElement | null) => {
    if (el) handles.current.set(id, el);
    else handles.current.delete(id);
  }, []);

  /** Number key `key` moves card `id` to that rank; false when it is not a rank key. */
  const moveByKey = useCallback(
    (key: string, id: string, keepFocus: boolean): boolean => {
      if (!/^[1-9]$/.test(key)) return false;
      const target = Number(key);
      if (target > order.length) return false;
      const from = order.indexOf(id);
      if (from < 0) return false;
      if (from === target - 1) {
        setMessage(`${name(id)} is already at rank ${target}.`);
        return true;
      }
      if (keepFocus) refocus.current = id;
      onReorder(arrayMove(order, from, target - 1));
      setMessage(`${name(id)} moved to rank ${target} of ${order.length}.`);
      return true;
    },
    [order, name, onReorder],
  );

  // Number keys anywhere on the page (outside fields and dialogs) act on the focused card, else the hovered one.
  useEffect(() => {
    function onKeyDown(e: globalThis.KeyboardEvent) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || active !== null) return;
      const el = e.target instanceof Element ? e.target : null;
      if (el?.closest("input, textarea, select, [contenteditable=true], [role=dialog]")) return;
      if (document.querySelector("[role=dialog]")) return;
      const id = keyTarget;
      if (id && moveByKey(e.key, id, focusedId === id)) e.preventDefault();
      else if (id && (e.key === "t" || e.key === "T") && toggleTie(id)) e.preventDefault();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [keyTarget, focusedId, moveByKey, toggleTie, active]);

  // The hovered card follows real pointer movement only: a card that moves under a still mouse (after a
  // number-key move) stays the target, so pressing 1 then 3 moves the same completion.
  useEffect(() => {
    let last: { x: number; y: number } | null = null;
    function onPointerMove(e: PointerEvent) {
      if (e.pointerType !== "mouse") return;
      if (last && last.x === e.clientX && last.y === e.clientY) return;
      last = { x: e.clientX, y: e.clientY };
      const card = e.target instanceof Element ? e.target.closest<HTMLElement>("[data-testid=rank-card]") : null;
      const id = card && listRef.current?.contains(card) ? card.dataset.completionId ?? null : null;
      setHoveredId(id);
    }
    document.addEventListener("pointermove", onPointerMove);
    return () => document.removeEventListener("pointermove", onPointerMove);
  }, []);

  function onHandleKeyDown(e: KeyboardEvent<HTMLElement>, id: string) {
    if (active !== null) return; // a keyboard drag is in progress: its keys belong to dnd-kit
    if (e.key === "Enter") {
      e.preventDefault();
      onSubmit();
      return;
    }
    if (moveByKey(e.key, id, true)) {
      e.preventDefault();
      return;
    }
    if ((e.key === "t" || e.key === "T") && toggleTie(id)) {
      e.preventDefault();
      return;
    }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      // Plain arrows move focus between cards (arrows reorder only while a card is picked up).
      e.preventDefault();
      const next = order[order.indexOf(id) + (e.key === "ArrowDown" ? 1 : -1)];
      if (next) handles.current.get(next)?.focus();
    }
  }

  function onDragEnd({ active: a, over }: DragEndEvent) {
    setActive(null);
    onDraggingChange(false);
    if (!over || a.id === over.id) return;
    onReorder(arrayMove(order, order.indexOf(String(a.id)), order.indexOf(String(over.id))));
  }

  const targetLetter = keyTarget ? letters[keyTarget] : undefined;
  return (
    <>
      <p data-testid="key-hint" aria-hidden="true" className="hidden min-h-5 text-sm text-slate-700 sm:block">
        {targetLetter ? (
          <>
            Keys <kbd className="rounded border border-slate-300 bg-white px-1 text-xs">1</kbd>–
            <kbd className="rounded border border-slate-300 bg-white px-1 text-xs">{order.length}</kbd> move{" "}
            <strong>Completion {targetLetter}</strong> ({focusedId ? "focused" : "under the pointer"}) ·{" "}
            <kbd className="rounded border border-slate-300 bg-white px-1 text-xs">?</kbd> all shortcuts
          </>
        ) : (
          <>
            Point at or focus a card, then press 1–{order.length} to move it ·{" "}
            <kbd className="rounded border border-slate-300 bg-white px-1 text-xs">?</kbd> all shortcuts
          </>
        )}
      </p>
      <div className="flex justify-end">
        <RawViewToggle raw={rawForAll} onChange={setRawForAll} />
      </div>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        modifiers={[restrictToVerticalAxis, restrictToList]}
        accessibility={{
          announcements,
          screenReaderInstructions: INSTRUCTIONS,
        }}
        onDragStart={({ active: a }) => {
          setActive(a.id);
          onDraggingChange(true);
        }}
        onDragEnd={onDragEnd}
        onDragCancel={() => {
          setActive(null);
          onDraggingChange(false);
        }}
      >
        <SortableContext items={order} strategy={verticalListSortingStrategy}>
          <ol
            ref={listRef}
            className="space-y-3"
            aria-label="Completions, best first"
            data-testid="rank-list"
            onFocus={(e) => {
              const card = e.target.closest<HTMLElement>("[data-testid=rank-card]");
              setFocusedId(card?.dataset.completionId ?? null);
            }}
            onBlur={(e) => {
              if (!(e.relatedTarget instanceof Node) || !e.currentTarget.contains(e.relatedTarget)) setFocusedId(null);
            }}
            onPointerLeave={(e) => {
              if (e.pointerType === "mouse") setHoveredId(null);
            }}
          >
            {order.map((id, i) => (
              <CompletionCard
                key={id}
                id={id}
                letter={letters[id] ?? "?"}
                rank={i + 1}
                sharedRank={ranks[i] ?? i + 1}
                inTieGroup={ranks.filter((r) => r === ranks[i]).length > 1}
                tie={
                  allowTies && i > 0
                    ? { tied: tied[id] === true, aboveLetter: letters[order[i - 1] ?? ""] ?? "?", onToggle: () => toggleTie(id) }
                    : null
                }
                score={collectScores ? { value: scores[id] ?? null, onChange: (v: number | null) => onScore(id, v) } : null}
                text={texts[id] ?? ""}
                rawForAll={rawForAll}
                duplicates={(duplicates[id] ?? []).map((d) => ({ ...d, letter: letters[d.id] ?? "?" }))}
                onHandleKeyDown={onHandleKeyDown}
                onFlag={onFlag}
                registerHandle={registerHandle}
                flagged={flagged[id]}
                confirmation={confirmation?.id === id ? confirmation.text : undefined}
                keyTarget={keyTarget === id}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <div aria-live="assertive" role="status" className="sr-only" data-testid="rank-announcer">
        {message}
      </div>
    </>
  );
}
