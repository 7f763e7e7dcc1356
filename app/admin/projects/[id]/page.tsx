import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getProject, listGuidelinesVersions, listLabelerPauses } from "@/lib/projects";
import { listUsers } from "@/lib/users";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { Section } from "@/app/components/ui/section";
import { MembersPanel } from "../_components/members-panel";
import { PausesPanel } from "../_components/pauses-panel";
import { ProjectGuidelinesEditor } from "../_components/project-guidelines-editor";
import { ProjectSettingsForm } from "../_components/project-settings-form";

export const metadata = { title: "Project · Podium" };
export const dynamic = "force-dynamic";

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser({ role: "ADMIN", path: `/admin/projects/${id}` });
  const db = await getDb();
  const project = await getProject({ db, actor: user, projectId: id }).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const [versions, pauses, users] = await Promise.all([
    listGuidelinesVersions({ db, actor: user, projectId: id }),
    listLabelerPauses({ db, actor: user, projectId: id }),
    listUsers({ db, actor: user }),
  ]);
  return (
    <>
      <Header user={user} current="projects" />
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <div>
          <Link href="/admin/projects" className="text-sm text-blue-800 underline">
            ← All projects
          </Link>
          <h1 className="mt-1 text-2xl font-bold tracking-tight" data-testid="project-name">
            {project.name}
          </h1>
        </div>
        <Section id="settings" title="Settings">
          <ProjectSettingsForm project={project} />
        </Section>
        <Section id="guidelines" title="Guidelines" description="Every saved change is a new version; rankings record the version they were made under.">
          <ProjectGuidelinesEditor
            projectId={project.id}
            initial={project.guidelines}
            versions={versions.map((v) => ({ version: v.version, markdown: v.markdown, createdBy: v.createdBy, createdAt: v.createdAt.toISOString() }))}
          />
        </Section>
        <div className="grid gap-6 lg:grid-cols-2">
          <Section id="members" title="Members" description={project.status === "ARCHIVED" ? "Archived: nobody is served." : "Used when the project is not open to all labelers."}>
            <MembersPanel
              projectId={project.id}
              memberIds={project.memberIds}
              users={users.filter((u) => !u.disabledAt).map((u) => ({ id: u.id, label: `${u.name} <${u.email}>` }))}
            />
          </Section>
          <Section id="pauses" title="Paused labelers" description="Paused by a gold score below the threshold, or by an admin with a reason.">
            <PausesPanel
              projectId={project.id}
              users={users.filter((u) => !u.disabledAt && u.role === "LABELER").map((u) => ({ id: u.id, label: `${u.name} <${u.email}>` }))}
              pauses={pauses.map((p) => ({
                id: p.id,
                userId: p.userId,
                email: p.email,
                reason: p.reason,
                goldScore: p.goldScore,
                pausedAt: p.pausedAt.toISOString(),
                liftedAt: p.liftedAt?.toISOString() ?? null,
                withdrawn: p.liftedAt !== null && p.liftedById === p.userId,
                active: p.active,
              }))}
            />
          </Section>
        </div>
      </main>
    </>
  );
}
