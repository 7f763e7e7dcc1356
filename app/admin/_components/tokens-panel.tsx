"use client";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Input, Select } from "@/app/components/ui/field";
import { formatTime } from "./format";

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  owner: string;
  createdAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
}

interface CreatedToken {
  id: string;
  name: string;
  token: string;
}

export function TokensPanel({
  tokens,
  users,
  currentUserId,
}: {
  tokens: TokenRow[];
  users: { id: string; label: string }[];
  currentUserId: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [copied, setCopied] = useState(false);
  const tokenRef = useRef<HTMLInputElement>(null);

  async function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    setBusy(true);
    setError(null);
    setCopied(false);
    const res = await api<{ token: CreatedToken }>("/api/v1/tokens", {
      body: {
        name: String(form.get("name") ?? ""),
        userId: String(form.get("userId") ?? currentUserId),
      },
    });
    setBusy(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    formEl.reset();
    setCreated(res.data.token);
    router.refresh();
  }

  async function revoke(row: TokenRow) {
    if (!window.confirm(`Revoke the token “${row.name}”? Scripts using it stop working at once.`)) return;
    setError(null);
    const res = await api(`/api/v1/tokens/${encodeURIComponent(row.id)}`, {
      method: "DELETE",
    });
    if (!res.ok) setError(res.error.message);
    router.refresh();
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      // The clipboard API needs a secure context; fall back to selecting the text for Ctrl+C.
      tokenRef.current?.select();
    }
  }

  return (
    <div className="space-y-5">
      {created ? (
        <div
          role="status"
          className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
        >
          <p className="font-medium">Token “{created.name}” created. Copy it now: it will not be shown again.</p>
          <div className="flex gap-2">
            <label htmlFor="new-token-value" className="sr-only">
              New API token
            </label>
            <input
              id="new-token-value"
              ref={tokenRef}
              readOnly
              value={created.token}
              onFocus={(e) => e.currentTarget.select()}
              data-testid="new-token"
              className="min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-2 py-1.5 font-mono text-xs"
            />
            <Button size="sm" variant="secondary" onClick={copy}>
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
          <Button size="sm" variant="ghost" onClick={() => setCreated(null)}>
            Done
          </Button>
        </div>
      ) : null}

      {tokens.length === 0 ? (
        <p className="text-sm text-slate-600">No API tokens yet.</p>
      ) : (
        <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto" aria-label="API tokens">
          {tokens.map((t) => (
            <li key={t.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
              <div className="min-w-0 flex-1">
                <div className="font-medium">
                  {t.name}{" "}
                  {t.revoked ? (
                    <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">revoked</span>
                  ) : null}
                </div>
                <div className="break-all text-xs text-slate-600">
                  <span className="font-mono">{t.prefix}…</span> · {t.owner} · created {formatTime(t.createdAt)} · last
                  used {formatTime(t.lastUsedAt)}
                </div>
              </div>
              {t.revoked ? null : (
                <Button size="sm" variant="danger" onClick={() => revoke(t)} aria-label={`Revoke token ${t.name}`}>
                  Revoke
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}

      <form
        onSubmit={onCreate}
        className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4"
        aria-labelledby="new-token-title"
      >
        <h3 id="new-token-title" className="text-sm font-semibold">
          New token
        </h3>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="new-token-name" label="Name" hint="What the token is for, e.g. “nightly export”.">
            <Input id="new-token-name" name="name" required maxLength={100} autoComplete="off" />
          </Field>
          <Field id="new-token-user" label="Acts as">
            <Select id="new-token-user" name="userId" defaultValue={currentUserId}>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.label}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <Button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create token"}
        </Button>
      </form>
    </div>
  );
}
