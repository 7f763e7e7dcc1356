"use client";
import Link from "next/link";
import { useState } from "react";
import type { JobView } from "@/lib/jobs/job-view";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { formatTime, isActive } from "./job-format";
import { ProgressBar } from "./progress-bar";
import { StatusBadge } from "./status-badge";
import { usePolling } from "./use-polling";

/** The job a pipeline's job waits for (config.after), if any. */
function afterOf(config: unknown): string | null {
  if (typeof config !== "object" || config === null || !("after" in config)) return null;
  return typeof config.after === "string" ? config.after : null;
}

/** The newest jobs with status and a live progress bar; polls while any job is queued or running. */
export function JobsTable({ initialJobs }: { initialJobs: JobView[] }) {
  const [jobs, setJobs] = useState(initialJobs);
  const [error, setError] = useState<string | null>(null);
  usePolling(
    async () => {
      const res = await api<{ jobs: JobView[] }>("/api/v1/jobs?limit=50");
      if (res.ok) {
        setJobs(res.data.jobs);
        setError(null);
      } else setError(res.error.message);
    },
    2000,
    true,
  );
  if (jobs.length === 0) return <p className="text-sm text-slate-700">No jobs yet. Start one above.</p>;
  return (
    <div className="space-y-2">
      {error ? <Alert tone="warning">Live updates paused: {error}</Alert> : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="jobs-table">
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-3">Job</th>
              <th scope="col" className="py-2 pr-3">Status</th>
              <th scope="col" className="py-2 pr-3">Progress</th>
              <th scope="col" className="py-2 pr-3">Attempts</th>
              <th scope="col" className="py-2 pr-3">Created</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id} className="border-b border-slate-100 align-top" data-job-id={job.id}>
                <td className="py-2 pr-3">
                  <Link href={`/admin/jobs/${job.id}`} className="font-medium text-blue-800 underline-offset-2 hover:underline">
                    {job.type}
                  </Link>
                  <div className="font-mono text-xs text-slate-600">{job.id}</div>
                </td>
                <td className="py-2 pr-3">
                  <StatusBadge status={job.status} cancelRequested={job.cancelRequested} />
                  {job.status === "QUEUED" && afterOf(job.config) ? (
                    <div className="mt-1 text-xs text-slate-700">
                      after{" "}
                      <Link href={`/admin/jobs/${afterOf(job.config)}`} className="font-mono underline">
                        {afterOf(job.config)}
                      </Link>
                    </div>
                  ) : null}
                  {job.error && !isActive(job.status) ? (
                    <div className="mt-1 max-w-xs truncate text-xs text-red-800" title={job.error}>
                      {job.error}
                    </div>
                  ) : null}
                </td>
                <td className="py-2 pr-3">
                  <ProgressBar
                    label={`Progress of ${job.type} job ${job.id}`}
                    step={job.step}
                    totalSteps={job.totalSteps}
                    progress={job.progress}
                    etaSeconds={job.etaSeconds}
                  />
                </td>
                <td className="py-2 pr-3">
                  {job.attempts} / {job.maxAttempts}
                </td>
                <td className="py-2 pr-3 whitespace-nowrap">{formatTime(job.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
