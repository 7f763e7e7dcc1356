"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/app/components/api";
import { Button } from "@/app/components/ui/button";

/** Makes a version the active one of its kind, then re-renders the page. */
export function ActivateButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function onClick() {
    setBusy(true);
    setError(null);
    const res = await api(`/api/v1/models/${id}/activate`, { method: "POST" });
    setBusy(false);
    if (!res.ok) setError(res.error.message);
    else router.refresh();
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" variant="secondary" onClick={onClick} disabled={busy} aria-label={`Activate ${name}`}>
        {busy ? "Activating…" : "Activate"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-800">
          {error}
        </span>
      ) : null}
    </span>
  );
}
