"use client";
// The admin actions of one comparison: mark gold (from the consensus, or from one labeler's ranking), unmark gold,
// exclude (with a reason) or include again, ask for more rankings, archive or unarchive. Each asks for confirmation,
// sends one PATCH /api/v1/comparisons/:id, says what happened, and re-renders the page.
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { api } from "@/app/components/api";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Dialog } from "@/app/components/ui/dialog";
import { Field, Input, Textarea } from "@/app/components/ui/field";

type Body =
  | { action: "gold"; fromConsensus: true }
  | { action: "gold"; ranking: string[] }
  | { action: "ungold" | "include" | "archive" | "unarchive" }
  | { action: "exclude"; reason: string }
  | { action: "requireRankings"; requiredRankings: number };

type Pending = { title: string; description: ReactNode; confirm: string; body: Body | "exclude" | "more"; done: string };

export interface ComparisonActionsProps {
  comparisonId: string;
  gold: boolean;
  excluded: boolean;
  archived: boolean;
  rankingCount: number;
  requiredRankings: number;
  /** The consensus order spelled in letters; null without rankings. */
  consensus: string | null;
  rankings: { id: string; labeler: string; order: string[]; spelled: string }[];
}

export function ComparisonActions(props: ComparisonActionsProps) {
  const { comparisonId, gold, excluded, archived, rankingCount, requiredRankings, consensus, rankings } = props;
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [result, setResult] = useState<{ tone: "success" | "error"; message: string } | null>(null);
  const [goldFrom, setGoldFrom] = useState(rankings[0]?.id ?? "");

  async function send(body: Body, done: string) {
    setBusy(true);
    const res = await api(`/api/v1/comparisons/${encodeURIComponent(comparisonId)}`, { method: "PATCH", body });
    setBusy(false);
    setPending(null);
    if (!res.ok) {
      setResult({ tone: "error", message: res.error.message });
      return;
    }
    setResult({ tone: "success", message: done });
    router.refresh();
  }

  function onConfirm(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!pending) return;
    const form = new FormData(e.currentTarget);
    if (pending.body === "exclude") {
      void send({ action: "exclude", reason: String(form.get("reason") ?? "") }, pending.done);
    } else if (pending.body === "more") {
      const n = Number(form.get("requiredRankings"));
      void send({ action: "requireRankings", requiredRankings: n }, `This comparison now requires ${n} rankings.`);
    } else {
      void send(pending.body, pending.done);
    }
  }

  const chosen = rankings.find((r) => r.id === goldFrom);
  return (
    <div className="space-y-4">
      {result ? <Alert tone={result.tone}>{result.message}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        {gold ? (
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() =>
              setPending({ title: "Unmark gold?", description: "It returns to the normal pool of comparisons.", confirm: "Unmark gold", body: { action: "ungold" }, done: "No longer gold." })
            }
          >
            Unmark gold
          </Button>
        ) : null}
        <Button
          variant="secondary"
          disabled={busy || archived || consensus === null}
          title={consensus === null ? "No rankings yet" : undefined}
          onClick={() =>
            setPending({
              title: "Mark gold from the consensus?",
              description: `The reference order becomes ${consensus ?? ""}. Gold items are served apart and kept out of training data.`,
              confirm: "Mark gold",
              body: { action: "gold", fromConsensus: true },
              done: `Marked gold with the consensus order ${consensus ?? ""}.`,
            })
          }
        >
          Mark gold from consensus
        </Button>
        {excluded ? (
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() =>
              setPending({ title: "Include again?", description: "Its rankings return to training data and exports.", confirm: "Include", body: { action: "include" }, done: "Included again." })
            }
          >
            Include again
          </Button>
        ) : (
          <Button
            variant="danger"
            disabled={busy}
            onClick={() =>
              setPending({
                title: "Exclude from training?",
                description: "Its rankings are left out of training data and exports; its open flags are resolved.",
                confirm: "Exclude",
                body: "exclude",
                done: "Excluded from training data and exports.",
              })
            }
          >
            Exclude…
          </Button>
        )}
        <Button
          variant="secondary"
          disabled={busy}
          onClick={() =>
            setPending({
              title: "Ask for more rankings",
              description: `It has ${rankingCount} of ${requiredRankings} required rankings; it is offered to labelers again while it has room.`,
              confirm: "Save",
              body: "more",
              done: "",
            })
          }
        >
          More rankings…
        </Button>
        {archived ? (
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() =>
              setPending({ title: "Unarchive?", description: "It is offered to labelers again if it still needs rankings.", confirm: "Unarchive", body: { action: "unarchive" }, done: "Unarchived." })
            }
          >
            Unarchive
          </Button>
        ) : (
          <Button
            variant="danger"
            disabled={busy}
            onClick={() =>
              setPending({
                title: "Archive?",
                description: "It is no longer served; labelers holding it lose their lease.",
                confirm: "Archive",
                body: { action: "archive" },
                done: "Archived: it is no longer served.",
              })
            }
          >
            Archive
          </Button>
        )}
      </div>
      {rankings.length > 0 && !archived ? (
        <div className="flex flex-wrap items-end gap-2">
          <Field id="gold-from-ranking" label="Or use one labeler’s ranking as gold">
            <select
              id="gold-from-ranking"
              value={goldFrom}
              onChange={(e) => setGoldFrom(e.target.value)}
              className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            >
              {rankings.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.labeler}: {r.spelled}
                </option>
              ))}
            </select>
          </Field>
          <Button
            variant="secondary"
            disabled={busy || !chosen}
            onClick={() =>
              chosen &&
              setPending({
                title: "Mark gold from this ranking?",
                description: `The reference order becomes ${chosen.spelled}.`,
                confirm: "Mark gold",
                body: { action: "gold", ranking: chosen.order },
                done: `Marked gold with ${chosen.labeler}’s order ${chosen.spelled}.`,
              })
            }
          >
            Use as gold
          </Button>
        </div>
      ) : null}
      <Dialog open={pending !== null} onOpenChange={(open) => (open ? null : setPending(null))} title={pending?.title ?? ""} description={pending?.description}>
        <form onSubmit={onConfirm} className="space-y-3">
          {pending?.body === "exclude" ? (
            <Field id="exclude-reason" label="Reason">
              <Textarea id="exclude-reason" name="reason" required maxLength={500} rows={3} />
            </Field>
          ) : null}
          {pending?.body === "more" ? (
            <Field id="required-rankings" label="Required rankings" hint={`At least ${Math.max(1, rankingCount)}, at most 50.`}>
              <Input id="required-rankings" name="requiredRankings" type="number" required min={Math.max(1, rankingCount)} max={50} defaultValue={requiredRankings + 1} />
            </Field>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setPending(null)}>
              Cancel
            </Button>
            <Button type="submit" disabled={busy}>
              {pending?.confirm ?? "Confirm"}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
