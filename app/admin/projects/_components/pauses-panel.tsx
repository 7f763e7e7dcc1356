"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";

export interface PauseRow {
  id: string;
  userId: string;
  email: string;
  reason: string;
  pausedAt: string;
  liftedAt: string | null;
  active: boolean;
}

export function PausesPanel({ projectId, pauses }: { projectId: string; pauses: PauseRow[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function lift(userId: string) {
    setBusy(userId);
    setError(null);
    const res = await api(`/api/v1/projects/${encodeURIComponent(projectId)}/pauses/${encodeURIComponent(userId)}/lift`, { method: "POST" });
    setBusy(null);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    router.refresh();
  }

  if (pauses.length === 0) return <p className="text-sm text-slate-600">Nobody has been paused on this project.</p>;
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <ul className="space-y-2 text-sm" data-testid="pauses">
        {pauses.map((p) => (
          <li key={p.id} className="flex items-start justify-between gap-3 rounded border border-slate-200 p-2">
            <div className="min-w-0">
              <div className="font-medium [overflow-wrap:anywhere]">{p.email}</div>
              <div className="text-slate-700">{p.reason}</div>
              <div className="text-xs text-slate-600">
                Paused {new Date(p.pausedAt).toLocaleString()}
                {p.liftedAt ? ` · lifted ${new Date(p.liftedAt).toLocaleString()}` : ""}
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
    </div>
  );
}
