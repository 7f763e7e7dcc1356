// The models page's evaluations: per evaluate job, a table of every compared version's figures and the stored
// completions side by side (one column per version). Server component: the data is the job's stored result.
import Link from "next/link";
import type { Evaluation } from "@/lib/jobs";
import { formatTime } from "../../jobs/_components/job-format";

function pct(x: number): string {
  return `${(x * 100).toFixed(0)} %`;
}

function fixed(x: number, digits = 3): string {
  return x.toFixed(digits);
}

const COLUMNS: { label: string; title: string }[] = [
  { label: "Version", title: "Policy version (the first is the baseline)" },
  { label: "Reward", title: "The reward model's mean raw score ± its standard deviation" },
  { label: "Reward (norm.)", title: "Mean score normalised with the reward model's saved statistics" },
  { label: "Win rate", title: "Share of paired samples scored above the baseline's (ties count half)" },
  { label: "KL to ref.", title: "Mean Σ (log π − log π_ref) per completion, in nats" },
  { label: "EOS", title: "Share of completions the model ended itself" },
  { label: "Length", title: "Mean completion length in tokens" },
  { label: "Distinct-1/2", title: "Unique unigrams / bigrams over all completions" },
  { label: "Newlines", title: "Share of tokens that are line breaks" },
  { label: "Repetition", title: "Share of 3-grams repeating an earlier one in the same completion" },
];

function EvaluationCard({ evaluation, names }: { evaluation: Evaluation; names: Map<string, string> }) {
  const e = evaluation;
  const reference = names.get(e.referenceId) ?? e.referenceId;
  return (
    <article className="space-y-3 rounded-md border border-slate-200 p-4" data-testid="evaluation" aria-labelledby={`evaluation-${e.jobId}`}>
      <h3 id={`evaluation-${e.jobId}`} className="font-semibold text-slate-900">
        {e.versions.map((v) => v.name).join(" vs ")}
      </h3>
      <p className="text-sm text-slate-700">
        {e.prompts} prompts × {e.samplesPerPrompt} samples (temperature {e.temperature}, ≤ {e.maxTokens} tokens), scored by {e.rewardModelName};
        KL to {reference}. {formatTime(e.finishedAt)} ·{" "}
        <Link className="underline" href={`/admin/jobs/${e.jobId}`}>
          job
        </Link>
      </p>
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-300">
              {COLUMNS.map((c) => (
                <th key={c.label} scope="col" title={c.title} className="px-2 py-1 font-semibold text-slate-700">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {e.versions.map((v, i) => (
              <tr key={v.id} className="border-b border-slate-100" data-testid="evaluation-row">
                <th scope="row" className="px-2 py-1 font-medium text-slate-900">
                  {v.name}
                  {i === 0 ? <span className="ml-1 text-xs text-slate-600">(baseline)</span> : null}
                </th>
                <td className="px-2 py-1 font-mono text-xs">
                  {fixed(v.rewardMean)} ± {fixed(v.rewardStd)}
                </td>
                <td className="px-2 py-1 font-mono text-xs">{fixed(v.rewardNormalisedMean)}</td>
                <td className="px-2 py-1 font-mono text-xs">{i === 0 ? "—" : pct(v.winRate)}</td>
                <td className="px-2 py-1 font-mono text-xs">{fixed(v.klToReference)}</td>
                <td className="px-2 py-1 font-mono text-xs">{pct(v.eosRate)}</td>
                <td className="px-2 py-1 font-mono text-xs">{fixed(v.meanLength, 1)}</td>
                <td className="px-2 py-1 font-mono text-xs">
                  {fixed(v.distinct1, 2)} / {fixed(v.distinct2, 2)}
                </td>
                <td className="px-2 py-1 font-mono text-xs">{pct(v.newlineRate)}</td>
                <td className="px-2 py-1 font-mono text-xs">{pct(v.repetitionRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {e.samples.length > 0 ? (
        <details>
          <summary className="cursor-pointer text-sm font-medium text-blue-800">Completions side by side ({e.samples.length} prompts)</summary>
          <div className="mt-2 space-y-3">
            {e.samples.map((s) => (
              <div key={s.promptId} className="rounded-md border border-slate-200 p-3">
                <p className="mb-2 whitespace-pre-wrap text-sm font-medium text-slate-900">{s.prompt}</p>
                <div className="grid gap-3" style={{ gridTemplateColumns: `repeat(${Math.max(1, s.completions.length)}, minmax(0, 1fr))` }}>
                  {s.completions.map((c, i) => (
                    <div key={i}>
                      <h4 className="text-xs font-semibold uppercase text-slate-600">
                        {e.versions[i]?.name ?? `version ${i + 1}`} · score {fixed(c.score)}
                      </h4>
                      <p className="mt-1 whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-sm">
                        {c.text || "(empty)"}
                        {c.finishReason === "length" ? <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">cut at the token limit</span> : null}
                      </p>
                    </div>
                  ))}
                </div>
              </div>
            ))}
          </div>
        </details>
      ) : null}
    </article>
  );
}

export function Evaluations({ evaluations, names }: { evaluations: Evaluation[]; names: Map<string, string> }) {
  if (evaluations.length === 0) {
    return (
      <p className="text-sm text-slate-700">
        No evaluation yet: start an <Link className="underline" href="/admin/jobs">evaluate job</Link> with the versions to compare in
        policyIds (default: the active policy against its parent).
      </p>
    );
  }
  return (
    <div className="space-y-3">
      {evaluations.map((e) => (
        <EvaluationCard key={e.jobId} evaluation={e} names={names} />
      ))}
    </div>
  );
}
