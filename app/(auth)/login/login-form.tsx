"use client";
import { useState, type FormEvent } from "react";
import { api, type ApiError } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Input } from "@/app/components/ui/field";
import { safeNextPath } from "@/lib/auth/safe-next-path";

interface LoginResponse {
  user: { role: "LABELER" | "ADMIN" };
}

function describe(error: ApiError): string {
  if (error.status === 429) {
    const minutes = error.retryAfterSeconds ? Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) : null;
    return `Too many failed sign-in attempts. Try again ${minutes ? `in ${minutes} minute${minutes === 1 ? "" : "s"}` : "later"}.`;
  }
  if (error.status === 401) return "Wrong email or password.";
  if (error.status === 400) return "Enter a valid email address and your password.";
  return error.message;
}

export function LoginForm({ next }: { next: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await api<LoginResponse>("/api/v1/auth/login", {
      body: {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      },
    });
    if (!res.ok) {
      setBusy(false);
      setError(describe(res.error));
      return;
    }
    // A full navigation, so the server renders the next page with the new session cookie.
    window.location.assign(safeNextPath(next) ?? (res.data.user.role === "ADMIN" ? "/admin" : "/label"));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field id="email" label="Email">
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field id="password" label="Password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
