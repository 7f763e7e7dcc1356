"use client";
// The actions on one account in the users panel: role, disable/enable (after a confirmation), a new password.
// Each is one PATCH /api/v1/users/:id; the server refuses disabling or demoting yourself or the last admin.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/app/components/api";
import { Button } from "@/app/components/ui/button";
import { Dialog } from "@/app/components/ui/dialog";
import { Field, Input } from "@/app/components/ui/field";
import type { UserRow } from "./users-panel";

type Change = { disabled?: boolean; role?: UserRow["role"]; password?: string };

export function UserActions({
  user,
  isSelf,
  onResult,
}: {
  user: UserRow;
  isSelf: boolean;
  /** A message for the panel: what changed, or why not. */
  onResult: (result: { tone: "success" | "error"; message: string }) => void;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [confirmDisable, setConfirmDisable] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);

  async function change(body: Change, done: string): Promise<boolean> {
    setBusy(true);
    const res = await api<{ user: UserRow }>(`/api/v1/users/${encodeURIComponent(user.id)}`, { method: "PATCH", body });
    setBusy(false);
    if (!res.ok) {
      onResult({ tone: "error", message: res.error.message });
      return false;
    }
    onResult({ tone: "success", message: done });
    router.refresh();
    return true;
  }

  async function onPassword(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get("password") ?? "");
    if (await change({ password }, `New password set for ${user.email}; their sessions have ended.`)) setPasswordOpen(false);
  }

  const otherRole = user.role === "ADMIN" ? "LABELER" : "ADMIN";
  return (
    <div className="flex flex-wrap gap-1">
      {isSelf && user.role === "ADMIN" ? null : (
        <Button
          size="sm"
          variant="secondary"
          disabled={busy}
          aria-label={`${otherRole === "ADMIN" ? "Make admin" : "Make labeler"}: ${user.email}`}
          onClick={() => void change({ role: otherRole }, `${user.email} is now ${otherRole === "ADMIN" ? "an admin" : "a labeler"}.`)}
        >
          {otherRole === "ADMIN" ? "Make admin" : "Make labeler"}
        </Button>
      )}
      {user.disabled ? (
        <Button
          size="sm"
          variant="secondary"
          disabled={busy}
          aria-label={`Enable ${user.email}`}
          onClick={() => void change({ disabled: false }, `${user.email} can sign in again.`)}
        >
          Enable
        </Button>
      ) : isSelf ? null : (
        <Button size="sm" variant="danger" disabled={busy} aria-label={`Disable ${user.email}`} onClick={() => setConfirmDisable(true)}>
          Disable
        </Button>
      )}
      <Button size="sm" variant="ghost" disabled={busy} aria-label={`Set a new password for ${user.email}`} onClick={() => setPasswordOpen(true)}>
        Password…
      </Button>

      <Dialog
        open={confirmDisable}
        onOpenChange={setConfirmDisable}
        title={`Disable ${user.name}?`}
        description={`${user.email} is signed out everywhere at once, cannot sign in, and their API tokens stop working until the account is enabled again.`}
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmDisable(false)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={busy}
            onClick={() =>
              void change({ disabled: true }, `${user.email} is disabled.`).then(() => setConfirmDisable(false))
            }
          >
            Disable account
          </Button>
        </div>
      </Dialog>

      <Dialog
        open={passwordOpen}
        onOpenChange={setPasswordOpen}
        title={`New password for ${user.name}`}
        description="Their sessions end at once; share the new password with them safely."
      >
        <form onSubmit={onPassword} className="space-y-3">
          <Field id={`password-${user.id}`} label="New password" hint="At least 10 characters.">
            <Input id={`password-${user.id}`} name="password" type="password" required minLength={10} autoComplete="new-password" />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setPasswordOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={busy}>
              Set password
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
