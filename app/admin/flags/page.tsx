// Flag triage: flagged completions, newest first, open ones by default; each open flag can be dismissed, or its
// comparison excluded from training data (which resolves every open flag of that comparison).
import Link from "next/link";
import { listFlags, ZListFlagsQuery, type FlagListRow } from "@/lib/curation";
import { getDb } from "@/lib/db";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { Alert } from "@/app/components/ui/alert";
import { buttonClass } from "@/app/components/ui/button";
import { Section } from "@/app/components/ui/section";
import { formatTime } from "../_components/format";
import { FlagActions } from "./_components/flag-actions";

export const metadata = { title: "Flags · Podium" };
export const dynamic = "force-dynamic";

export default async function FlagsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser({ role: "ADMIN", path: "/admin/flags" });
  const params = await searchParams;
  const filters: Record<string, string> = {};
  for (const key of ["status", "projectId", "cursor"]) {
    const value = params[key];
    if (typeof value === "string" && value.trim() !== "") filters[key] = value.trim();
  }
  const parsed = ZListFlagsQuery.safeParse(filters);
  const page = parsed.success ? await listFlags({ db: await getDb(), actor: user, ...parsed.data }) : null;
  const status = parsed.success ? parsed.data.status : "open";
  const { cursor: _cursor, ...rest } = filters;
  const olderHref = page?.nextCursor ? `/admin/flags?${new URLSearchParams({ ...rest, cursor: page.nextCursor }).toString()}` : null;

  return (
    <>
      <Header user={user} current="flags" />
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h1 className="text-2xl font-bold tracking-tight">Flags</h1>
        <nav aria-label="Flag status" className="flex gap-2">
          {(["open", "resolved"] as const).map((s) => (
            <Link key={s} href={`/admin/flags?status=${s}`} aria-current={status === s ? "page" : undefined} className={buttonClass(status === s ? "primary" : "secondary", "sm")}>
              {s === "open" ? "Open" : "Resolved"}
            </Link>
          ))}
        </nav>
        <Section
          id="flag-list"
          title={status === "open" ? "Open flags" : "Resolved flags"}
          description="Dismiss a flag, or exclude its comparison from training data and exports (every open flag of that comparison is resolved with it)."
        >
          {parsed.success ? null : <Alert tone="error">{parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")}</Alert>}
          {page ? <FlagsTable rows={page.flags} /> : null}
          {olderHref ? (
            <p className="mt-4">
              <Link href={olderHref} className={buttonClass("secondary", "sm")}>
                Older flags
              </Link>
            </p>
          ) : null}
        </Section>
      </main>
    </>
  );
}

function FlagsTable({ rows }: { rows: FlagListRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No flags here.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[48rem] text-left text-sm" data-testid="flags">
        <caption className="sr-only">Flags</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">Reason</th>
            <th scope="col" className="py-2 pr-3 font-medium">Completion</th>
            <th scope="col" className="py-2 pr-3 font-medium">Prompt</th>
            <th scope="col" className="py-2 pr-3 font-medium">Labeler</th>
            <th scope="col" className="py-2 pr-3 font-medium">At (UTC)</th>
            <th scope="col" className="py-2 font-medium">Triage</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.id} className="border-b border-slate-100 align-top last:border-0" data-flag-id={f.id}>
              <td className="py-2 pr-3">
                <strong>{f.reason}</strong>
                {f.note ? <div className="max-w-xs text-slate-700 [overflow-wrap:anywhere]">“{f.note}”</div> : null}
              </td>
              <td className="max-w-xs py-2 pr-3 [overflow-wrap:anywhere]">{f.completion.excerpt}</td>
              <td className="max-w-xs py-2 pr-3 [overflow-wrap:anywhere]">
                {f.comparison ? (
                  <Link href={`/admin/data/${encodeURIComponent(f.comparison.id)}`} className="text-blue-800 underline">
                    {f.prompt.excerpt || "(empty prompt)"}
                  </Link>
                ) : (
                  f.prompt.excerpt
                )}
                {f.comparison?.excluded ? <span className="ml-1 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-900">excluded</span> : null}
              </td>
              <td className="py-2 pr-3">
                {f.labeler.name} <span className="font-mono text-xs text-slate-600">{f.labeler.pseudonym}</span>
              </td>
              <td className="whitespace-nowrap py-2 pr-3 text-slate-700">{formatTime(f.createdAt.toISOString())}</td>
              <td className="py-2">
                {f.resolution ? (
                  <span>
                    {f.resolution} <span className="text-slate-600">{formatTime(f.resolvedAt?.toISOString() ?? null)}</span>
                  </span>
                ) : (
                  <FlagActions flagId={f.id} label={`${f.reason} flag by ${f.labeler.name}`} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
