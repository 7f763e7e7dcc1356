import { getDb } from "@/lib/db";
import { defaultJobConfigs, listJobs } from "@/lib/jobs";
import { listExportSnapshots } from "@/lib/data";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { Section } from "@/app/components/ui/section";
import { JobsTable } from "./_components/jobs-table";
import { StartJobForm } from "./_components/start-job-form";

export const metadata = { title: "Jobs · Podium" };
export const dynamic = "force-dynamic";

export default async function JobsPage() {
  const user = await requirePageUser({ role: "ADMIN", path: "/admin/jobs" });
  const db = await getDb();
  const [jobs, snapshots] = await Promise.all([listJobs({ db, actor: user, query: { limit: 50 } }), listExportSnapshots({ db, actor: user, limit: 100 })]);
  return (
    <>
      <Header user={user} current="jobs" />
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h1 className="text-2xl font-bold tracking-tight">Jobs</h1>
        <Section
          id="start-job"
          title="Start a job"
          description="A worker (npm run worker) picks queued jobs up one at a time."
        >
          <StartJobForm
            defaults={defaultJobConfigs()}
            snapshots={snapshots.map((snap) => ({ id: snap.id, name: snap.name, format: snap.format, rankings: snap.counts.rankings }))}
          />
        </Section>
        <Section id="jobs" title="Recent jobs" description="Updated every 2 seconds.">
          <JobsTable initialJobs={jobs} />
        </Section>
      </main>
    </>
  );
}
