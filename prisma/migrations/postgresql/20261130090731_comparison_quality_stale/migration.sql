-- AlterTable
ALTER TABLE "Comparison" ADD COLUMN     "qualityStale" BOOLEAN NOT NULL DEFAULT false;


-- Stale comparisons are few at any time: a partial index, so setting and clearing the flag touches only it.
CREATE INDEX "Comparison_qualityStale_idx" ON "Comparison"("projectId") WHERE "qualityStale" = true;
