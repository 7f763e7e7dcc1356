import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getJob } from "@/lib/jobs";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { JobDetailView } from "../_components/job-detail";

export const metadata = { title: "Job · Podium" };
export const dynamic = "force-dynamic";

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser({ role: "ADMIN", path: `/admin/jobs/${id}` });
  const job = await getJob({ db: await getDb(), actor: user, jobId: id }).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  return (
    <>
      <Header user={user} current="jobs" />
      <main id="main" className="mx-auto max-w-6xl space-y-4 px-4 py-6">
        <h1 className="sr-only">Job details</h1>
        <Link href="/admin/jobs" className="text-sm text-blue-800 underline-offset-2 hover:underline">
          ← All jobs
        </Link>
        <JobDetailView initial={job} />
      </main>
    </>
  );
}
