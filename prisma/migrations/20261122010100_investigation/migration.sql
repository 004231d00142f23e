-- AlterTable
ALTER TABLE "signing_keys" ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'capability_token';

-- CreateTable
CREATE TABLE "what_if_runs" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "bundle_label" TEXT NOT NULL,
    "bundle" JSONB NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3),

    CONSTRAINT "what_if_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "what_if_flips" (
    "run_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "evaluation_id" TEXT NOT NULL,
    "step_index" INTEGER NOT NULL,
    "tool" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "before" TEXT NOT NULL,
    "after" TEXT NOT NULL,
    "reasons_before" JSONB NOT NULL,
    "reasons_after" JSONB NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "what_if_flips_pkey" PRIMARY KEY ("run_id","trace_id","evaluation_id","step_index")
);

-- CreateTable
CREATE TABLE "evidence_exports" (
    "id" TEXT NOT NULL,
    "scope_key" TEXT NOT NULL,
    "trace_ids" TEXT[],
    "tree_size" INTEGER NOT NULL,
    "root_hash" TEXT NOT NULL,
    "checkpoint" JSONB NOT NULL,
    "zip_sha256" TEXT NOT NULL,
    "zip_bytes" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,

    CONSTRAINT "evidence_exports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "what_if_runs_created_at_idx" ON "what_if_runs"("created_at" DESC);

-- CreateIndex
CREATE INDEX "evidence_exports_scope_key_created_at_idx" ON "evidence_exports"("scope_key", "created_at" DESC);
