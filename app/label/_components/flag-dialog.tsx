"use client";
import { useState, type FormEvent, type RefObject } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Dialog } from "@/app/components/ui/dialog";
import { Field, Textarea } from "@/app/components/ui/field";

export type FlagReason = "harmful" | "broken" | "other";

const REASONS: { value: FlagReason; label: string; hint: string }[] = [
  {
    value: "harmful",
    label: "Harmful",
    hint: "Unsafe, abusive or dangerous content",
  },
  {
    value: "broken",
    label: "Broken",
    hint: "Garbled, truncated, empty or in the wrong language",
  },
  {
    value: "other",
    label: "Other",
    hint: "Something else the admins should look at",
  },
];

export function FlagDialog({
  target,
  open,
  onClose,
  onFlag,
  returnFocus,
}: {
  target: { id: string; letter: string } | null;
  open: boolean;
  onClose: () => void;
  returnFocus: RefObject<HTMLElement | null>;
  /** Resolves to an error message, or null once flagged. */
  onFlag: (input: { completionId: string; reason: FlagReason; note?: string }) => Promise<string | null>;
}) {
  // No reason is chosen for the labeler: the submit button waits for one.
  const [reason, setReason] = useState<FlagReason | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!target || !reason) return;
    setBusy(true);
    setError(null);
    const err = await onFlag({
      completionId: target.id,
      reason,
      note: note.trim() || undefined,
    });
    setBusy(false);
    if (err) setError(err);
  }

  return (
    <Dialog
      open={open && target !== null}
      onOpenChange={(o) => (o ? undefined : onClose())}
      returnFocus={returnFocus}
      title={`Flag completion ${target?.letter ?? ""}`}
      description="Flagging does not change your ranking; keep ranking this task afterwards."
    >
      <form onSubmit={submit} className="space-y-3">
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-800">What is wrong?</legend>
          <div className="space-y-1">
            {REASONS.map((r) => (
              <label key={r.value} className="flex min-h-11 cursor-pointer items-start gap-2 rounded-md p-2 hover:bg-slate-50">
                <input
                  type="radio"
                  name="flag-reason"
                  value={r.value}
                  checked={reason === r.value}
                  onChange={() => setReason(r.value)}
                  className="mt-1 h-4 w-4 accent-blue-700"
                />
                <span>
                  <span className="block text-sm font-medium">{r.label}</span>
                  <span className="block text-xs text-slate-600">{r.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field id="flag-note" label="Note (optional)">
          <Textarea
            id="flag-note"
            rows={3}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
        </Field>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {reason === null ? (
          <p id="flag-reason-needed" className="text-sm text-slate-700">
            Choose what is wrong to flag this completion.
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose} className="min-h-11">
            Cancel
          </Button>
          <Button
            type="submit"
            disabled={busy || reason === null}
            aria-describedby={reason === null ? "flag-reason-needed" : undefined}
            className="min-h-11"
          >
            {busy ? "Flagging…" : "Flag completion"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
