-- AlterTable
ALTER TABLE "Completion" ADD COLUMN "finishReason" TEXT;

-- AlterTable
ALTER TABLE "Flag" ADD COLUMN "resolution" TEXT;
ALTER TABLE "Flag" ADD COLUMN "resolvedAt" DATETIME;
ALTER TABLE "Flag" ADD COLUMN "resolvedById" TEXT;

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "guidelines" TEXT NOT NULL DEFAULT '',
    "guidelinesVersion" INTEGER NOT NULL DEFAULT 1,
    "requiredRankings" INTEGER NOT NULL DEFAULT 3,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "allLabelers" BOOLEAN NOT NULL DEFAULT true,
    "goldRate" REAL NOT NULL DEFAULT 0.1,
    "goldThreshold" REAL NOT NULL DEFAULT 0.6,
    "goldMinAnswers" INTEGER NOT NULL DEFAULT 5,
    "showGoldScore" BOOLEAN NOT NULL DEFAULT false,
    "allowTies" BOOLEAN NOT NULL DEFAULT false,
    "allowNoneAcceptable" BOOLEAN NOT NULL DEFAULT false,
    "collectScores" BOOLEAN NOT NULL DEFAULT false,
    "selection" TEXT NOT NULL DEFAULT 'random',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- Data: everything from before projects belongs to the project "default".
INSERT INTO "Project" ("id", "name", "guidelines", "guidelinesVersion", "createdAt", "updatedAt")
SELECT 'default', 'Default', COALESCE((SELECT "value" FROM "Setting" WHERE "key" = 'guidelines'), ''), 1, strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now');

-- CreateTable
CREATE TABLE "ProjectMember" (
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("projectId", "userId"),
    CONSTRAINT "ProjectMember_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProjectMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GuidelinesVersion" (
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "markdown" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("projectId", "version"),
    CONSTRAINT "GuidelinesVersion_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LabelerPause" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "goldScore" REAL,
    "goldAnswers" INTEGER,
    "pausedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "liftedAt" DATETIME,
    "liftedById" TEXT,
    CONSTRAINT "LabelerPause_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LabelerPause_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PromptTag" (
    "promptId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("promptId", "tag"),
    CONSTRAINT "PromptTag_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Demonstration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL DEFAULT 'default',
    "promptId" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'import',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Demonstration_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Demonstration_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RankingUndo" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "rankingId" TEXT NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "ranking" JSONB NOT NULL,
    "undoneAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RankingUndo_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExportSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "projectId" TEXT,
    "format" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "counts" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "artifactKey" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExportSnapshot_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Prompt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL DEFAULT 'default',
    "text" TEXT NOT NULL,
    "textHash" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'import',
    "metadata" JSONB,
    "split" TEXT NOT NULL DEFAULT 'train',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Prompt_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Prompt" ("createdAt", "id", "metadata", "source", "text", "textHash") SELECT "createdAt", "id", "metadata", "source", "text", "textHash" FROM "Prompt";
DROP TABLE "Prompt";
ALTER TABLE "new_Prompt" RENAME TO "Prompt";
CREATE INDEX "Prompt_projectId_split_createdAt_idx" ON "Prompt"("projectId", "split", "createdAt");
CREATE UNIQUE INDEX "Prompt_projectId_textHash_key" ON "Prompt"("projectId", "textHash");
CREATE TABLE "new_Comparison" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL DEFAULT 'default',
    "promptId" TEXT NOT NULL,
    "requiredRankings" INTEGER NOT NULL DEFAULT 3,
    "rankingCount" INTEGER NOT NULL DEFAULT 0,
    "slotsTaken" INTEGER NOT NULL DEFAULT 0,
    "open" BOOLEAN NOT NULL DEFAULT true,
    "gold" BOOLEAN NOT NULL DEFAULT false,
    "goldRanking" JSONB,
    "excludedAt" DATETIME,
    "excludedReason" TEXT,
    "archivedAt" DATETIME,
    "agreement" REAL,
    "uncertainty" REAL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Comparison_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Comparison_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Comparison" ("createdAt", "id", "open", "promptId", "rankingCount", "requiredRankings", "slotsTaken") SELECT "createdAt", "id", "open", "promptId", "rankingCount", "requiredRankings", "slotsTaken" FROM "Comparison";
DROP TABLE "Comparison";
ALTER TABLE "new_Comparison" RENAME TO "Comparison";
CREATE INDEX "Comparison_projectId_open_rankingCount_createdAt_idx" ON "Comparison"("projectId", "open", "rankingCount" DESC, "createdAt");
CREATE INDEX "Comparison_projectId_gold_idx" ON "Comparison"("projectId", "gold");
CREATE INDEX "Comparison_projectId_createdAt_idx" ON "Comparison"("projectId", "createdAt");
CREATE INDEX "Comparison_promptId_idx" ON "Comparison"("promptId");
CREATE TABLE "new_Ranking" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL DEFAULT 'default',
    "comparisonId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "order" JSONB NOT NULL,
    "shownOrder" JSONB NOT NULL,
    "ranks" JSONB,
    "noneAcceptable" BOOLEAN NOT NULL DEFAULT false,
    "scores" JSONB,
    "durationMs" INTEGER,
    "idempotencyKey" TEXT,
    "guidelinesVersion" INTEGER,
    "goldAgreement" REAL,
    "consensusAgreement" REAL,
    "untouched" BOOLEAN NOT NULL DEFAULT false,
    "topShownPosition" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Ranking_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Ranking_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Ranking_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Ranking" ("comparisonId", "createdAt", "durationMs", "id", "idempotencyKey", "order", "shownOrder", "userId") SELECT "comparisonId", "createdAt", "durationMs", "id", "idempotencyKey", "order", "shownOrder", "userId" FROM "Ranking";
DROP TABLE "Ranking";
ALTER TABLE "new_Ranking" RENAME TO "Ranking";
CREATE UNIQUE INDEX "Ranking_idempotencyKey_key" ON "Ranking"("idempotencyKey");
CREATE INDEX "Ranking_userId_createdAt_idx" ON "Ranking"("userId", "createdAt");
CREATE INDEX "Ranking_createdAt_idx" ON "Ranking"("createdAt");
CREATE INDEX "Ranking_projectId_createdAt_idx" ON "Ranking"("projectId", "createdAt");
CREATE INDEX "Ranking_projectId_userId_createdAt_idx" ON "Ranking"("projectId", "userId", "createdAt");
CREATE UNIQUE INDEX "Ranking_comparisonId_userId_key" ON "Ranking"("comparisonId", "userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Project_name_key" ON "Project"("name");

-- CreateIndex
CREATE INDEX "Project_status_priority_idx" ON "Project"("status", "priority");

-- CreateIndex
CREATE INDEX "ProjectMember_userId_idx" ON "ProjectMember"("userId");

-- CreateIndex
CREATE INDEX "LabelerPause_projectId_userId_liftedAt_idx" ON "LabelerPause"("projectId", "userId", "liftedAt");

-- CreateIndex
CREATE INDEX "LabelerPause_userId_liftedAt_idx" ON "LabelerPause"("userId", "liftedAt");

-- CreateIndex
CREATE INDEX "PromptTag_tag_idx" ON "PromptTag"("tag");

-- CreateIndex
CREATE INDEX "Demonstration_promptId_idx" ON "Demonstration"("promptId");

-- CreateIndex
CREATE INDEX "Demonstration_projectId_createdAt_idx" ON "Demonstration"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "RankingUndo_userId_undoneAt_idx" ON "RankingUndo"("userId", "undoneAt");

-- CreateIndex
CREATE INDEX "RankingUndo_comparisonId_idx" ON "RankingUndo"("comparisonId");

-- CreateIndex
CREATE INDEX "ExportSnapshot_projectId_createdAt_idx" ON "ExportSnapshot"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "Flag_resolvedAt_createdAt_idx" ON "Flag"("resolvedAt", "createdAt");


-- Data: the default project keeps the guidelines written before projects existed.
INSERT INTO "GuidelinesVersion" ("projectId", "version", "markdown", "createdAt")
SELECT "id", 1, "guidelines", strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now') FROM "Project" WHERE "id" = 'default';
DELETE FROM "Setting" WHERE "key" = 'guidelines';

-- Data: about one prompt in ten is held out for evaluation, by the first two hex digits of its text hash.
UPDATE "Prompt" SET "split" = 'eval' WHERE substr("textHash", 1, 2) < '1a';

-- Data: rankings that kept the shown order.
UPDATE "Ranking" SET "untouched" = true WHERE CAST("order" AS TEXT) = CAST("shownOrder" AS TEXT);
