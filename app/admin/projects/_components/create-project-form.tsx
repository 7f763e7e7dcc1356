"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Input, Textarea } from "@/app/components/ui/field";

export function CreateProjectForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await api<{ project: { id: string } }>("/api/v1/projects", {
      body: {
        name: String(form.get("name") ?? ""),
        description: String(form.get("description") ?? ""),
        requiredRankings: Number(form.get("requiredRankings") ?? 3),
        priority: Number(form.get("priority") ?? 0),
      },
    });
    setBusy(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    router.push(`/admin/projects/${encodeURIComponent(res.data.project.id)}`);
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" aria-label="New project">
      <Field id="project-name" label="Name">
        <Input id="project-name" name="name" required maxLength={100} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id="project-required" label="Rankings per comparison">
          <Input id="project-required" name="requiredRankings" type="number" min={1} max={50} defaultValue={3} required />
        </Field>
        <Field id="project-priority" label="Priority" hint="Higher is served first">
          <Input id="project-priority" name="priority" type="number" min={-1000} max={1000} defaultValue={0} required />
        </Field>
      </div>
      <div className="sm:col-span-2">
        <Field id="project-description" label="Description">
          <Textarea id="project-description" name="description" rows={2} maxLength={5000} />
        </Field>
      </div>
      {error ? (
        <div className="sm:col-span-2">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      <div>
        <Button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create project"}
        </Button>
      </div>
    </form>
  );
}
