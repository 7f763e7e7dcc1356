// Admin: everything about one comparison for the data browser: the prompt, the completions in their stored
// positions, every labeler's ranking, the consensus (ranked pairs, with the Bradley-Terry strengths beside it), the
// flags with their triage state, the gold reference and the markers.
import { requireRole, type Actor } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { consensusOrder, meanPairwiseAgreement, pairwiseAgreement, parseRanks, parseScores, type Ranked } from "@/lib/quality";
import { parseIdList } from "@/lib/tasks/db-helpers";
import { comparisonStatus, type TComparisonStatus } from "./comparison-status";
import { refreshStaleQuality } from "@/lib/quality/refresh-stale-quality";

export interface GetComparisonDetailOptions {
  db: Db;
  actor: Actor;
  comparisonId: string;
}

export interface PersonRef {
  id: string;
  name: string;
  pseudonym: string;
}

export interface ComparisonDetail {
  id: string;
  project: { id: string; name: string };
  status: TComparisonStatus;
  createdAt: Date;
  requiredRankings: number;
  rankingCount: number;
  slotsTaken: number;
  /** Offered to labelers now (a free slot, not gold, not archived). */
  open: boolean;
  liveLeases: number;
  skips: number;
  gold: boolean;
  goldRanking: string[] | null;
  excludedAt: Date | null;
  excludedReason: string | null;
  archivedAt: Date | null;
  /** As stored (kept by the ranking code); `computedAgreement` is recomputed from the rankings below. */
  agreement: number | null;
  computedAgreement: number | null;
  prompt: { id: string; text: string; split: string; source: string };
  completions: { id: string; text: string; position: number; source: string; finishReason: string | null }[];
  rankings: {
    id: string;
    labeler: PersonRef;
    order: string[];
    /** Rank of each entry of `order` when the labeler tied some (tied entries share a rank); null for a strict order. */
    ranks: number[] | null;
    /** The labeler judged no completion acceptable. */
    noneAcceptable: boolean;
    /** Scores 1–7 by completion id, where the project collects them; null when none were given. */
    scores: Record<string, number> | null;
    shownOrder: string[];
    durationMs: number | null;
    createdAt: Date;
    goldAgreement: number | null;
    /** Share of pairs this ranking orders as the consensus does. */
    agreementWithConsensus: number | null;
  }[];
  /** Null without rankings. */
  consensus: { order: string[]; bradleyTerry: { completionId: string; strength: number }[] } | null;
  flags: {
    id: string;
    completionId: string;
    reason: string;
    note: string | null;
    labeler: PersonRef;
    createdAt: Date;
    resolution: string | null;
    resolvedAt: Date | null;
    resolvedBy: { id: string; name: string } | null;
  }[];
}

const PERSON = { select: { id: true, name: true, pseudonym: true } } as const;

export async function getComparisonDetail({ db, actor, comparisonId }: GetComparisonDetailOptions): Promise<ComparisonDetail> {
  requireRole(actor, "ADMIN");
  await refreshStaleQuality({ db, comparisonIds: [comparisonId] });
  const c = await db.comparison.findUnique({
    where: { id: comparisonId },
    select: {
      id: true,
      project: { select: { id: true, name: true } },
      createdAt: true,
      requiredRankings: true,
      rankingCount: true,
      slotsTaken: true,
      open: true,
      gold: true,
      goldRanking: true,
      excludedAt: true,
      excludedReason: true,
      archivedAt: true,
      agreement: true,
      prompt: { select: { id: true, text: true, split: true, source: true } },
      items: {
        orderBy: { position: "asc" },
        select: {
          position: true,
          completion: {
            select: {
              id: true,
              text: true,
              source: true,
              finishReason: true,
              flags: {
                orderBy: [{ createdAt: "asc" }, { id: "asc" }],
                select: { id: true, reason: true, note: true, createdAt: true, resolution: true, resolvedAt: true, resolvedById: true, user: PERSON },
              },
            },
          },
        },
      },
      rankings: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          order: true,
          ranks: true,
          noneAcceptable: true,
          scores: true,
          shownOrder: true,
          durationMs: true,
          createdAt: true,
          goldAgreement: true,
          user: PERSON,
        },
      },
      _count: { select: { skips: true, leases: { where: { slotHeld: true } } } },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", `No comparison with id ${comparisonId}`);

  const orders = c.rankings.map((r) => parseIdList(r.order));
  // With ties: a tied pair is no vote in the consensus, and agrees half with a preference (lib/quality/agreement).
  const judged = c.rankings.map((r, k) => ({ order: orders[k] as string[], ranks: parseRanks(r.ranks ?? null) }));
  let consensus: ComparisonDetail["consensus"] = null;
  if (orders.length > 0) {
    const rankedPairs = consensusOrder({ rankings: judged, method: "ranked-pairs" });
    const bt = consensusOrder({ rankings: judged, method: "bradley-terry" });
    consensus = {
      order: rankedPairs.order,
      bradleyTerry: bt.order.map((completionId) => ({ completionId, strength: bt.strengths?.get(completionId) ?? 0 })),
    };
  }
  const flagRows = c.items.flatMap((i) => i.completion.flags.map((f) => ({ ...f, completionId: i.completion.id })));
  const resolverIds = [...new Set(flagRows.flatMap((f) => (f.resolvedById ? [f.resolvedById] : [])))];
  const resolvers = resolverIds.length
    ? new Map((await db.user.findMany({ where: { id: { in: resolverIds } }, select: { id: true, name: true } })).map((u) => [u.id, u]))
    : new Map<string, { id: string; name: string }>();

  return {
    id: c.id,
    project: c.project,
    status: comparisonStatus(c),
    createdAt: c.createdAt,
    requiredRankings: c.requiredRankings,
    rankingCount: c.rankingCount,
    slotsTaken: c.slotsTaken,
    open: c.open,
    liveLeases: c._count.leases,
    skips: c._count.skips,
    gold: c.gold,
    goldRanking: c.goldRanking === null ? null : parseIdList(c.goldRanking),
    excludedAt: c.excludedAt,
    excludedReason: c.excludedReason,
    archivedAt: c.archivedAt,
    agreement: c.agreement,
    computedAgreement: meanPairwiseAgreement(judged)?.mean ?? null,
    prompt: c.prompt,
    completions: c.items.map((i) => ({
      id: i.completion.id,
      text: i.completion.text,
      position: i.position,
      source: i.completion.source,
      finishReason: i.completion.finishReason,
    })),
    rankings: c.rankings.map((r, k) => ({
      id: r.id,
      labeler: r.user,
      order: orders[k] as string[],
      ranks: parseRanks(r.ranks ?? null),
      noneAcceptable: r.noneAcceptable,
      scores: parseScores(r.scores ?? null),
      shownOrder: parseIdList(r.shownOrder),
      durationMs: r.durationMs,
      createdAt: r.createdAt,
      goldAgreement: r.goldAgreement,
      agreementWithConsensus: consensus ? pairwiseAgreement(judged[k] as Ranked, consensus.order) : null,
    })),
    consensus,
    flags: flagRows
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((f) => ({
        id: f.id,
        completionId: f.completionId,
        reason: f.reason,
        note: f.note,
        labeler: f.user,
        createdAt: f.createdAt,
        resolution: f.resolution,
        resolvedAt: f.resolvedAt,
        resolvedBy: f.resolvedById ? (resolvers.get(f.resolvedById) ?? { id: f.resolvedById, name: "(deleted account)" }) : null,
      })),
  };
}
