"use client";
// Every keyboard shortcut of the ranking page, opened with `?` (an accessible modal dialog).
import type { RefObject } from "react";
import { Button } from "@/app/components/ui/button";
import { Dialog } from "@/app/components/ui/dialog";

const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ["1", "2", "3", "4", "5"], what: "Move the focused card — or, with no card focused, the card under the pointer — to that rank" },
  { keys: ["Enter"], what: "Submit the ranking (on a card)" },
  { keys: ["↑", "↓"], what: "Focus the card above or below" },
  { keys: ["Space"], what: "Pick up the focused card; arrows move it, Space drops it" },
  { keys: ["T"], what: "Tie the focused (or pointed-at) card with the card above it, or untie it — where the project allows ties" },
  { keys: ["Esc"], what: "Cancel a move, or close a dialog (focus returns where it was)" },
  { keys: ["Tab"], what: "Move between cards, their buttons, Submit and Skip" },
  { keys: ["?"], what: "Show this list" },
];

export function ShortcutsDialog({
  open,
  onOpenChange,
  returnFocus,
  undoSeconds,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocus: RefObject<HTMLElement | null>;
  undoSeconds: number;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      returnFocus={returnFocus}
      title="Keyboard shortcuts"
      description={`After submitting, the Undo button takes the ranking back for ${undoSeconds} seconds.`}
    >
      <dl className="space-y-2 text-sm" data-testid="shortcut-list">
        {SHORTCUTS.map((s) => (
          <div key={s.what} className="flex items-start gap-3">
            <dt className="flex w-28 shrink-0 flex-wrap gap-1">
              {s.keys.map((k) => (
                <kbd key={k} className="rounded border border-slate-300 bg-slate-50 px-1.5 text-xs font-semibold text-slate-900">
                  {k}
                </kbd>
              ))}
            </dt>
            <dd className="text-slate-800">{s.what}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-4 flex justify-end">
        <Button variant="secondary" className="min-h-11" onClick={() => onOpenChange(false)}>
          Close
        </Button>
      </div>
    </Dialog>
  );
}
