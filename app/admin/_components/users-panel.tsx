"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Input, Select } from "@/app/components/ui/field";
import { formatTime } from "./format";
import { UserActions } from "./user-actions";

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: "LABELER" | "ADMIN";
  createdAt: string;
  disabled: boolean;
}

export function UsersPanel({ users, currentUserId }: { users: UserRow[]; currentUserId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: "success" | "error"; message: string } | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    setBusy(true);
    setError(null);
    setCreated(null);
    const res = await api<{ user: { email: string; role: string } }>("/api/v1/users", {
      body: {
        name: String(form.get("name") ?? ""),
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        role: String(form.get("role") ?? "LABELER"),
      },
    });
    setBusy(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    formEl.reset();
    setCreated(`Created ${res.data.user.role === "ADMIN" ? "admin" : "labeler"} ${res.data.user.email}.`);
    router.refresh();
  }

  return (
    <div className="space-y-5">
      {outcome ? (
        <Alert tone={outcome.tone} className="[overflow-wrap:anywhere]">
          {outcome.message}
        </Alert>
      ) : null}
      <div className="max-h-96 overflow-auto">
        <table className="w-full min-w-[20rem] text-left text-sm">
          <caption className="sr-only">Accounts</caption>
          <thead className="sticky top-0 border-b border-slate-200 bg-white text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">
                User
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Role
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Created (UTC)
              </th>
              <th scope="col" className="py-2 font-medium">
                Actions
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-b border-slate-100 last:border-0">
                <td className="py-2 pr-3">
                  <div className="font-medium">
                    {u.name}
                    {u.id === currentUserId ? (
                      <span className="ml-1 text-xs font-normal text-slate-600">(you)</span>
                    ) : null}
                  </div>
                  <div className="text-xs text-slate-600 [overflow-wrap:anywhere]">{u.email}</div>
                </td>
                <td className="py-2 pr-3">
                  <span
                    className={`rounded px-1.5 py-0.5 text-xs font-medium ${
                      u.role === "ADMIN" ? "bg-purple-100 text-purple-900" : "bg-slate-100 text-slate-800"
                    }`}
                  >
                    {u.role === "ADMIN" ? "admin" : "labeler"}
                  </span>
                  {u.disabled ? <span className="ml-1 text-xs text-red-700">disabled</span> : null}
                </td>
                <td className="whitespace-nowrap py-2 pr-3 text-slate-700">{formatTime(u.createdAt)}</td>
                <td className="py-2">
                  <UserActions user={u} isSelf={u.id === currentUserId} onResult={setOutcome} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <form
        onSubmit={onSubmit}
        className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4"
        aria-labelledby="new-user-title"
      >
        <h3 id="new-user-title" className="text-sm font-semibold">
          New account
        </h3>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="new-user-name" label="Name">
            <Input id="new-user-name" name="name" required maxLength={100} autoComplete="off" />
          </Field>
          <Field id="new-user-email" label="Email">
            <Input id="new-user-email" name="email" type="email" required autoComplete="off" />
          </Field>
          <Field
            id="new-user-password"
            label="Password"
            hint="At least 10 characters; share it with the person safely."
          >
            <Input
              id="new-user-password"
              name="password"
              type="password"
              required
              minLength={10}
              autoComplete="new-password"
            />
          </Field>
          <Field id="new-user-role" label="Role">
            <Select id="new-user-role" name="role" defaultValue="LABELER">
              <option value="LABELER">Labeler</option>
              <option value="ADMIN">Admin</option>
            </Select>
          </Field>
        </div>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {created ? <Alert tone="success">{created}</Alert> : null}
        <Button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create account"}
        </Button>
      </form>
    </div>
  );
}
