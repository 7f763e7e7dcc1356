-- DropIndex
DROP INDEX "Comparison_open_rankingCount_createdAt_idx";

-- DropIndex
DROP INDEX "Lease_userId_idx";

-- DropIndex
DROP INDEX "Lease_expiresAt_idx";

-- AlterTable
ALTER TABLE "Lease" ADD COLUMN     "slotHeld" BOOLEAN NOT NULL DEFAULT true;

-- CreateIndex
CREATE INDEX "Comparison_open_rankingCount_createdAt_idx" ON "Comparison"("open", "rankingCount" DESC, "createdAt");

-- CreateIndex
CREATE INDEX "Lease_userId_slotHeld_idx" ON "Lease"("userId", "slotHeld");

-- CreateIndex
CREATE INDEX "Lease_slotHeld_expiresAt_idx" ON "Lease"("slotHeld", "expiresAt");

