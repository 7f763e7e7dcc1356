import { listApiTokens } from "@/lib/auth";
import { listDemonstrations } from "@/lib/data";
import { getDb } from "@/lib/db";
import { listUsers } from "@/lib/users";
import { listExportSnapshots, listProjectChoices } from "@/lib/data";
import { requirePageUser } from "@/app/_lib/page-user";
import { Header } from "@/app/components/header";
import { Section } from "@/app/components/ui/section";
import { DemonstrationsForm } from "./_components/demonstrations-form";
import { ExportPanel } from "./_components/export-panel";
import { GuidelinesEditor } from "./_components/guidelines-editor";
import { ImportForm } from "./_components/import-form";
import { TokensPanel } from "./_components/tokens-panel";
import { UsersPanel } from "./_components/users-panel";

export const metadata = { title: "Admin · Podium" };

export default async function AdminPage() {
  const user = await requirePageUser({ role: "ADMIN", path: "/admin" });
  const db = await getDb();
  const [users, tokens, demonstrations, projects, snapshots] = await Promise.all([
    listUsers({ db, actor: user }),
    listApiTokens({ db, actor: user }),
    listDemonstrations({ db, actor: user, query: { limit: 1 } }),
    listProjectChoices({ db, actor: user }),
    listExportSnapshots({ db, actor: user, limit: 100 }),
  ]);
  const userOptions = users.filter((u) => !u.disabledAt).map((u) => ({ id: u.id, label: `${u.name} <${u.email}>` }));

  return (
    <>
      <Header user={user} current="admin" />
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h1 className="text-2xl font-bold tracking-tight">Admin</h1>
        <div className="grid gap-6 lg:grid-cols-2">
          <Section
            id="users"
            title="Users"
            description="Labelers rank completions; admins also manage data, jobs and models."
          >
            <UsersPanel
              currentUserId={user.id}
              users={users.map((u) => ({
                id: u.id,
                name: u.name,
                email: u.email,
                role: u.role,
                createdAt: u.createdAt.toISOString(),
                disabled: u.disabledAt !== null,
              }))}
            />
          </Section>
          <Section
            id="tokens"
            title="API tokens"
            description="For scripts: send as Authorization: Bearer <token>. A token is shown once."
          >
            <TokensPanel
              currentUserId={user.id}
              users={userOptions}
              tokens={tokens.map((t) => ({
                id: t.id,
                name: t.name,
                prefix: t.prefix,
                owner: t.user.email,
                createdAt: t.createdAt.toISOString(),
                lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
                revoked: t.revokedAt !== null,
              }))}
            />
          </Section>
        </div>
        <Section
          id="import"
          title="Import prompts"
          description="A JSON array or JSONL, one object per line: {prompt, completions?: [5 strings], requiredRankings?, goldRanking?: [5 indices, best first], split?, tags?}. Five completions form a comparison to rank; with goldRanking it is a gold item of the chosen project."
        >
          <ImportForm projects={projects} />
        </Section>
        <Section
          id="demonstrations"
          title="Demonstrations"
          description="Reference answers for supervised fine-tuning (the sft job): a JSON array or JSONL of {prompt, response, projectId?}. A prompt not yet in its project is created."
        >
          <DemonstrationsForm initialCount={demonstrations.count} />
        </Section>
        <Section id="guidelines" title="Labeling guidelines" description="Markdown shown to labelers beside every task.">
          <GuidelinesEditor />
        </Section>
        <Section
          id="export"
          title="Export preference data"
          description="JSONL for TRL, OpenRLHF and your own tools: download it, or save it as a snapshot (counts and SHA-256) that training jobs cite."
        >
          <ExportPanel
            projects={projects}
            initialSnapshots={snapshots.map((snap) => ({
              ...snap,
              filters: { ...snap.filters },
              createdBy: snap.createdBy ? { name: snap.createdBy.name, email: snap.createdBy.email } : null,
              createdAt: snap.createdAt.toISOString(),
            }))}
          />
        </Section>
      </main>
    </>
  );
}
