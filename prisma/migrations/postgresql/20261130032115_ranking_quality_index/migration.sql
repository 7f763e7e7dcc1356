-- CreateIndex
CREATE INDEX "Ranking_quality_idx" ON "Ranking"("projectId", "userId", "durationMs", "topShownPosition", "untouched", "consensusAgreement", "goldAgreement", "createdAt");

