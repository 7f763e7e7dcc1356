// The quality console of one project: rankings over time, agreement between labelers (with Krippendorff's α and
// its interval), and a sortable table of per-labeler figures; a row opens that labeler's recent rankings beside the
// consensus. The project, bucket and range are GET parameters, so a view can be bookmarked.
import { getDb } from "@/lib/db";
import { getProjectQuality, ZProjectQualityQuery } from "@/lib/quality";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { Alert } from "@/app/components/ui/alert";
import { buttonClass } from "@/app/components/ui/button";
import { Field, Input, Select } from "@/app/components/ui/field";
import { Section } from "@/app/components/ui/section";
import { QualityConsole } from "./_components/quality-console";

export const metadata = { title: "Quality · Podium" };
export const dynamic = "force-dynamic";

export default async function QualityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser({ role: "ADMIN", path: "/admin/quality" });
  const params = await searchParams;
  const text = (key: string) => {
    const value = params[key];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const db = await getDb();
  const projects = await db.project.findMany({ select: { id: true, name: true }, orderBy: [{ priority: "desc" }, { name: "asc" }] });
  const projectId = text("project") ?? projects.find((p) => p.id === "default")?.id ?? projects[0]?.id;
  const parsed = ZProjectQualityQuery.safeParse({ bucket: text("bucket"), from: text("from"), to: text("to") });
  let problem: string | null = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");
  let quality = null;
  if (parsed.success && projectId) {
    try {
      quality = await getProjectQuality({ db, actor: user, projectId, ...parsed.data });
    } catch (err) {
      problem = err instanceof Error ? err.message : "The figures could not be computed";
    }
  }

  return (
    <>
      <Header user={user} current="quality" />
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h1 className="text-2xl font-bold tracking-tight">Quality</h1>
        <Section id="quality-view" title="Project and range" description="Times are UTC; the range applies to the chart.">
          <form method="get" action="/admin/quality" className="grid gap-3 sm:grid-cols-5">
            <Field id="quality-project" label="Project">
              <Select id="quality-project" name="project" defaultValue={projectId ?? ""}>
                {projects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="quality-bucket" label="Bucket">
              <Select id="quality-bucket" name="bucket" defaultValue={text("bucket") ?? "day"}>
                <option value="day">Day</option>
                <option value="hour">Hour</option>
              </Select>
            </Field>
            <Field id="quality-from" label="From">
              <Input id="quality-from" name="from" type="date" defaultValue={text("from") ?? ""} />
            </Field>
            <Field id="quality-to" label="To">
              <Input id="quality-to" name="to" type="date" defaultValue={text("to") ?? ""} />
            </Field>
            <div className="flex items-end">
              <button type="submit" className={buttonClass("primary", "md")}>
                Show
              </button>
            </div>
          </form>
        </Section>
        {problem ? <Alert tone="error">{problem}</Alert> : null}
        {!projectId ? <Alert tone="info">No project yet.</Alert> : null}
        {quality ? <QualityConsole quality={quality} /> : null}
      </main>
    </>
  );
}
