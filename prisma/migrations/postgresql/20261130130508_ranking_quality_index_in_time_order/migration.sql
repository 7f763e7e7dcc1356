-- DropIndex
DROP INDEX "Ranking_projectId_userId_createdAt_idx";

-- DropIndex
DROP INDEX "Ranking_quality_idx";

-- CreateIndex
CREATE INDEX "Ranking_quality_idx" ON "Ranking"("projectId", "userId", "createdAt", "durationMs", "topShownPosition", "untouched", "consensusAgreement", "goldAgreement");

