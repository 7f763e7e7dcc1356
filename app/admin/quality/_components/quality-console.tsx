"use client";
// The quality console's figures: the rankings chart (Recharts), the agreement cards, the per-labeler table (every
// column sortable) and, for the labeler picked, their recent rankings beside the consensus, with a pause on the project
// (and its lift) right there. A figure resting on too little data shows why instead of a number.
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Figure, LabelerQuality, LabelerRankings, ProjectQuality } from "@/lib/quality";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Input } from "@/app/components/ui/field";
import { Section } from "@/app/components/ui/section";

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const fixed = (digits: number) => (v: number) => v.toFixed(digits);
const ms = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(0)} s` : `${(v / 1000).toFixed(1)} s`);

/** A figure's text: the value, or why there is none. */
function FigureText<T>({ value, format }: { value: Figure<T>; format: (v: T) => string }) {
  if (value.status === "ok") return <span title={`${value.count} ${value.unit}`}>{format(value.value)}</span>;
  return (
    <span className="text-xs text-slate-600" title={value.reason}>
      n/a ({value.count}/{value.needed} {value.unit})
    </span>
  );
}

export function QualityConsole({ quality }: { quality: ProjectQuality }) {
  const { agreement } = quality;
  const alpha = agreement.krippendorffAlpha;
  return (
    <>
      <Section id="quality-volume" title="Rankings over time" description={`Per ${quality.range.bucket}, ${quality.range.from.toISOString().slice(0, 16)} to ${quality.range.to.toISOString().slice(0, 16)} UTC.`}>
        <RankingsChart quality={quality} />
      </Section>
      <Section id="quality-agreement" title="Agreement between labelers" description={agreement.sample.method}>
        <div className="grid gap-4 sm:grid-cols-3">
          <Card title="Pairwise agreement" testId="card-pairwise" detail="Share of completion pairs two labelers order alike, mean over comparisons">
            <FigureText value={agreement.pairwise} format={pct} />
          </Card>
          <Card title="Kendall's τ-b" testId="card-tau" detail={`Mean over pairs of rankings of ${agreement.sample.comparisons} sampled comparisons`}>
            <FigureText value={agreement.kendallTauB} format={fixed(3)} />
          </Card>
          <Card
            title="Krippendorff's α (ordinal)"
            testId="card-alpha"
            detail={alpha.ci95 ? `95% interval ${alpha.ci95[0].toFixed(3)} – ${alpha.ci95[1].toFixed(3)}` : "No interval"}
          >
            <FigureText value={alpha} format={fixed(3)} />
          </Card>
        </div>
      </Section>
      <LabelerTable quality={quality} />
    </>
  );
}

function Card({ title, detail, testId, children }: { title: string; detail: string; testId: string; children: React.ReactNode }) {
  return (
    <div className="rounded-md border border-slate-200 p-3" data-testid={testId}>
      <div className="text-sm text-slate-700">{title}</div>
      <div className="mt-1 text-2xl font-semibold text-slate-900">{children}</div>
      <div className="mt-1 text-xs text-slate-600">{detail}</div>
    </div>
  );
}

function RankingsChart({ quality }: { quality: ProjectQuality }) {
  const hour = quality.range.bucket === "hour";
  const data = quality.rankingsOverTime.map((b) => ({ label: b.start.toISOString().slice(hour ? 5 : 0, hour ? 13 : 10).replace("T", " "), rankings: b.rankings }));
  const total = data.reduce((s, d) => s + d.rankings, 0);
  return (
    <div className="h-56" role="img" aria-label={`Rankings per ${quality.range.bucket}: ${total} in ${data.length} buckets`} data-testid="rankings-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis width={48} allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Bar dataKey="rankings" fill="#1d4ed8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

interface Column {
  key: string;
  label: string;
  /** Sort value; null (an insufficient figure) sorts last. */
  sort: (l: LabelerQuality) => number | string | null;
  cell: (l: LabelerQuality) => React.ReactNode;
}

const value = <T,>(f: Figure<T>): T | null => (f.status === "ok" ? f.value : null);

const COLUMNS: Column[] = [
  { key: "name", label: "Labeler", sort: (l) => l.name.toLowerCase(), cell: (l) => l.name },
  { key: "rankings", label: "Rankings", sort: (l) => l.rankings, cell: (l) => l.rankings },
  { key: "medianMs", label: "Median time", sort: (l) => value(l.medianMs), cell: (l) => <FigureText value={l.medianMs} format={ms} /> },
  { key: "p90Ms", label: "p90 time", sort: (l) => value(l.p90Ms), cell: (l) => <FigureText value={l.p90Ms} format={ms} /> },
  { key: "consensus", label: "Consensus agreement", sort: (l) => value(l.consensusAgreement), cell: (l) => <FigureText value={l.consensusAgreement} format={pct} /> },
  { key: "gold", label: "Gold score", sort: (l) => value(l.goldScore), cell: (l) => <FigureText value={l.goldScore} format={pct} /> },
  {
    key: "kept",
    label: "Kept shown order",
    sort: (l) => value(l.positionBias)?.keptShownOrder ?? null,
    cell: (l) => <FigureText value={l.positionBias} format={(v) => pct(v.keptShownOrder)} />,
  },
  {
    key: "slots",
    label: "First pick by slot",
    sort: (l) => value(l.positionBias)?.rank1ShareBySlot[0] ?? null,
    cell: (l) => <FigureText value={l.positionBias} format={(v) => v.rank1ShareBySlot.map((s) => Math.round(s * 100)).join(" / ")} />,
  },
  { key: "untouched", label: "Untouched", sort: (l) => l.untouchedSubmits, cell: (l) => l.untouchedSubmits },
  { key: "skipRate", label: "Skip rate", sort: (l) => value(l.skipRate), cell: (l) => <FigureText value={l.skipRate} format={pct} /> },
  { key: "flagRate", label: "Flag rate", sort: (l) => value(l.flagRate), cell: (l) => <FigureText value={l.flagRate} format={pct} /> },
  {
    key: "lastActive",
    label: "Last active",
    sort: (l) => (l.lastActive ? l.lastActive.getTime() : null),
    cell: (l) => (l.lastActive ? `${l.lastActive.toISOString().slice(0, 10)} ${l.lastActive.toISOString().slice(11, 16)}` : "—"),
  },
  {
    key: "paused",
    label: "Paused",
    sort: (l) => (l.paused ? 1 : 0),
    cell: (l) => (l.paused ? <span title={l.pauseReason ?? undefined}>paused</span> : "—"),
  },
];

function LabelerTable({ quality }: { quality: ProjectQuality }) {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 }>({ key: "rankings", dir: -1 });
  const [picked, setPicked] = useState<LabelerQuality | null>(null);
  const column = COLUMNS.find((c) => c.key === sort.key) ?? (COLUMNS[1] as Column);
  const rows = [...quality.labelers].sort((a, b) => {
    const x = column.sort(a);
    const y = column.sort(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
  });
  return (
    <>
      <Section id="quality-labelers" title="Labelers" description="Click a column to sort; pick a labeler to see their recent rankings beside the consensus.">
        {rows.length === 0 ? (
          <p className="text-sm text-slate-700">No rankings in this project yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="labeler-table">
              <thead>
                <tr className="border-b border-slate-200 text-left">
                  {COLUMNS.map((c) => (
                    <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.dir === 1 ? "ascending" : "descending") : "none"} className="px-2 py-1">
                      <button
                        type="button"
                        className="font-medium text-slate-800 hover:underline"
                        onClick={() => setSort((s) => ({ key: c.key, dir: s.key === c.key ? (s.dir === 1 ? -1 : 1) : c.key === "name" ? 1 : -1 }))}
                      >
                        {c.label}
                        {sort.key === c.key ? (sort.dir === 1 ? " ▲" : " ▼") : ""}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((l) => (
                  <tr
                    key={l.userId}
                    data-testid={`labeler-row-${l.userId}`}
                    onClick={() => setPicked(l)}
                    className={`cursor-pointer border-b border-slate-100 hover:bg-slate-50 ${picked?.userId === l.userId ? "bg-blue-50" : ""}`}
                  >
                    {COLUMNS.map((c) => (
                      <td key={c.key} className="whitespace-nowrap px-2 py-1">
                        {c.key === "name" ? (
                          <button type="button" className="text-blue-800 underline" onClick={() => setPicked(l)} title={l.email}>
                            {l.name}
                          </button>
                        ) : (
                          c.cell(l)
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      {picked ? <LabelerRankingsPanel key={picked.userId} projectId={quality.project.id} labeler={picked} /> : null}
    </>
  );
}

function LabelerRankingsPanel({ projectId, labeler }: { projectId: string; labeler: LabelerQuality }) {
  const [state, setState] = useState<{ loading: boolean; data: LabelerRankings | null; error: string | null }>({ loading: true, data: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    const path = `/api/v1/projects/${encodeURIComponent(projectId)}/labelers/${encodeURIComponent(labeler.userId)}/rankings?limit=20`;
    void api<LabelerRankings>(path, { signal: controller.signal }).then((res) => {
      if (!controller.signal.aborted) setState({ loading: false, data: res.ok ? res.data : null, error: res.ok ? null : res.error.message });
    });
    return () => controller.abort();
  }, [projectId, labeler.userId]);
  return (
    <Section id="quality-labeler-rankings" title={`Recent rankings of ${labeler.name}`} description="Each ranking beside the consensus of the other labelers of that comparison (and the gold reference).">
      <PauseControl projectId={projectId} labeler={labeler} />
      {state.loading ? <p className="text-sm text-slate-700">Loading…</p> : null}
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.data && state.data.rankings.length === 0 ? <p className="text-sm text-slate-700">No rankings.</p> : null}
      <ol className="space-y-4" data-testid="labeler-rankings">
        {state.data?.rankings.map((r) => {
          const text = new Map(r.completions.map((c) => [c.id, c.text]));
          const columns: { title: string; order: string[] | null; note?: string }[] = [
            { title: "This labeler", order: r.order, note: r.consensusAgreement === null ? undefined : `agreement ${pct(r.consensusAgreement)}` },
            { title: `Consensus of ${r.others} other${r.others === 1 ? "" : "s"}`, order: r.consensus, note: r.consensus ? undefined : "no other ranking" },
            ...(r.gold ? [{ title: "Gold reference", order: r.goldReference, note: r.goldAgreement === null ? undefined : `agreement ${pct(r.goldAgreement)}` }] : []),
          ];
          return (
            <li key={r.id} className="rounded-md border border-slate-200 p-3" data-testid={`labeler-ranking-${r.comparisonId}`}>
              <p className="mb-2 text-sm text-slate-800">
                <span className="font-medium">{r.prompt.text}</span>{" "}
                <span className="text-xs text-slate-600">
                  {new Date(r.createdAt).toISOString().slice(0, 16).replace("T", " ")}
                  {r.untouched ? " · submitted as shown" : ""}
                </span>
              </p>
              <div className="grid gap-3 sm:grid-cols-3">
                {columns.map((c) => (
                  <div key={c.title}>
                    <div className="text-xs font-medium text-slate-700">
                      {c.title}
                      {c.note ? ` · ${c.note}` : ""}
                    </div>
                    {c.order ? (
                      <ol className="list-decimal pl-5 text-xs text-slate-800">
                        {c.order.map((id) => (
                          <li key={id} className="truncate" title={text.get(id) ?? id}>
                            {(text.get(id) ?? id).slice(0, 80)}
                          </li>
                        ))}
                      </ol>
                    ) : null}
                  </div>
                ))}
              </div>
            </li>
          );
        })}
      </ol>
    </Section>
  );
}

/** Pauses the labeler on this project with a reason (they see it), or lifts their pause; the table refreshes after. */
function PauseControl({ projectId, labeler }: { projectId: string; labeler: LabelerQuality }) {
  const router = useRouter();
  const [paused, setPaused] = useState<{ reason: string | null } | null>(labeler.paused ? { reason: labeler.pauseReason } : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/v1/projects/${encodeURIComponent(projectId)}/pauses`;

  async function pause(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get("reason") ?? "");
    setBusy(true);
    setError(null);
    const res = await api(base, { body: { userId: labeler.userId, reason } });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setPaused({ reason });
    router.refresh();
  }

  async function lift() {
    setBusy(true);
    setError(null);
    const res = await api(`${base}/${encodeURIComponent(labeler.userId)}/lift`, { method: "POST" });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setPaused(null);
    router.refresh();
  }

  return (
    <div className="mb-4 rounded-md border border-slate-200 p-3" data-testid="pause-control">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {paused ? (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <span>
            Paused on this project{paused.reason ? `: ${paused.reason}` : ""}.
          </span>
          <Button size="sm" variant="secondary" disabled={busy} onClick={() => void lift()}>
            Lift the pause
          </Button>
        </div>
      ) : (
        <form onSubmit={pause} className="flex flex-wrap items-end gap-3" aria-label={`Pause ${labeler.name} on this project`}>
          <Field id="quality-pause-reason" label="Reason for a pause" hint="The labeler sees it on the ranking page; their held tasks are given back.">
            <Input id="quality-pause-reason" name="reason" required maxLength={500} />
          </Field>
          <Button type="submit" size="sm" variant="secondary" disabled={busy}>
            Pause on this project
          </Button>
        </form>
      )}
    </div>
  );
}
