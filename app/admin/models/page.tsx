import Link from "next/link";
import type { Prisma } from "@/lib/db";
import { getDb } from "@/lib/db";
import { getModelSamples, listModelVersions, type ModelSamples, type ModelView } from "@/lib/models";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { Section } from "@/app/components/ui/section";
import { formatNumber, formatTime } from "../jobs/_components/job-format";
import { listEvaluations } from "@/lib/jobs";
import { ActivateButton } from "./_components/activate-button";
import { Evaluations } from "./_components/evaluations";

export const metadata = { title: "Models · Podium" };
export const dynamic = "force-dynamic";

/** Policies whose sample completions are shown (newest first). */
const SAMPLED_POLICIES = 4;
/** Evaluations shown (newest first). */
const SHOWN_EVALUATIONS = 3;

function lineage(model: ModelView, byId: Map<string, ModelView>): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let current: ModelView | undefined = model;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    chain.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  if (current === undefined && model.parentId && !byId.has(model.parentId) && model.parentName) chain.unshift(model.parentName);
  return chain;
}

function MetricList({ metrics }: { metrics: Prisma.JsonValue }) {
  const entries =
    metrics && typeof metrics === "object" && !Array.isArray(metrics)
      ? Object.entries(metrics).filter(([, v]) => typeof v === "number" || typeof v === "string")
      : [];
  if (entries.length === 0) return <p className="text-sm text-slate-600">No metrics.</p>;
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-0.5 text-sm sm:grid-cols-3">
      {entries.map(([k, v]) => (
        <div key={k} className="flex justify-between gap-2 border-b border-slate-100">
          <dt className="text-slate-600">{k}</dt>
          <dd className="font-mono text-xs leading-5">{formatNumber(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Marks a completion that was cut at the token limit instead of ended by the model. */
function CutMark({ finishReason }: { finishReason: string | null }) {
  if (finishReason !== "length") return null;
  return <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">cut at the token limit</span>;
}

function Samples({ samples, parentName }: { samples: ModelSamples; parentName: string | null }) {
  if (samples.samples.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No completions from this version yet: start a <Link className="underline" href="/admin/jobs">generate job</Link> with
        its id as modelVersionId.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      {samples.samples.map((s) => (
        <div key={s.promptId} className="rounded-md border border-slate-200 p-3">
          <p className="mb-2 text-sm font-medium text-slate-900">{s.prompt}</p>
          <div className="grid gap-3 md:grid-cols-2">
            <div>
              <h4 className="text-xs font-semibold uppercase text-slate-600">This version</h4>
              <ul className="mt-1 space-y-1 text-sm">
                {s.completions.map((c, i) => (
                  <li key={i} className="whitespace-pre-wrap rounded bg-blue-50 p-2">
                    {c.text}
                    <CutMark finishReason={c.finishReason} />
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h4 className="text-xs font-semibold uppercase text-slate-600">Parent{parentName ? ` (${parentName})` : ""}</h4>
              {s.parentCompletions.length === 0 ? (
                <p className="mt-1 text-sm text-slate-600">No completions of the parent for this prompt.</p>
              ) : (
                <ul className="mt-1 space-y-1 text-sm">
                  {s.parentCompletions.map((c, i) => (
                    <li key={i} className="whitespace-pre-wrap rounded bg-slate-50 p-2">
                      {c.text}
                      <CutMark finishReason={c.finishReason} />
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}

function ModelCard({ model, chain, samples }: { model: ModelView; chain: string[]; samples: ModelSamples | null }) {
  return (
    <article
      id={`model-${model.id}`}
      aria-labelledby={`model-${model.id}-name`}
      className="space-y-3 rounded-md border border-slate-200 p-4"
      data-testid="model-card"
    >
      <div className="flex flex-wrap items-center gap-3">
        <h3 id={`model-${model.id}-name`} className="font-semibold text-slate-900">
          {model.name}
        </h3>
        {model.active ? (
          <span className="rounded border border-green-300 bg-green-50 px-2 py-0.5 text-xs font-semibold text-green-900" data-testid="model-active">
            ACTIVE
          </span>
        ) : (
          <ActivateButton id={model.id} name={model.name} />
        )}
        <span className="ml-auto text-xs text-slate-600">
          {formatTime(model.createdAt)}
          {model.jobId ? (
            <>
              {" · "}
              <Link className="underline" href={`/admin/jobs/${model.jobId}`}>
                job
              </Link>
            </>
          ) : null}
        </span>
      </div>
      <p className="text-sm text-slate-700">
        <span className="sr-only">Lineage: </span>
        {chain.join(" → ")}
        <span className="ml-2 font-mono text-xs text-slate-500">{model.id}</span>
      </p>
      <MetricList metrics={model.metrics} />
      {samples ? (
        <details>
          <summary className="cursor-pointer text-sm font-medium text-blue-800">Sample completions beside the parent&apos;s</summary>
          <div className="mt-2">
            <Samples samples={samples} parentName={model.parentName} />
          </div>
        </details>
      ) : null}
    </article>
  );
}

export default async function ModelsPage() {
  const user = await requirePageUser({ role: "ADMIN", path: "/admin/models" });
  const db = await getDb();
  const models = await listModelVersions({ db, actor: user });
  const byId = new Map(models.map((m) => [m.id, m]));
  const policies = models.filter((m) => m.kind === "POLICY");
  const rewards = models.filter((m) => m.kind === "REWARD");
  const sampled = await Promise.all(
    policies.slice(0, SAMPLED_POLICIES).map(async (m) => [m.id, await getModelSamples({ db, actor: user, modelVersionId: m.id })] as const),
  );
  const samplesById = new Map(sampled);
  const evaluations = await listEvaluations({ db, actor: user, query: { limit: SHOWN_EVALUATIONS } });
  return (
    <>
      <Header user={user} current="models" />
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h1 className="text-2xl font-bold tracking-tight">Models</h1>
        <Section
          id="policies"
          title="Policy versions"
          description="The active policy generates new completions. A new version is active only once you activate it."
        >
          {policies.length === 0 ? (
            <p className="text-sm text-slate-700">No policy yet: start the worker (it registers the shipped base model) or run a pretrain job.</p>
          ) : (
            <div className="space-y-3">
              {policies.map((m) => (
                <ModelCard key={m.id} model={m} chain={lineage(m, byId)} samples={samplesById.get(m.id) ?? null} />
              ))}
            </div>
          )}
        </Section>
        <Section
          id="evaluations"
          title="Evaluations"
          description="Policy versions compared on eval prompts by an evaluate job: the reward model's scores, win rate against the first version, KL to the reference, and their completions side by side."
        >
          <Evaluations evaluations={evaluations} names={new Map(models.map((m) => [m.id, m.name]))} />
        </Section>
        <Section id="rewards" title="Reward models" description="PPO uses the active reward model unless its config names another.">
          {rewards.length === 0 ? (
            <p className="text-sm text-slate-700">No reward model yet: run a reward job once there are rankings.</p>
          ) : (
            <div className="space-y-3">
              {rewards.map((m) => (
                <ModelCard key={m.id} model={m} chain={lineage(m, byId)} samples={null} />
              ))}
            </div>
          )}
        </Section>
      </main>
    </>
  );
}
