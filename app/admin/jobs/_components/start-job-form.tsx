"use client";
// Admin → Jobs: start one job from a form generated from its config schema (defaults, units, help texts, errors as
// you type; the JSON kept in sync under "Advanced (JSON)"), or a pipeline — SFT → reward → PPO, RLOO or DPO →
// generate — whose jobs each start once the one before succeeded.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { JOB_CONFIG_SCHEMAS, JOB_TYPES, type TJobConfigs, type TJobType } from "@/lib/jobs/job-config";
import { ZJobAfter } from "@/lib/jobs/job-after";
import { jobFormFields } from "@/lib/jobs/job-form-fields";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Select, Textarea } from "@/app/components/ui/field";
import { JobConfigFields, type ConfigObject } from "./job-config-fields";

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

/** The training data of a reward / DPO config: a snapshot's id, or "" for live rankings under data.filters. */
function dataChoiceOf(config: ConfigObject): string {
  const data = config.data;
  return typeof data === "object" && data !== null && "snapshotId" in data && typeof data.snapshotId === "string" ? data.snapshotId : "";
}

/** The config with `data` set to the snapshot (or to live rankings with the default filters). */
function withDataChoice(config: ConfigObject, snapshotId: string): ConfigObject {
  const next: ConfigObject = { ...config, data: snapshotId ? { snapshotId } : { filters: {} } };
  if (snapshotId) delete next.since;
  return next;
}

/** The schema's problems with a config, by dotted path ("" for the config as a whole). */
function problemsOf(type: TJobType, config: ConfigObject): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // `after` (start after another job) sits beside the type's fields, as the API reads it.
  const { after, ...rest } = config;
  if (after !== undefined && !ZJobAfter.safeParse(after).success) out.set("after", ["a job id"]);
  const result = JOB_CONFIG_SCHEMAS[type].safeParse(rest);
  if (result.success) return out;
  for (const issue of result.error.issues) {
    // An unknown key is reported on its parent: name it.
    const keys = "keys" in issue && Array.isArray(issue.keys) ? issue.keys.map(String) : [];
    const path = issue.path.map(String).join(".");
    const message = keys.length ? `${issue.message}: ${keys.join(", ")}` : issue.message;
    out.set(path, [...(out.get(path) ?? []), message]);
  }
  return out;
}

const POLICY_TRAINERS = ["ppo", "rloo", "dpo"] as const;
type PolicyTrainer = (typeof POLICY_TRAINERS)[number] | "none";

/** Start one job or a pipeline; every config is checked against the API's own schema before it is sent. */
export function StartJobForm({ defaults, snapshots = [] }: { defaults: TJobConfigs; snapshots?: SnapshotChoice[] }) {
  const router = useRouter();
  const initial = () => Object.fromEntries(JOB_TYPES.map((t) => [t, structuredClone(defaults[t]) as ConfigObject])) as Record<TJobType, ConfigObject>;
  const [mode, setMode] = useState<"job" | "pipeline">("job");
  const [type, setType] = useState<TJobType>("reward");
  const [configs, setConfigs] = useState<Record<TJobType, ConfigObject>>(initial);
  const [texts, setTexts] = useState<Record<TJobType, string>>(
    () => Object.fromEntries(JOB_TYPES.map((t) => [t, JSON.stringify(defaults[t], null, 2)])) as Record<TJobType, string>,
  );
  const [jsonErrors, setJsonErrors] = useState<Partial<Record<TJobType, string>>>({});
  const jsonError = jsonErrors[type] ?? null;
  const setJsonError = (message: string | null) =>
    setJsonErrors((prev) => {
      const next = { ...prev };
      if (message === null) delete next[type];
      else next[type] = message;
      return next;
    });
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [started, setStarted] = useState<{ id: string; type: string }[] | null>(null);
  const [pipeline, setPipeline] = useState({ sft: true, reward: true, trainer: "ppo" as PolicyTrainer, generate: true, activate: true });

  const fields = useMemo(() => jobFormFields(type), [type]);
  const problems = useMemo(() => problemsOf(type, configs[type]), [type, configs]);
  const problemLines = [...problems].map(([path, messages]) => `${path || "config"}: ${messages.join("; ")}`);
  if (jsonError) problemLines.unshift(jsonError);

  /** A field changed: the config and its JSON view move together. */
  function setConfig(next: ConfigObject) {
    setConfigs((prev) => ({ ...prev, [type]: next }));
    setTexts((prev) => ({ ...prev, [type]: JSON.stringify(next, null, 2) }));
    setJsonError(null);
  }

  /** The JSON view changed: the fields follow once it is a JSON object. */
  function setText(text: string) {
    setTexts((prev) => ({ ...prev, [type]: text }));
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("the config must be a JSON object");
      setConfigs((prev) => ({ ...prev, [type]: parsed as ConfigObject }));
      setJsonError(null);
    } catch (err) {
      setJsonError(`Not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const steps = useMemo(() => {
    const out: { type: TJobType; config: ConfigObject }[] = [];
    const activate = (config: ConfigObject) => (pipeline.activate ? { ...config, activate: true } : config);
    if (pipeline.sft) out.push({ type: "sft", config: activate(configs.sft) });
    if (pipeline.reward) out.push({ type: "reward", config: configs.reward });
    if (pipeline.trainer !== "none") out.push({ type: pipeline.trainer, config: activate(configs[pipeline.trainer]) });
    if (pipeline.generate) out.push({ type: "generate", config: configs.generate });
    return out;
  }, [pipeline, configs]);
  const pipelineProblems = steps.flatMap((s) => [...problemsOf(s.type, s.config)].map(([path, m]) => `${s.type} ${path || "config"}: ${m.join("; ")}`));

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setServerError(null);
    setStarted(null);
    if (mode === "job") {
      if (problemLines.length > 0) return;
      setBusy(true);
      const res = await api<{ job: { id: string } }>("/api/v1/jobs", { body: { type, config: configs[type] } });
      setBusy(false);
      if (!res.ok) return setServerError(res.error.message);
      router.push(`/admin/jobs/${res.data.job.id}`);
      return;
    }
    if (steps.length === 0 || pipelineProblems.length > 0) return;
    setBusy(true);
    const res = await api<{ jobs: { id: string; type: string }[] }>("/api/v1/jobs/pipeline", { body: { jobs: steps } });
    setBusy(false);
    if (!res.ok) return setServerError(res.error.message);
    setStarted(res.data.jobs);
    router.refresh();
  }

  const dataField = type === "reward" || type === "dpo";
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-describedby="job-type-description">
      <fieldset className="flex flex-wrap gap-4">
        <legend className="sr-only">What to start</legend>
        {(
          [
            ["job", "One job"],
            ["pipeline", "Pipeline (SFT → reward → PPO / RLOO / DPO → generate)"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2 text-sm font-medium text-slate-800">
            <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} className="h-4 w-4 accent-blue-700" />
            {label}
          </label>
        ))}
      </fieldset>

      {mode === "job" ? (
        <>
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
          {dataField ? (
            <Field id="job-data" label="Training data" hint="A snapshot trains on its stored rows and is cited by the job; live rankings use data.filters (Advanced).">
              <Select id="job-data" name="data" value={dataChoiceOf(configs[type])} onChange={(e) => setConfig(withDataChoice(configs[type], e.target.value))}>
                <option value="">Live rankings (data.filters)</option>
                {snapshots.map((snap) => (
                  <option key={snap.id} value={snap.id} disabled={snap.format === "events"}>
                    Snapshot: {snap.name} ({snap.format}, {snap.rankings} rankings)
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
          <JobConfigFields type={type} fields={fields} config={configs[type]} errors={problems} onChange={setConfig} skip={dataField ? ["data"] : []} />
          <details className="rounded-md border border-slate-200 px-3 py-2">
            <summary className="cursor-pointer text-sm font-medium text-slate-800">Advanced (JSON)</summary>
            <div className="mt-2">
              <Field id="job-config" label="Config (JSON; defaults filled in)" hint="The same config as the fields above, kept in sync both ways. Remove a field to use its default.">
                <Textarea
                  id="job-config"
                  name="config"
                  rows={14}
                  spellCheck={false}
                  className="font-mono text-xs"
                  value={texts[type]}
                  aria-invalid={problemLines.length > 0}
                  aria-describedby={problemLines.length > 0 ? "job-config-problems" : undefined}
                  onChange={(e) => setText(e.target.value)}
                />
              </Field>
            </div>
          </details>
          {problemLines.length > 0 ? (
            <div id="job-config-problems">
              <Alert tone="error">
                <ul className="list-inside list-disc">
                  {problemLines.slice(0, 5).map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </Alert>
            </div>
          ) : null}
        </>
      ) : (
        <fieldset className="space-y-3" aria-describedby="pipeline-description">
          <legend className="text-sm font-medium text-slate-800">Pipeline stages</legend>
          <p id="pipeline-description" className="text-sm text-slate-700">
            Each stage starts once the one before it succeeded; if one fails or is cancelled, the later ones fail with a message naming it. Each stage runs with
            the config of its type under &ldquo;One job&rdquo; (defaults unless you changed them).
          </p>
          <div className="flex flex-wrap items-end gap-4">
            {(["sft", "reward"] as const).map((t) => (
              <label key={t} className="flex items-center gap-2 text-sm text-slate-800">
                <input type="checkbox" className="h-4 w-4 accent-blue-700" checked={pipeline[t]} onChange={(e) => setPipeline((p) => ({ ...p, [t]: e.target.checked }))} />
                {t}
              </label>
            ))}
            <Field id="pipeline-trainer" label="Policy trainer">
              <Select id="pipeline-trainer" value={pipeline.trainer} onChange={(e) => setPipeline((p) => ({ ...p, trainer: e.target.value as PolicyTrainer }))}>
                {POLICY_TRAINERS.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
                <option value="none">none</option>
              </Select>
            </Field>
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" className="h-4 w-4 accent-blue-700" checked={pipeline.generate} onChange={(e) => setPipeline((p) => ({ ...p, generate: e.target.checked }))} />
              generate
            </label>
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" className="h-4 w-4 accent-blue-700" checked={pipeline.activate} onChange={(e) => setPipeline((p) => ({ ...p, activate: e.target.checked }))} />
              Activate each new policy (so the next stage uses it)
            </label>
          </div>
          <p className="text-sm text-slate-800" data-testid="pipeline-order">
            {steps.length > 0 ? steps.map((s) => s.type).join(" → ") : "No stage selected"}
          </p>
          {pipelineProblems.length > 0 ? (
            <Alert tone="error">
              <ul className="list-inside list-disc">
                {pipelineProblems.slice(0, 5).map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
        </fieldset>
      )}
      {serverError ? <Alert tone="error">{serverError}</Alert> : null}
      {started ? (
        <Alert tone="success">
          Queued:{" "}
          {started.map((j, i) => (
            <span key={j.id}>
              {i > 0 ? " → " : ""}
              <Link className="underline" href={`/admin/jobs/${j.id}`}>
                {j.type}
              </Link>
            </span>
          ))}
        </Alert>
      ) : null}
      <div className="flex gap-2">
        {mode === "job" ? (
          <>
            <Button type="submit" disabled={busy || problemLines.length > 0}>
              {busy ? "Starting…" : `Start ${type} job`}
            </Button>
            <Button variant="secondary" onClick={() => setConfig(structuredClone(defaults[type]) as ConfigObject)}>
              Reset to defaults
            </Button>
          </>
        ) : (
          <Button type="submit" disabled={busy || steps.length === 0 || pipelineProblems.length > 0}>
            {busy ? "Starting…" : "Start pipeline"}
          </Button>
        )}
      </div>
    </form>
  );
}
