"use client";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { JOB_CONFIG_SCHEMAS, JOB_TYPES, type TJobConfigs, type TJobType } from "@/lib/jobs/job-config";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Select, Textarea } from "@/app/components/ui/field";

const DESCRIPTIONS: Record<TJobType, string> = {
  generate: "The active policy (or an external OpenAI-compatible endpoint) writes 5 completions per prompt and creates comparisons to rank.",
  reward: "Trains a reward model from all rankings so far; reports held-out accuracy.",
  ppo: "Fine-tunes the active policy against a reward model with PPO and a KL penalty.",
  dpo: "Trains the policy straight from the ranking pairs (DPO).",
  pretrain: "Rebuilds a base policy from the corpus shipped with Podium.",
  rloo: "Fine-tunes the active policy against a reward model with RLOO: k answers per prompt, each compared with the others (no value model).",
  sft: "Supervised fine-tuning of the active policy on demonstrations (and/or consensus-best completions); teaches it to end its answers.",
  evaluate: "Compares policy versions on eval prompts: reward, win rate against the first, KL to the reference, EOS rate, length, samples side by side.",
};

export interface SnapshotChoice {
  id: string;
  name: string;
  format: string;
  rankings: number;
}

/** The training data of a reward / DPO config text: a snapshot's id, or "" for live rankings under data.filters. */
function dataChoiceOf(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || !("data" in parsed)) return "";
    const data: unknown = parsed.data;
    return typeof data === "object" && data !== null && "snapshotId" in data && typeof data.snapshotId === "string" ? data.snapshotId : "";
  } catch {
    return "";
  }
}

/** The config text with `data` set to the snapshot (or to live rankings with the default filters). */
function withDataChoice(text: string, snapshotId: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return text;
    const next: Record<string, unknown> = { ...parsed, data: snapshotId ? { snapshotId } : { filters: {} } };
    if (snapshotId) delete next.since;
    return JSON.stringify(next, null, 2);
  } catch {
    return text;
  }
}

/** Start any job type: the config as JSON with every default filled in, validated with the same schema as the API. */
export function StartJobForm({ defaults, snapshots = [] }: { defaults: TJobConfigs; snapshots?: SnapshotChoice[] }) {
  const router = useRouter();
  const [type, setType] = useState<TJobType>("reward");
  const [texts, setTexts] = useState<Record<TJobType, string>>(
    () => Object.fromEntries(JOB_TYPES.map((t) => [t, JSON.stringify(defaults[t], null, 2)])) as Record<TJobType, string>,
  );
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);

  const problems = useMemo(() => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(texts[type]);
    } catch (err) {
      return [`Not valid JSON: ${err instanceof Error ? err.message : String(err)}`];
    }
    const result = JOB_CONFIG_SCHEMAS[type].safeParse(parsed);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`);
  }, [texts, type]);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (problems.length > 0) return;
    setBusy(true);
    setServerError(null);
    const res = await api<{ job: { id: string } }>("/api/v1/jobs", { body: { type, config: JSON.parse(texts[type]) } });
    setBusy(false);
    if (!res.ok) {
      setServerError(res.error.message);
      return;
    }
    router.push(`/admin/jobs/${res.data.job.id}`);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-describedby="job-type-description">
      <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
        <Field id="job-type" label="Job type">
          <Select id="job-type" name="type" value={type} onChange={(e) => setType(e.target.value as TJobType)}>
            {JOB_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <p id="job-type-description" className="self-end text-sm text-slate-700">
          {DESCRIPTIONS[type]}
        </p>
      </div>
      {type === "reward" || type === "dpo" ? (
        <Field id="job-data" label="Training data" hint="A snapshot trains on its stored rows and is cited by the job; live rankings use data.filters.">
          <Select
            id="job-data"
            name="data"
            value={dataChoiceOf(texts[type])}
            onChange={(e) => setTexts((prev) => ({ ...prev, [type]: withDataChoice(prev[type], e.target.value) }))}
          >
            <option value="">Live rankings (data.filters)</option>
            {snapshots.map((snap) => (
              <option key={snap.id} value={snap.id} disabled={snap.format === "events"}>
                Snapshot: {snap.name} ({snap.format}, {snap.rankings} rankings)
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Field id="job-config" label="Config (JSON; defaults filled in)" hint="Remove a field to use its default.">
        <Textarea
          id="job-config"
          name="config"
          rows={14}
          spellCheck={false}
          className="font-mono text-xs"
          value={texts[type]}
          aria-invalid={problems.length > 0}
          aria-describedby={problems.length > 0 ? "job-config-problems" : undefined}
          onChange={(e) => setTexts((prev) => ({ ...prev, [type]: e.target.value }))}
        />
      </Field>
      {problems.length > 0 ? (
        <div id="job-config-problems">
          <Alert tone="error">
            <ul className="list-inside list-disc">
              {problems.slice(0, 5).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Alert>
        </div>
      ) : null}
      {serverError ? <Alert tone="error">{serverError}</Alert> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={busy || problems.length > 0}>
          {busy ? "Starting…" : `Start ${type} job`}
        </Button>
        <Button
          variant="secondary"
          onClick={() => setTexts((prev) => ({ ...prev, [type]: JSON.stringify(defaults[type], null, 2) }))}
        >
          Reset to defaults
        </Button>
      </div>
    </form>
  );
}
