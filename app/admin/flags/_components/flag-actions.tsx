"use client";
// Triage of one open flag: Dismiss at once, or Exclude its comparison after a confirmation with an optional reason.
// One PATCH /api/v1/flags/:id; the result is said in place, then the list re-renders without the flag.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/app/components/api";
import { Button } from "@/app/components/ui/button";
import { Dialog } from "@/app/components/ui/dialog";
import { Field, Textarea } from "@/app/components/ui/field";

interface TriageResult {
  excludedComparisons: string[];
  flagsResolved: number;
}

export function FlagActions({ flagId, label }: { flagId: string; label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [confirmExclude, setConfirmExclude] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  async function triage(action: "dismiss" | "exclude", reason?: string) {
    setBusy(true);
    const res = await api<TriageResult>(`/api/v1/flags/${encodeURIComponent(flagId)}`, { method: "PATCH", body: reason ? { action, reason } : { action } });
    setBusy(false);
    setConfirmExclude(false);
    if (!res.ok) {
      setMessage({ error: true, text: res.error.message });
      return;
    }
    const resolved = res.data.flagsResolved;
    setMessage({
      error: false,
      text: action === "dismiss" ? "Dismissed." : `Comparison excluded; ${resolved} flag${resolved === 1 ? "" : "s"} resolved.`,
    });
    router.refresh();
  }

  function onExclude(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
    void triage("exclude", reason || undefined);
  }

  return (
    <div className="flex flex-wrap items-center gap-1">
      {message ? (
        <span role={message.error ? "alert" : "status"} className={`text-xs ${message.error ? "text-red-800" : "text-green-800"}`}>
          {message.text}
        </span>
      ) : null}
      <Button size="sm" variant="secondary" disabled={busy} aria-label={`Dismiss the ${label}`} onClick={() => void triage("dismiss")}>
        Dismiss
      </Button>
      <Button size="sm" variant="danger" disabled={busy} aria-label={`Exclude the comparison of the ${label}`} onClick={() => setConfirmExclude(true)}>
        Exclude
      </Button>
      <Dialog
        open={confirmExclude}
        onOpenChange={setConfirmExclude}
        title="Exclude this comparison?"
        description="Its rankings are left out of training data and exports, and every open flag of the comparison is resolved."
      >
        <form onSubmit={onExclude} className="space-y-3">
          <Field id={`exclude-reason-${flagId}`} label="Reason (optional)">
            <Textarea id={`exclude-reason-${flagId}`} name="reason" maxLength={500} rows={2} />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setConfirmExclude(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={busy}>
              Exclude
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
