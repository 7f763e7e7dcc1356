// Whether a comparison is offered to labelers through the normal slots: a free slot, not gold (gold items are served
// apart, at the project's gold rate) and not archived. As SQL for an UPDATE's SET, from the row's values before it.
import { Prisma } from "@/lib/db";

export interface OpenAfter {
  /** The requiredRankings the row will have (default: its current one). */
  requiredRankings?: number;
  gold?: boolean;
  archived?: boolean;
}

export function openAfter({ requiredRankings, gold, archived }: OpenAfter = {}): Prisma.Sql {
  const required = requiredRankings === undefined ? Prisma.sql`"requiredRankings"` : Prisma.sql`${requiredRankings}`;
  const notGold = gold === undefined ? Prisma.sql`"gold" = false` : gold ? Prisma.sql`1 = 0` : Prisma.sql`1 = 1`;
  const notArchived = archived === undefined ? Prisma.sql`"archivedAt" IS NULL` : archived ? Prisma.sql`1 = 0` : Prisma.sql`1 = 1`;
  return Prisma.sql`("slotsTaken" < ${required} AND ${notGold} AND ${notArchived})`;
}
