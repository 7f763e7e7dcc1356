"use client";
// The sortable list of five completions: mouse and touch drag by the handle (touch-action: none plus an activation
// distance, so scrolling a long card on a phone never reorders it), keyboard drag (Space, arrows, Space), number
// keys 1–5 to move the focused card to that rank, and screen-reader announcements of every move.
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
import { restrictToVerticalAxis } from "./modifiers";
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { CompletionCard } from "./completion-card";
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

  const rankOf = useCallback((id: UniqueIdentifier) => order.indexOf(String(id)) + 1, [order]);
  const name = useCallback((id: UniqueIdentifier) => `Completion ${letters[String(id)] ?? ""}`, [letters]);

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

  function onHandleKeyDown(e: KeyboardEvent<HTMLElement>, id: string) {
    if (active !== null) return; // a keyboard drag is in progress: its keys belong to dnd-kit
    if (e.key === "Enter") {
      e.preventDefault();
      onSubmit();
      return;
    }
    if (/^[1-9]$/.test(e.key)) {
      const target = Number(e.key);
      if (target > order.length) return;
      e.preventDefault();
      const from = order.indexOf(id);
      if (from === target - 1) {
        setMessage(`${name(id)} is already at rank ${target}.`);
        return;
      }
      refocus.current = id;
      onReorder(arrayMove(order, from, target - 1));
      setMessage(`${name(id)} moved to rank ${target} of ${order.length}.`);
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

  return (
    <>
      <div className="flex justify-end">
        <RawViewToggle raw={rawForAll} onChange={setRawForAll} />
      </div>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        modifiers={[restrictToVerticalAxis]}
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
          <ol className="space-y-3" aria-label="Completions, best first" data-testid="rank-list">
            {order.map((id, i) => (
              <CompletionCard
                key={id}
                id={id}
                letter={letters[id] ?? "?"}
                rank={i + 1}
                text={texts[id] ?? ""}
                rawForAll={rawForAll}
                duplicates={(duplicates[id] ?? []).map((d) => ({ ...d, letter: letters[d.id] ?? "?" }))}
                onHandleKeyDown={onHandleKeyDown}
                onFlag={onFlag}
                registerHandle={registerHandle}
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
