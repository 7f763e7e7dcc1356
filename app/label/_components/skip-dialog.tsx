"use client";
import { useState, type FormEvent, type RefObject } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Dialog } from "@/app/components/ui/dialog";
import { Field, Textarea } from "@/app/components/ui/field";

export function SkipDialog({
  open,
  onOpenChange,
  onSkip,
  returnFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Resolves to an error message, or null once skipped. */
  onSkip: (reason: string | undefined) => Promise<string | null>;
  returnFocus: RefObject<HTMLElement | null>;
}) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const err = await onSkip(reason.trim() || undefined);
    setBusy(false);
    if (err) setError(err);
    else setReason("");
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      returnFocus={returnFocus}
      title="Skip this task?"
      description="You will not see this prompt again. A reason helps the admins."
    >
      <form onSubmit={submit} className="space-y-3">
        <Field id="skip-reason" label="Reason (optional)">
          <Textarea
            id="skip-reason"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        </Field>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)} className="min-h-11">
            Cancel
          </Button>
          <Button type="submit" disabled={busy} className="min-h-11">
            {busy ? "Skipping…" : "Skip task"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
