"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Input, Select } from "@/app/components/ui/field";

export interface PauseRow {
  id: string;
  userId: string;
  email: string;
  reason: string;
  /** Null: paused by an admin, not by the gold score. */
  goldScore: number | null;
  pausedAt: string;
  liftedAt: string | null;
  /** Lifted because the labeler undid the gold answer that caused it. */
  withdrawn: boolean;
  active: boolean;
}

/** The project's pauses (live ones with Lift) and a form that pauses a labeler by hand, with a reason. */
export function PausesPanel({ projectId, pauses, users }: { projectId: string; pauses: PauseRow[]; users: { id: string; label: string }[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const pausedNow = new Set(pauses.filter((p) => p.active).map((p) => p.userId));
  const pausable = users.filter((u) => !pausedNow.has(u.id));

  async function lift(userId: string) {
    setBusy(userId);
    setError(null);
    setNotice(null);
    const res = await api(`/api/v1/projects/${encodeURIComponent(projectId)}/pauses/${encodeURIComponent(userId)}/lift`, { method: "POST" });
    setBusy(null);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    router.refresh();
  }

  async function pause(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setBusy("pause");
    setError(null);
    setNotice(null);
    const res = await api<{ pause: { leasesReleased: number } }>(`/api/v1/projects/${encodeURIComponent(projectId)}/pauses`, {
      body: { userId: String(data.get("userId") ?? ""), reason: String(data.get("reason") ?? "") },
    });
    setBusy(null);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    const released = res.data.pause.leasesReleased;
    setNotice(`Paused${released ? `; ${released} task${released === 1 ? "" : "s"} they held given back` : ""}.`);
    form.reset();
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {pauses.length === 0 ? (
        <p className="text-sm text-slate-600">Nobody has been paused on this project.</p>
      ) : (
        <ul className="space-y-2 text-sm" data-testid="pauses">
          {pauses.map((p) => (
            <li key={p.id} className="flex items-start justify-between gap-3 rounded border border-slate-200 p-2">
              <div className="min-w-0">
                <div className="font-medium [overflow-wrap:anywhere]">{p.email}</div>
                <div className="text-slate-700">
                  {p.goldScore === null ? "By an admin: " : ""}
                  {p.reason}
                </div>
                <div className="text-xs text-slate-600">
                  Paused {new Date(p.pausedAt).toLocaleString()}
                  {p.liftedAt ? ` · ${p.withdrawn ? "withdrawn (the answer was undone)" : "lifted"} ${new Date(p.liftedAt).toLocaleString()}` : ""}
                </div>
              </div>
              {p.active ? (
                <Button size="sm" variant="secondary" disabled={busy === p.userId} onClick={() => void lift(p.userId)} aria-label={`Lift the pause of ${p.email}`}>
                  Lift
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={pause} className="space-y-2 border-t border-slate-200 pt-3" aria-label="Pause a labeler">
        <Field id="pause-user" label="Labeler to pause">
          <Select id="pause-user" name="userId" required defaultValue="">
            <option value="" disabled>
              Choose a labeler…
            </option>
            {pausable.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="pause-reason" label="Reason" hint="The labeler sees it on the ranking page.">
          <Input id="pause-reason" name="reason" required maxLength={500} />
        </Field>
        <Button type="submit" variant="secondary" disabled={busy === "pause"}>
          {busy === "pause" ? "Pausing…" : "Pause labeler"}
        </Button>
      </form>
    </div>
  );
}
