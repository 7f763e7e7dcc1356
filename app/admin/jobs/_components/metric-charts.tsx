"use client";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { JobMetricPoint } from "@/lib/jobs/get-job";
import { formatNumber } from "./job-format";

/** Metrics shown first when present; the rest follow alphabetically. */
const PREFERRED = ["loss", "heldOutLoss", "accuracy", "heldOutAccuracy", "reward", "kl", "entropy", "clipFrac", "valueLoss", "responseLength"];

function seriesOf(points: JobMetricPoint[]): Map<string, { step: number; value: number }[]> {
  const byName = new Map<string, { step: number; value: number }[]>();
  for (const p of points) {
    const list = byName.get(p.name) ?? [];
    list.push({ step: p.step, value: p.value });
    byName.set(p.name, list);
  }
  for (const list of byName.values()) list.sort((a, b) => a.step - b.step);
  return byName;
}

/** One small line chart per metric over the steps (Recharts), redrawn as new points arrive. */
export function MetricCharts({ points }: { points: JobMetricPoint[] }) {
  const series = seriesOf(points);
  if (series.size === 0) return <p className="text-sm text-slate-700">No metrics yet.</p>;
  const names = [...series.keys()].sort((a, b) => {
    const ia = PREFERRED.indexOf(a);
    const ib = PREFERRED.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {names.map((name) => {
        const data = series.get(name) ?? [];
        const last = data.at(-1);
        return (
          <figure key={name} className="rounded-md border border-slate-200 p-3" data-testid={`metric-chart-${name}`}>
            <figcaption className="mb-1 flex justify-between text-sm">
              <span className="font-medium text-slate-900">{name}</span>
              <span className="text-slate-700" data-testid={`metric-last-${name}`}>
                {last ? `${formatNumber(last.value)} @ ${last.step}` : "—"}
              </span>
            </figcaption>
            <div className="h-40" role="img" aria-label={`${name} per step, ${data.length} points, last ${last ? formatNumber(last.value) : "none"}`}>
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                  <XAxis dataKey="step" type="number" domain={["dataMin", "dataMax"]} tick={{ fontSize: 11 }} />
                  <YAxis width={48} tick={{ fontSize: 11 }} domain={["auto", "auto"]} tickFormatter={(v: number) => formatNumber(v)} />
                  <Tooltip formatter={(v) => formatNumber(v)} labelFormatter={(s) => `step ${String(s)}`} />
                  <Line type="monotone" dataKey="value" stroke="#1d4ed8" dot={data.length < 30} isAnimationActive={false} strokeWidth={1.5} />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </figure>
        );
      })}
    </div>
  );
}
