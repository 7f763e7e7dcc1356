// The audit log: what admins (and the command line) did, newest first, with filters. A plain GET form: each filter
// is in the URL, so a view can be bookmarked or shared; "Older entries" follows the keyset cursor.
import Link from "next/link";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, listAuditEntries, ZAuditQuery, type AuditEntry } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { listUsers } from "@/lib/users";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { Alert } from "@/app/components/ui/alert";
import { buttonClass } from "@/app/components/ui/button";
import { Field, Input, Select } from "@/app/components/ui/field";
import { Section } from "@/app/components/ui/section";
import { formatTime } from "../_components/format";

export const metadata = { title: "Audit log · Podium" };
export const dynamic = "force-dynamic";

const FILTERS = ["actor", "action", "targetType", "targetId", "from", "to", "cursor"] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser({ role: "ADMIN", path: "/admin/audit" });
  const params = await searchParams;
  const filters: Filters = {};
  for (const key of FILTERS) {
    const value = params[key];
    if (typeof value === "string" && value.trim() !== "") filters[key] = value.trim();
  }
  const { actor, ...rest } = filters;
  const parsed = ZAuditQuery.safeParse({
    ...rest,
    ...(actor === "system" ? { system: "1" } : actor ? { actorId: actor } : {}),
  });
  const db = await getDb();
  const [users, page] = await Promise.all([
    listUsers({ db, actor: user }),
    parsed.success ? listAuditEntries({ db, actor: user, ...parsed.data }) : null,
  ]);
  const olderHref = page?.nextCursor
    ? `/admin/audit?${new URLSearchParams({ ...withoutCursor(filters), cursor: page.nextCursor }).toString()}`
    : null;

  return (
    <>
      <Header user={user} current="audit" />
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h1 className="text-2xl font-bold tracking-tight">Audit log</h1>
        <Section id="audit-filters" title="Filters" description="Dates are UTC; “to” includes the whole day.">
          <form method="get" action="/admin/audit" className="grid gap-3 sm:grid-cols-3">
            <Field id="audit-actor" label="Actor">
              <Select id="audit-actor" name="actor" defaultValue={filters.actor ?? ""}>
                <option value="">Anyone</option>
                <option value="system">Command line (system)</option>
                {users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} &lt;{u.email}&gt;
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="audit-action" label="Action">
              <Select id="audit-action" name="action" defaultValue={filters.action ?? ""}>
                <option value="">Any action</option>
                {AUDIT_ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="audit-target-type" label="Target type">
              <Select id="audit-target-type" name="targetType" defaultValue={filters.targetType ?? ""}>
                <option value="">Any target</option>
                {AUDIT_TARGET_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="audit-target-id" label="Target id">
              <Input id="audit-target-id" name="targetId" defaultValue={filters.targetId ?? ""} autoComplete="off" />
            </Field>
            <Field id="audit-from" label="From">
              <Input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ""} />
            </Field>
            <Field id="audit-to" label="To">
              <Input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ""} />
            </Field>
            <div className="flex gap-2 sm:col-span-3">
              <button type="submit" className={buttonClass("primary", "md")}>
                Apply filters
              </button>
              <Link href="/admin/audit" className={buttonClass("secondary", "md")}>
                Clear
              </Link>
            </div>
          </form>
        </Section>
        <Section id="audit-entries" title="Entries" description="Newest first.">
          {parsed.success ? null : (
            <Alert tone="error">
              {parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")}
            </Alert>
          )}
          {page ? <EntriesTable entries={page.entries} /> : null}
          {olderHref ? (
            <p className="mt-4">
              <Link href={olderHref} className={buttonClass("secondary", "sm")}>
                Older entries
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

function EntriesTable({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">No entries match.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm" data-testid="audit-entries">
        <caption className="sr-only">Audit entries</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              When (UTC)
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Actor
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Action
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Target
            </th>
            <th scope="col" className="py-2 font-medium">
              Details
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className="border-b border-slate-100 align-top last:border-0">
              <td className="whitespace-nowrap py-2 pr-3 text-slate-700">{formatTime(e.at.toISOString())}</td>
              <td className="py-2 pr-3 [overflow-wrap:anywhere]">{e.actor ? e.actor.email : "system"}</td>
              <td className="py-2 pr-3 font-mono text-xs">{e.action}</td>
              <td className="py-2 pr-3 font-mono text-xs [overflow-wrap:anywhere]">
                {e.targetType}
                {e.targetId ? ` ${e.targetId}` : ""}
              </td>
              <td className="py-2 font-mono text-xs [overflow-wrap:anywhere]">
                {e.details === null ? "" : JSON.stringify(e.details)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
