-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('ACTIVE', 'PAUSED', 'ARCHIVED');

-- DropIndex
DROP INDEX "Prompt_textHash_key";

-- DropIndex
DROP INDEX "Comparison_open_rankingCount_createdAt_idx";

-- AlterTable
ALTER TABLE "Prompt" ADD COLUMN     "projectId" TEXT NOT NULL DEFAULT 'default',
ADD COLUMN     "split" TEXT NOT NULL DEFAULT 'train';

-- AlterTable
ALTER TABLE "Completion" ADD COLUMN     "finishReason" TEXT;

-- AlterTable
ALTER TABLE "Comparison" ADD COLUMN     "agreement" DOUBLE PRECISION,
ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "excludedAt" TIMESTAMP(3),
ADD COLUMN     "excludedReason" TEXT,
ADD COLUMN     "gold" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "goldRanking" JSONB,
ADD COLUMN     "projectId" TEXT NOT NULL DEFAULT 'default',
ADD COLUMN     "uncertainty" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Ranking" ADD COLUMN     "consensusAgreement" DOUBLE PRECISION,
ADD COLUMN     "goldAgreement" DOUBLE PRECISION,
ADD COLUMN     "guidelinesVersion" INTEGER,
ADD COLUMN     "noneAcceptable" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "projectId" TEXT NOT NULL DEFAULT 'default',
ADD COLUMN     "ranks" JSONB,
ADD COLUMN     "scores" JSONB,
ADD COLUMN     "topShownPosition" INTEGER,
ADD COLUMN     "untouched" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Flag" ADD COLUMN     "resolution" TEXT,
ADD COLUMN     "resolvedAt" TIMESTAMP(3),
ADD COLUMN     "resolvedById" TEXT;

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "guidelines" TEXT NOT NULL DEFAULT '',
    "guidelinesVersion" INTEGER NOT NULL DEFAULT 1,
    "requiredRankings" INTEGER NOT NULL DEFAULT 3,
    "status" "ProjectStatus" NOT NULL DEFAULT 'ACTIVE',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "allLabelers" BOOLEAN NOT NULL DEFAULT true,
    "goldRate" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "goldThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.6,
    "goldMinAnswers" INTEGER NOT NULL DEFAULT 5,
    "showGoldScore" BOOLEAN NOT NULL DEFAULT false,
    "allowTies" BOOLEAN NOT NULL DEFAULT false,
    "allowNoneAcceptable" BOOLEAN NOT NULL DEFAULT false,
    "collectScores" BOOLEAN NOT NULL DEFAULT false,
    "selection" TEXT NOT NULL DEFAULT 'random',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- Data: everything from before projects belongs to the project "default".
INSERT INTO "Project" ("id", "name", "guidelines", "guidelinesVersion", "createdAt", "updatedAt")
SELECT 'default', 'Default', COALESCE((SELECT "value" FROM "Setting" WHERE "key" = 'guidelines'), ''), 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "ProjectMember" (
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectMember_pkey" PRIMARY KEY ("projectId","userId")
);

-- CreateTable
CREATE TABLE "GuidelinesVersion" (
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "markdown" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GuidelinesVersion_pkey" PRIMARY KEY ("projectId","version")
);

-- CreateTable
CREATE TABLE "LabelerPause" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "goldScore" DOUBLE PRECISION,
    "goldAnswers" INTEGER,
    "pausedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "liftedAt" TIMESTAMP(3),
    "liftedById" TEXT,

    CONSTRAINT "LabelerPause_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PromptTag" (
    "promptId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    CONSTRAINT "PromptTag_pkey" PRIMARY KEY ("promptId","tag")
);

-- CreateTable
CREATE TABLE "Demonstration" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL DEFAULT 'default',
    "promptId" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'import',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Demonstration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RankingUndo" (
    "id" TEXT NOT NULL,
    "rankingId" TEXT NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "ranking" JSONB NOT NULL,
    "undoneAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RankingUndo_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportSnapshot" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "projectId" TEXT,
    "format" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "counts" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "artifactKey" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExportSnapshot_pkey" PRIMARY KEY ("id")
);

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
CREATE INDEX "Prompt_projectId_split_createdAt_idx" ON "Prompt"("projectId", "split", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Prompt_projectId_textHash_key" ON "Prompt"("projectId", "textHash");

-- CreateIndex
CREATE INDEX "Comparison_projectId_open_rankingCount_createdAt_idx" ON "Comparison"("projectId", "open", "rankingCount" DESC, "createdAt");

-- CreateIndex
CREATE INDEX "Comparison_projectId_gold_idx" ON "Comparison"("projectId", "gold");

-- CreateIndex
CREATE INDEX "Comparison_projectId_createdAt_idx" ON "Comparison"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "Ranking_projectId_createdAt_idx" ON "Ranking"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "Ranking_projectId_userId_createdAt_idx" ON "Ranking"("projectId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "Flag_resolvedAt_createdAt_idx" ON "Flag"("resolvedAt", "createdAt");

-- AddForeignKey
ALTER TABLE "ProjectMember" ADD CONSTRAINT "ProjectMember_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectMember" ADD CONSTRAINT "ProjectMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GuidelinesVersion" ADD CONSTRAINT "GuidelinesVersion_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelerPause" ADD CONSTRAINT "LabelerPause_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelerPause" ADD CONSTRAINT "LabelerPause_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prompt" ADD CONSTRAINT "Prompt_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromptTag" ADD CONSTRAINT "PromptTag_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Demonstration" ADD CONSTRAINT "Demonstration_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Demonstration" ADD CONSTRAINT "Demonstration_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ranking" ADD CONSTRAINT "Ranking_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RankingUndo" ADD CONSTRAINT "RankingUndo_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExportSnapshot" ADD CONSTRAINT "ExportSnapshot_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Data: the default project keeps the guidelines written before projects existed.
INSERT INTO "GuidelinesVersion" ("projectId", "version", "markdown", "createdAt")
SELECT "id", 1, "guidelines", CURRENT_TIMESTAMP FROM "Project" WHERE "id" = 'default';
DELETE FROM "Setting" WHERE "key" = 'guidelines';

-- Data: about one prompt in ten is held out for evaluation, by the first two hex digits of its text hash.
UPDATE "Prompt" SET "split" = 'eval' WHERE substr("textHash", 1, 2) < '1a';

-- Data: rankings that kept the shown order.
UPDATE "Ranking" SET "untouched" = true WHERE CAST("order" AS TEXT) = CAST("shownOrder" AS TEXT);
