import type { PausedProject } from "./types";

/** No task because the labeler is paused on their projects (by their gold score or by an admin): which ones and why. */
export function PausedNotice({ paused }: { paused: PausedProject[] }) {
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-6 shadow-sm" data-testid="paused">
      <h2 className="text-lg font-semibold text-amber-950">You are paused</h2>
      <p className="mt-1 text-sm text-amber-950">
        No new tasks are given to you on {paused.length === 1 ? "this project" : "these projects"} until an admin
        reviews your work and lifts the pause. The reason (a low agreement with the check questions, or an admin&apos;s
        note):
      </p>
      <ul className="mt-3 space-y-1 text-sm text-amber-950">
        {paused.map((p) => (
          <li key={p.projectId}>
            <strong>{p.name}</strong>: {p.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
