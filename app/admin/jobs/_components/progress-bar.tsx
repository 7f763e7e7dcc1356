import { formatEta } from "./job-format";

/** Steps done of the total as an accessible progress bar, with the ETA beside it. */
export function ProgressBar({
  step,
  totalSteps,
  progress,
  etaSeconds,
  label,
}: {
  step: number;
  totalSteps: number;
  progress: number | null;
  etaSeconds: number | null;
  label: string;
}) {
  const pct = progress === null ? 0 : Math.round(progress * 1000) / 10;
  return (
    <div className="min-w-[10rem] space-y-1">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={totalSteps > 0 ? `step ${step} of ${totalSteps}` : "not started"}
        data-testid="job-progress"
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-blue-700 transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
      <div className="flex justify-between gap-2 text-xs text-slate-700">
        <span>{totalSteps > 0 ? `${step} / ${totalSteps}` : "—"}</span>
        <span>ETA {formatEta(etaSeconds)}</span>
      </div>
    </div>
  );
}
