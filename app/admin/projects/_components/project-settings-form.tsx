"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/components/ui/field";

export interface ProjectSettings {
  id: string;
  name: string;
  description: string;
  requiredRankings: number;
  status: string;
  priority: number;
  allLabelers: boolean;
  goldRate: number;
  goldThreshold: number;
  goldMinAnswers: number;
  showGoldScore: boolean;
  allowTies: boolean;
  allowNoneAcceptable: boolean;
  collectScores: boolean;
  selection: string;
}

const CHECKBOXES = [
  ["allLabelers", "Open to all labelers (else members only)"],
  ["showGoldScore", "Labelers see their gold score"],
  ["allowTies", "Allow ties"],
  ["allowNoneAcceptable", "Allow “none acceptable”"],
  ["collectScores", "Collect scores (1–7)"],
] as const;

export function ProjectSettingsForm({ project }: { project: ProjectSettings }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const num = (name: string) => Number(form.get(name));
    setBusy(true);
    setMessage(null);
    const res = await api(`/api/v1/projects/${encodeURIComponent(project.id)}`, {
      method: "PATCH",
      body: {
        name: String(form.get("name") ?? ""),
        description: String(form.get("description") ?? ""),
        status: String(form.get("status")),
        selection: String(form.get("selection")),
        requiredRankings: num("requiredRankings"),
        priority: num("priority"),
        goldRate: num("goldRate") / 100,
        goldThreshold: num("goldThreshold"),
        goldMinAnswers: num("goldMinAnswers"),
        ...Object.fromEntries(CHECKBOXES.map(([key]) => [key, form.get(key) === "on"])),
      },
    });
    setBusy(false);
    if (!res.ok) {
      setMessage({ tone: "error", text: res.error.message });
      return;
    }
    setMessage({ tone: "success", text: "Settings saved." });
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="Project settings">
      <div className="sm:col-span-2">
        <Field id="s-name" label="Name">
          <Input id="s-name" name="name" defaultValue={project.name} required maxLength={100} />
        </Field>
      </div>
      <Field id="s-status" label="Status">
        <Select id="s-status" name="status" defaultValue={project.status}>
          <option value="ACTIVE">Active</option>
          <option value="PAUSED">Paused</option>
          <option value="ARCHIVED">Archived</option>
        </Select>
      </Field>
      <Field id="s-priority" label="Priority" hint="Higher is served first">
        <Input id="s-priority" name="priority" type="number" min={-1000} max={1000} defaultValue={project.priority} required />
      </Field>
      <div className="sm:col-span-2 lg:col-span-4">
        <Field id="s-description" label="Description">
          <Textarea id="s-description" name="description" rows={2} defaultValue={project.description} maxLength={5000} />
        </Field>
      </div>
      <Field id="s-required" label="Rankings per comparison" hint="For comparisons imported or generated from now on">
        <Input id="s-required" name="requiredRankings" type="number" min={1} max={50} defaultValue={project.requiredRankings} required />
      </Field>
      <Field id="s-selection" label="Task selection">
        <Select id="s-selection" name="selection" defaultValue={project.selection}>
          <option value="random">Random</option>
          <option value="active">Active (most informative first)</option>
        </Select>
      </Field>
      <Field id="s-gold-rate" label="Gold rate (%)" hint="Share of tasks that are gold items">
        <Input id="s-gold-rate" name="goldRate" type="number" min={0} max={100} step="any" defaultValue={Math.round(project.goldRate * 1000) / 10} required />
      </Field>
      <Field id="s-gold-threshold" label="Gold threshold (0–1)" hint="Pause below this mean agreement">
        <Input id="s-gold-threshold" name="goldThreshold" type="number" min={0} max={1} step="any" defaultValue={project.goldThreshold} required />
      </Field>
      <Field id="s-gold-min" label="Gold answers before a pause">
        <Input id="s-gold-min" name="goldMinAnswers" type="number" min={1} max={1000} defaultValue={project.goldMinAnswers} required />
      </Field>
      <fieldset className="space-y-1 sm:col-span-2 lg:col-span-3">
        <legend className="text-sm font-medium text-slate-800">Options</legend>
        {CHECKBOXES.map(([key, label]) => (
          <label key={key} className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name={key} defaultChecked={project[key]} className="h-4 w-4" />
            {label}
          </label>
        ))}
      </fieldset>
      {message ? (
        <div className="sm:col-span-2 lg:col-span-4">
          <Alert tone={message.tone}>{message.text}</Alert>
        </div>
      ) : null}
      <div>
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}
