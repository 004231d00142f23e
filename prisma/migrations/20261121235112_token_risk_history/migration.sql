-- AlterTable
ALTER TABLE "capability_tokens" ADD COLUMN     "access" TEXT NOT NULL DEFAULT 'read',
ADD COLUMN     "executed_at" TIMESTAMPTZ(3),
ADD COLUMN     "guard_signal" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "step_risk" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "untrusted" BOOLEAN NOT NULL DEFAULT false;
