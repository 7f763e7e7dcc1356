-- DropIndex
DROP INDEX "Comparison_open_rankingCount_createdAt_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Lease" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "comparisonId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "shownOrder" JSONB NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "slotHeld" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Lease_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Lease_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Lease" ("comparisonId", "createdAt", "expiresAt", "id", "shownOrder", "userId") SELECT "comparisonId", "createdAt", "expiresAt", "id", "shownOrder", "userId" FROM "Lease";
DROP TABLE "Lease";
ALTER TABLE "new_Lease" RENAME TO "Lease";
CREATE INDEX "Lease_userId_slotHeld_idx" ON "Lease"("userId", "slotHeld");
CREATE INDEX "Lease_slotHeld_expiresAt_idx" ON "Lease"("slotHeld", "expiresAt");
CREATE UNIQUE INDEX "Lease_comparisonId_userId_key" ON "Lease"("comparisonId", "userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Comparison_open_rankingCount_createdAt_idx" ON "Comparison"("open", "rankingCount" DESC, "createdAt");

