-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "paceAt" TIMESTAMP(3),
ADD COLUMN     "paceStep" INTEGER;

