const TONES: Record<string, string> = {
  QUEUED: "bg-slate-100 text-slate-800 border-slate-300",
  RUNNING: "bg-blue-50 text-blue-900 border-blue-300",
  SUCCEEDED: "bg-green-50 text-green-900 border-green-300",
  FAILED: "bg-red-50 text-red-900 border-red-300",
  CANCELLED: "bg-amber-50 text-amber-900 border-amber-300",
};

/** A job status as a coloured label (the text says it, the colour only repeats it). */
export function StatusBadge({ status, cancelRequested = false }: { status: string; cancelRequested?: boolean }) {
  const label = status === "RUNNING" && cancelRequested ? "CANCELLING" : status;
  return (
    <span
      data-testid="job-status"
      className={`inline-block rounded border px-2 py-0.5 text-xs font-semibold tracking-wide ${TONES[status] ?? TONES.QUEUED}`}
    >
      {label}
    </span>
  );
}
