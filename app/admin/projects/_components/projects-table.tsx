import Link from "next/link";

export interface ProjectRow {
  id: string;
  name: string;
  status: string;
  priority: number;
  goldRate: number;
  allLabelers: boolean;
  prompts: number;
  comparisons: number;
  rankings: number;
  members: number;
  pausedLabelers: number;
}

export function ProjectsTable({ projects }: { projects: ProjectRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm" data-testid="projects-table">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th className="py-2 pr-3">Name</th>
            <th className="py-2 pr-3">Status</th>
            <th className="py-2 pr-3 text-right">Priority</th>
            <th className="py-2 pr-3">Labelers</th>
            <th className="py-2 pr-3 text-right">Comparisons</th>
            <th className="py-2 pr-3 text-right">Rankings</th>
            <th className="py-2 pr-3 text-right">Gold rate</th>
            <th className="py-2 text-right">Paused</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.id} className="border-b border-slate-100">
              <td className="py-2 pr-3">
                <Link href={`/admin/projects/${encodeURIComponent(p.id)}`} className="font-medium text-blue-800 underline">
                  {p.name}
                </Link>
              </td>
              <td className="py-2 pr-3">{p.status.toLowerCase()}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{p.priority}</td>
              <td className="py-2 pr-3">{p.allLabelers ? "all" : `${p.members} member${p.members === 1 ? "" : "s"}`}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{p.comparisons}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{p.rankings}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{Math.round(p.goldRate * 100)}%</td>
              <td className="py-2 text-right tabular-nums">{p.pausedLabelers}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
