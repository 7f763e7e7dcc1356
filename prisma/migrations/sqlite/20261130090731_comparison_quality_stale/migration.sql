-- AlterTable (written by hand: SQLite adds a NOT NULL column with a constant default in place, without the table
-- copy the generated diff makes)
ALTER TABLE "Comparison" ADD COLUMN "qualityStale" BOOLEAN NOT NULL DEFAULT false;

-- Stale comparisons are few at any time: a partial index, so setting and clearing the flag touches only it.
CREATE INDEX "Comparison_qualityStale_idx" ON "Comparison"("projectId") WHERE "qualityStale" = true;
