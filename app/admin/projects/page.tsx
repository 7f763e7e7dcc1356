import { getDb } from "@/lib/db";
import { listProjects } from "@/lib/projects";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { Section } from "@/app/components/ui/section";
import { CreateProjectForm } from "./_components/create-project-form";
import { ProjectsTable, type ProjectRow } from "./_components/projects-table";

export const metadata = { title: "Projects · Podium" };
export const dynamic = "force-dynamic";

export default async function ProjectsPage() {
  const user = await requirePageUser({ role: "ADMIN", path: "/admin/projects" });
  const projects = await listProjects({ db: await getDb(), actor: user });
  const rows: ProjectRow[] = projects.map((p) => ({
    id: p.id,
    name: p.name,
    status: p.status,
    priority: p.priority,
    goldRate: p.goldRate,
    allLabelers: p.allLabelers,
    ...p.counts,
  }));
  return (
    <>
      <Header user={user} current="projects" />
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h1 className="text-2xl font-bold tracking-tight">Projects</h1>
        <Section id="projects" title="All projects" description="Labelers are served the highest-priority active project they belong to first.">
          <ProjectsTable projects={rows} />
        </Section>
        <Section id="new-project" title="New project" description="Settings, guidelines and members can be changed afterwards.">
          <CreateProjectForm />
        </Section>
      </main>
    </>
  );
}
