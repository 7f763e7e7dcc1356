// One comparison of the data browser: the prompt, the five completions, every labeler's ranking, the consensus order
// (ranked pairs) with the Bradley-Terry strengths, the flags, and the admin actions (gold, exclude, more rankings,
// archive). Completions are letters A–E by their stored position; orders are shown in those letters, a labeler's ties
// as "=", with the "none acceptable" mark and the 1–7 scores where the project collects them.
import Link from "next/link";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { getComparisonDetail, type ComparisonDetail } from "@/lib/curation";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { Markdown } from "@/app/components/markdown";
import { Section } from "@/app/components/ui/section";
import { formatTime } from "../../_components/format";
import { ComparisonActions } from "../_components/comparison-actions";

export const metadata = { title: "Comparison · Podium" };
export const dynamic = "force-dynamic";

export default async function ComparisonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser({ role: "ADMIN", path: `/admin/data/${encodeURIComponent(id)}` });
  let c: ComparisonDetail;
  try {
    c = await getComparisonDetail({ db: await getDb(), actor: user, comparisonId: id });
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  const letters = new Map(c.completions.map((x, i) => [x.id, String.fromCharCode(65 + i)]));
  const spell = (order: string[]) => order.map((cid) => letters.get(cid) ?? "?").join(" > ");
  // A labeler's order with its ties: "A = B > C > D > E" (tied entries share a rank).
  const spellJudged = (order: string[], ranks: number[] | null) =>
    order.map((cid, i) => (i === 0 ? "" : ranks && ranks[i] === ranks[i - 1] ? " = " : " > ") + (letters.get(cid) ?? "?")).join("");
  const spellScores = (scores: Record<string, number>) =>
    c.completions.flatMap((x) => (scores[x.id] === undefined ? [] : [`${letters.get(x.id) ?? "?"} ${scores[x.id]}`])).join(" · ");
  const rankings = c.rankings.map((r) => ({ id: r.id, labeler: r.labeler.name, order: r.order, spelled: spell(r.order) }));

  return (
    <>
      <Header user={user} current="data" />
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <p>
          <Link href="/admin/data" className="text-sm text-blue-800 underline">
            ← All comparisons
          </Link>
        </p>
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-2xl font-bold tracking-tight">Comparison</h1>
          <span className="font-mono text-sm text-slate-600">{c.id}</span>
        </div>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-4" data-testid="comparison-summary">
          <Item term="Project">{c.project.name}</Item>
          <Item term="Status">{c.status}</Item>
          <Item term="Rankings">
            {c.rankingCount} of {c.requiredRankings} required
          </Item>
          <Item term="Served now">{c.open ? "yes" : "no"}</Item>
          <Item term="Live leases">{String(c.liveLeases)}</Item>
          <Item term="Skips">{String(c.skips)}</Item>
          <Item term="Agreement">{c.computedAgreement === null ? "—" : c.computedAgreement.toFixed(2)}</Item>
          <Item term="Created (UTC)">{formatTime(c.createdAt.toISOString())}</Item>
          <Item term="Gold">{c.gold && c.goldRanking ? `yes: ${spell(c.goldRanking)}` : "no"}</Item>
          <Item term="Excluded">{c.excludedAt ? `yes: ${c.excludedReason ?? ""}` : "no"}</Item>
          <Item term="Archived">{c.archivedAt ? `yes, ${formatTime(c.archivedAt.toISOString())}` : "no"}</Item>
        </dl>
        <Section id="actions" title="Actions" description="Each action is recorded in the audit log.">
          <ComparisonActions
            comparisonId={c.id}
            gold={c.gold}
            excluded={c.excludedAt !== null}
            archived={c.archivedAt !== null}
            rankingCount={c.rankingCount}
            requiredRankings={c.requiredRankings}
            consensus={c.consensus ? spell(c.consensus.order) : null}
            rankings={rankings}
          />
        </Section>
        <Section id="prompt" title="Prompt">
          <Markdown text={c.prompt.text} />
        </Section>
        <Section id="completions" title="Completions" description="In their stored position; each labeler saw them shuffled.">
          <ol className="space-y-4">
            {c.completions.map((x) => (
              <li key={x.id} className="rounded-md border border-slate-200 p-3" data-testid="completion">
                <div className="mb-2 flex flex-wrap items-baseline gap-2 text-xs text-slate-600">
                  <span className="rounded bg-slate-900 px-1.5 py-0.5 font-bold text-white">{letters.get(x.id)}</span>
                  <span>position {x.position}</span>
                  <span>· {x.source}</span>
                  {x.finishReason ? <span>· ended by {x.finishReason}</span> : null}
                  <span className="font-mono">{x.id}</span>
                </div>
                <Markdown text={x.text} />
              </li>
            ))}
          </ol>
        </Section>
        <Section id="consensus" title="Consensus" description="Ranked pairs (Tideman) over the rankings; Bradley-Terry strengths sum to the number of completions.">
          {c.consensus ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <div>
                <h3 className="text-sm font-semibold">Ranked-pairs order</h3>
                <p className="mt-1 font-mono text-lg" data-testid="consensus-order">
                  {spell(c.consensus.order)}
                </p>
              </div>
              <div>
                <h3 className="text-sm font-semibold">Bradley-Terry strengths</h3>
                <ol className="mt-1 space-y-0.5 text-sm" data-testid="bt-scores">
                  {c.consensus.bradleyTerry.map((b) => (
                    <li key={b.completionId} className="tabular-nums">
                      <span className="font-mono font-bold">{letters.get(b.completionId)}</span> {b.strength.toFixed(3)}
                    </li>
                  ))}
                </ol>
              </div>
            </div>
          ) : (
            <p className="text-sm text-slate-600">No rankings yet.</p>
          )}
        </Section>
        <Section id="rankings" title="Rankings">
          {c.rankings.length === 0 ? (
            <p className="text-sm text-slate-600">No rankings yet.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full min-w-[40rem] text-left text-sm" data-testid="rankings">
                <caption className="sr-only">Rankings</caption>
                <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">Labeler</th>
                    <th scope="col" className="py-2 pr-3 font-medium">Order (best first)</th>
                    <th scope="col" className="py-2 pr-3 font-medium">Shown as</th>
                    <th scope="col" className="py-2 pr-3 font-medium">Time</th>
                    <th scope="col" className="py-2 pr-3 font-medium">With consensus</th>
                    <th scope="col" className="py-2 pr-3 font-medium">With gold</th>
                    <th scope="col" className="py-2 font-medium">At (UTC)</th>
                  </tr>
                </thead>
                <tbody>
                  {c.rankings.map((r) => (
                    <tr key={r.id} className="border-b border-slate-100 last:border-0">
                      <td className="py-2 pr-3">
                        {r.labeler.name} <span className="font-mono text-xs text-slate-600">{r.labeler.pseudonym}</span>
                      </td>
                      <td className="py-2 pr-3">
                        <span className="font-mono" data-testid="ranking-order">
                          {spellJudged(r.order, r.ranks)}
                        </span>
                        {r.noneAcceptable ? (
                          <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900" data-testid="none-acceptable">
                            none acceptable
                          </span>
                        ) : null}
                        {r.scores && Object.keys(r.scores).length > 0 ? (
                          <span className="block text-xs text-slate-700" data-testid="ranking-scores">
                            Scores (1–7): {spellScores(r.scores)}
                          </span>
                        ) : null}
                      </td>
                      <td className="py-2 pr-3 font-mono text-slate-700">{r.shownOrder.map((x) => letters.get(x)).join(" ")}</td>
                      <td className="py-2 pr-3 tabular-nums">{r.durationMs === null ? "—" : `${(r.durationMs / 1000).toFixed(1)} s`}</td>
                      <td className="py-2 pr-3 tabular-nums">{r.agreementWithConsensus === null ? "—" : r.agreementWithConsensus.toFixed(2)}</td>
                      <td className="py-2 pr-3 tabular-nums">{r.goldAgreement === null ? "—" : r.goldAgreement.toFixed(2)}</td>
                      <td className="whitespace-nowrap py-2 text-slate-700">{formatTime(r.createdAt.toISOString())}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
        <Section id="flags" title="Flags">
          {c.flags.length === 0 ? (
            <p className="text-sm text-slate-600">No flags.</p>
          ) : (
            <ul className="space-y-2 text-sm" data-testid="comparison-flags">
              {c.flags.map((f) => (
                <li key={f.id} className="rounded-md border border-slate-200 p-2">
                  <span className="font-mono font-bold">{letters.get(f.completionId)}</span> flagged <strong>{f.reason}</strong> by {f.labeler.name}
                  {f.note ? <span className="[overflow-wrap:anywhere]">: “{f.note}”</span> : null}
                  <span className="text-slate-600"> · {formatTime(f.createdAt.toISOString())} · </span>
                  {f.resolution ? `${f.resolution}${f.resolvedBy ? ` by ${f.resolvedBy.name}` : ""}` : <Link href="/admin/flags" className="text-blue-800 underline">open</Link>}
                </li>
              ))}
            </ul>
          )}
        </Section>
      </main>
    </>
  );
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex gap-2 sm:block">
      <dt className="text-slate-600">{term}</dt>
      <dd className="font-medium [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}
