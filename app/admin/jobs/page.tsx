import { getDb } from "@/lib/db";
import { defaultJobConfigs, listJobs } from "@/lib/jobs";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { Section } from "@/app/components/ui/section";
import { JobsTable } from "./_components/jobs-table";
import { StartJobForm } from "./_components/start-job-form";

export const metadata = { title: "Jobs · Podium" };
export const dynamic = "force-dynamic";

export default async function JobsPage() {
  const user = await requirePageUser({ role: "ADMIN", path: "/admin/jobs" });
  const jobs = await listJobs({ db: await getDb(), actor: user, query: { limit: 50 } });
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
          <StartJobForm defaults={defaultJobConfigs()} />
        </Section>
        <Section id="jobs" title="Recent jobs" description="Updated every 2 seconds.">
          <JobsTable initialJobs={jobs} />
        </Section>
      </main>
    </>
  );
}
