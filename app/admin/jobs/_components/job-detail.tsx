"use client";
import Link from "next/link";
import { useState } from "react";
import type { JobDetail } from "@/lib/jobs/get-job";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Section } from "@/app/components/ui/section";
import { formatTime, isActive } from "./job-format";
import { MetricCharts } from "./metric-charts";
import { ProgressBar } from "./progress-bar";
import { StatusBadge } from "./status-badge";
import { usePolling } from "./use-polling";

/** A job's live page: status, progress and ETA, metric charts, log tail and Cancel; polls while the job is active. */
export function JobDetailView({ initial }: { initial: JobDetail }) {
  const [job, setJob] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const active = isActive(job.status);

  async function refresh() {
    const res = await api<{ job: JobDetail }>(`/api/v1/jobs/${job.id}`);
    if (res.ok) {
      setJob(res.data.job);
      setError(null);
    } else setError(res.error.message);
  }
  usePolling(refresh, 2000, active);

  async function onCancel() {
    setCancelling(true);
    const res = await api<{ job: unknown }>(`/api/v1/jobs/${job.id}/cancel`, { method: "POST" });
    setCancelling(false);
    if (!res.ok) setError(res.error.message);
    await refresh();
  }

  return (
    <div className="space-y-6">
      <Section
        id="job-status"
        title={`${job.type} job`}
        description={<span className="font-mono text-xs">{job.id}</span>}
        actions={
          active ? (
            <Button variant="danger" onClick={onCancel} disabled={cancelling || job.cancelRequested}>
              {job.cancelRequested ? "Cancelling…" : "Cancel job"}
            </Button>
          ) : null
        }
      >
        <div className="space-y-4">
          <div className="flex flex-wrap items-center gap-4">
            <StatusBadge status={job.status} cancelRequested={job.cancelRequested} />
            <div className="w-full max-w-md">
              <ProgressBar
                label={`Progress of ${job.type} job`}
                step={job.step}
                totalSteps={job.totalSteps}
                progress={job.progress}
                etaSeconds={job.etaSeconds}
              />
            </div>
          </div>
          {error ? <Alert tone="warning">{error}</Alert> : null}
          {job.error ? (
            <Alert tone={job.status === "FAILED" ? "error" : "warning"}>
              {job.status === "FAILED" ? "Failed" : "Last attempt failed"}: {job.error}
            </Alert>
          ) : null}
          {job.modelVersion ? (
            <Alert tone="success">
              Produced {job.modelVersion.kind.toLowerCase()} model{" "}
              <Link className="font-medium underline" href={`/admin/models#model-${job.modelVersion.id}`}>
                {job.modelVersion.name}
              </Link>
              {job.modelVersion.active ? " (active)" : ""}.
            </Alert>
          ) : null}
          <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
            <dt className="text-slate-600">Attempts</dt>
            <dd>
              {job.attempts} / {job.maxAttempts}
            </dd>
            <dt className="text-slate-600">Worker</dt>
            <dd className="truncate font-mono text-xs">{job.leaseOwner ?? "—"}</dd>
            <dt className="text-slate-600">Created</dt>
            <dd>{formatTime(job.createdAt)}</dd>
            <dt className="text-slate-600">Started</dt>
            <dd>{formatTime(job.startedAt)}</dd>
            <dt className="text-slate-600">Finished</dt>
            <dd>{formatTime(job.finishedAt)}</dd>
            <dt className="text-slate-600">Heartbeat</dt>
            <dd>{formatTime(job.heartbeatAt)}</dd>
          </dl>
        </div>
      </Section>
      <Section id="job-metrics" title="Metrics per step">
        <MetricCharts points={job.metrics} />
      </Section>
      <Section id="job-log" title="Log" description={`Last ${job.logs.length} lines.`}>
        <pre
          className="max-h-80 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100"
          data-testid="job-log"
          tabIndex={0}
        >
          {job.logs.length === 0
            ? "No log lines yet."
            : job.logs.map((l) => `${l.at.slice(11, 19)} ${l.level.padEnd(5)} ${l.message}`).join("\n")}
        </pre>
      </Section>
      <Section id="job-config" title="Config">
        <pre className="overflow-auto rounded-md bg-slate-50 p-3 text-xs">{JSON.stringify(job.config, null, 2)}</pre>
        {job.result ? (
          <>
            <h3 className="mt-4 text-sm font-semibold">Result</h3>
            <pre className="overflow-auto rounded-md bg-slate-50 p-3 text-xs">{JSON.stringify(job.result, null, 2)}</pre>
          </>
        ) : null}
      </Section>
    </div>
  );
}
