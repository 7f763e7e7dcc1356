import Link from "next/link";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { getDb } from "@/lib/db";
import { getMyStats } from "@/lib/tasks";

export const metadata = { title: "My stats · Podium" };
export const dynamic = "force-dynamic";

function formatDuration(ms: number | null): string {
  if (ms === null) return "–";
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** The labeler's own page: how much they ranked today and this week, how fast, and their gold score where shown. */
export default async function MyStatsPage() {
  const user = await requirePageUser({ path: "/label/me" });
  const stats = await getMyStats({ db: await getDb(), userId: user.id });
  const figures = [
    { label: "Ranked today", value: String(stats.rankedToday), testId: "stat-today" },
    { label: "Ranked this week", value: String(stats.rankedThisWeek), testId: "stat-week" },
    { label: "Median time per ranking (this week)", value: formatDuration(stats.medianDurationMs), testId: "stat-median" },
    { label: "Ranked in total", value: String(stats.rankedTotal), testId: "stat-total" },
  ];
  return (
    <>
      <Header user={user} current="label" />
      <main id="main" className="mx-auto max-w-3xl space-y-6 px-3 py-6 sm:px-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 className="text-xl font-semibold">My stats</h1>
          <Link href="/label" className="inline-flex min-h-11 items-center font-medium text-blue-800 underline">
            Back to ranking
          </Link>
        </div>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {figures.map((f) => (
            <div key={f.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <dt className="text-xs font-medium text-slate-600">{f.label}</dt>
              <dd className="mt-1 text-2xl font-bold text-slate-900" data-testid={f.testId}>
                {f.value}
              </dd>
            </div>
          ))}
        </dl>
        <section aria-labelledby="gold-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="gold-heading" className="text-base font-semibold">
            Gold score
          </h2>
          {stats.goldScores.length === 0 ? (
            <p className="mt-1 text-sm text-slate-700">No project shows you a gold score yet.</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm" data-testid="gold-scores">
              {stats.goldScores.map((g) => (
                <li key={g.projectId}>
                  <span className="font-medium">{g.projectName}</span>: {Math.round(g.score * 100)}% agreement with the
                  reference over {g.answers} gold task{g.answers === 1 ? "" : "s"}
                </li>
              ))}
            </ul>
          )}
        </section>
        <p className="text-xs text-slate-600">Days and weeks are counted in UTC; a week starts on Monday.</p>
      </main>
    </>
  );
}
