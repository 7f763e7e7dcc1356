// The data browser: every comparison, newest first, searched by prompt text and filtered by project, status,
// agreement, flags, gold, exclusion, labeler and date. A plain GET form: each filter is in the URL, so a view can be
// bookmarked or shared; "Older comparisons" follows the keyset cursor. Each row opens the comparison's page.
import Link from "next/link";
import { listComparisons, ZListComparisonsQuery, type ComparisonListRow } from "@/lib/curation";
import { getDb } from "@/lib/db";
import { listUsers } from "@/lib/users";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { Alert } from "@/app/components/ui/alert";
import { buttonClass } from "@/app/components/ui/button";
import { Field, Input, Select } from "@/app/components/ui/field";
import { Section } from "@/app/components/ui/section";
import { formatTime } from "../_components/format";

export const metadata = { title: "Data · Podium" };
export const dynamic = "force-dynamic";

const FILTERS = ["q", "projectId", "status", "agreementMin", "agreementMax", "flagged", "gold", "excluded", "labelerId", "from", "to", "cursor"] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

export default async function DataPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser({ role: "ADMIN", path: "/admin/data" });
  const params = await searchParams;
  const filters: Filters = {};
  for (const key of FILTERS) {
    const value = params[key];
    if (typeof value === "string" && value.trim() !== "") filters[key] = value.trim();
  }
  const parsed = ZListComparisonsQuery.safeParse(filters);
  const db = await getDb();
  const [users, projects, page] = await Promise.all([
    listUsers({ db, actor: user }),
    db.project.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    parsed.success ? listComparisons({ db, actor: user, ...parsed.data }) : null,
  ]);
  const olderHref = page?.nextCursor ? `/admin/data?${new URLSearchParams({ ...withoutCursor(filters), cursor: page.nextCursor }).toString()}` : null;
  const yesNo = (id: string, name: "flagged" | "gold" | "excluded", label: string, yes: string, no: string) => (
    <Field id={id} label={label}>
      <Select id={id} name={name} defaultValue={filters[name] ?? ""}>
        <option value="">Either</option>
        <option value="true">{yes}</option>
        <option value="false">{no}</option>
      </Select>
    </Field>
  );

  return (
    <>
      <Header user={user} current="data" />
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h1 className="text-2xl font-bold tracking-tight">Data</h1>
        <Section id="data-filters" title="Search and filters" description="Dates are UTC; “to” includes the whole day. Archived comparisons show only under the Archived status.">
          <form method="get" action="/admin/data" className="grid gap-3 sm:grid-cols-4" role="search">
            <div className="sm:col-span-4">
              <Field id="data-q" label="Prompt text contains">
                <Input id="data-q" name="q" type="search" defaultValue={filters.q ?? ""} autoComplete="off" />
              </Field>
            </div>
            <Field id="data-project" label="Project">
              <Select id="data-project" name="projectId" defaultValue={filters.projectId ?? ""}>
                <option value="">Any project</option>
                {projects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="data-status" label="Status">
              <Select id="data-status" name="status" defaultValue={filters.status ?? ""}>
                <option value="">Open or complete</option>
                <option value="open">Open (collecting rankings)</option>
                <option value="complete">Complete</option>
                <option value="archived">Archived</option>
              </Select>
            </Field>
            <Field id="data-agreement-min" label="Agreement at least">
              <Input id="data-agreement-min" name="agreementMin" type="number" min={0} max={1} step={0.05} defaultValue={filters.agreementMin ?? ""} />
            </Field>
            <Field id="data-agreement-max" label="Agreement at most">
              <Input id="data-agreement-max" name="agreementMax" type="number" min={0} max={1} step={0.05} defaultValue={filters.agreementMax ?? ""} />
            </Field>
            {yesNo("data-flagged", "flagged", "Open flags", "Flagged", "Not flagged")}
            {yesNo("data-gold", "gold", "Gold", "Gold only", "Not gold")}
            {yesNo("data-excluded", "excluded", "Excluded", "Excluded only", "Not excluded")}
            <Field id="data-labeler" label="Ranked by">
              <Select id="data-labeler" name="labelerId" defaultValue={filters.labelerId ?? ""}>
                <option value="">Anyone</option>
                {users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} &lt;{u.email}&gt;
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="data-from" label="Created from">
              <Input id="data-from" name="from" type="date" defaultValue={filters.from ?? ""} />
            </Field>
            <Field id="data-to" label="Created to">
              <Input id="data-to" name="to" type="date" defaultValue={filters.to ?? ""} />
            </Field>
            <div className="flex items-end gap-2 sm:col-span-2">
              <button type="submit" className={buttonClass("primary", "md")}>
                Search
              </button>
              <Link href="/admin/data" className={buttonClass("secondary", "md")}>
                Clear
              </Link>
            </div>
          </form>
        </Section>
        <Section id="data-results" title="Comparisons" description="Newest first.">
          {parsed.success ? null : <Alert tone="error">{parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")}</Alert>}
          {page ? <ComparisonsTable rows={page.comparisons} /> : null}
          {olderHref ? (
            <p className="mt-4">
              <Link href={olderHref} className={buttonClass("secondary", "sm")}>
                Older comparisons
              </Link>
            </p>
          ) : null}
        </Section>
      </main>
    </>
  );
}

function withoutCursor(filters: Filters): Record<string, string> {
  const { cursor: _cursor, ...rest } = filters;
  return Object.fromEntries(Object.entries(rest).filter((e): e is [string, string] => e[1] !== undefined));
}

function Marker({ children, tone }: { children: string; tone: "amber" | "red" | "slate" | "blue" }) {
  const tones = {
    amber: "bg-amber-100 text-amber-900",
    red: "bg-red-100 text-red-900",
    slate: "bg-slate-200 text-slate-800",
    blue: "bg-blue-100 text-blue-900",
  };
  return <span className={`mr-1 inline-block rounded px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}

function ComparisonsTable({ rows }: { rows: ComparisonListRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No comparisons match.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[48rem] text-left text-sm" data-testid="data-results">
        <caption className="sr-only">Comparisons</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">Prompt</th>
            <th scope="col" className="py-2 pr-3 font-medium">Status</th>
            <th scope="col" className="py-2 pr-3 font-medium">Rankings</th>
            <th scope="col" className="py-2 pr-3 font-medium">Agreement</th>
            <th scope="col" className="py-2 pr-3 font-medium">Flags</th>
            <th scope="col" className="py-2 pr-3 font-medium">Markers</th>
            <th scope="col" className="py-2 font-medium">Created (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-100 align-top last:border-0">
              <td className="max-w-md py-2 pr-3 [overflow-wrap:anywhere]">
                <Link href={`/admin/data/${encodeURIComponent(r.id)}`} className="text-blue-800 underline hover:text-blue-950">
                  {r.promptExcerpt || "(empty prompt)"}
                </Link>
                <div className="font-mono text-xs text-slate-600">{r.projectId}</div>
              </td>
              <td className="py-2 pr-3">{r.status}</td>
              <td className="py-2 pr-3 tabular-nums">
                {r.rankingCount}/{r.requiredRankings}
                {r.skips ? <span className="text-slate-600"> · {r.skips} skipped</span> : null}
              </td>
              <td className="py-2 pr-3 tabular-nums">{r.agreement === null ? "—" : r.agreement.toFixed(2)}</td>
              <td className="py-2 pr-3 tabular-nums">{r.flags ? `${r.openFlags} open / ${r.flags}` : "—"}</td>
              <td className="py-2 pr-3">
                {r.gold ? <Marker tone="amber">gold</Marker> : null}
                {r.excluded ? <Marker tone="red">excluded</Marker> : null}
                {r.archived ? <Marker tone="slate">archived</Marker> : null}
                {r.openFlags ? <Marker tone="blue">flagged</Marker> : null}
              </td>
              <td className="whitespace-nowrap py-2 text-slate-700">{formatTime(r.createdAt.toISOString())}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
