"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";

export function MembersPanel({ projectId, memberIds, users }: { projectId: string; memberIds: string[]; users: { id: string; label: string }[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState(() => new Set(memberIds));
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function save() {
    setBusy(true);
    setMessage(null);
    const res = await api(`/api/v1/projects/${encodeURIComponent(projectId)}/members`, { method: "PUT", body: { userIds: [...selected] } });
    setBusy(false);
    if (!res.ok) {
      setMessage({ tone: "error", text: res.error.message });
      return;
    }
    setMessage({ tone: "success", text: `${selected.size} member${selected.size === 1 ? "" : "s"} saved.` });
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <fieldset>
        <legend className="sr-only">Members</legend>
        <ul className="max-h-72 space-y-1 overflow-y-auto text-sm">
          {users.map((u) => (
            <li key={u.id}>
              <label className="flex items-center gap-2">
                <input type="checkbox" className="h-4 w-4" checked={selected.has(u.id)} onChange={() => toggle(u.id)} />
                {u.label}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Button onClick={save} disabled={busy}>
        {busy ? "Saving…" : "Save members"}
      </Button>
    </div>
  );
}
