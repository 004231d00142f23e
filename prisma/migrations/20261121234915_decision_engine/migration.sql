-- AlterTable
ALTER TABLE "traces" ADD COLUMN     "cost_usd" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "tool_calls" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tool_counts" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "policy_bundles" (
    "id" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "sources" JSONB NOT NULL,
    "sha256" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,

    CONSTRAINT "policy_bundles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_activations" (
    "environment" TEXT NOT NULL,
    "bundle_id" TEXT NOT NULL,
    "activated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_by" TEXT,

    CONSTRAINT "policy_activations_pkey" PRIMARY KEY ("environment")
);

-- CreateTable
CREATE TABLE "approvals" (
    "id" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "step_index" INTEGER NOT NULL,
    "tool" TEXT NOT NULL,
    "capability" TEXT,
    "arguments" JSONB NOT NULL,
    "binding" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "projected_risk" DOUBLE PRECISION NOT NULL,
    "policy_bundle_id" TEXT NOT NULL,
    "policy_version" INTEGER NOT NULL,
    "evidence" JSONB NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    "decided_by_name" TEXT,
    "note" TEXT,
    "token_jti" TEXT,

    CONSTRAINT "approvals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "capability_tokens" (
    "jti" TEXT NOT NULL,
    "kid" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "step_index" INTEGER NOT NULL,
    "tool" TEXT NOT NULL,
    "capability" TEXT NOT NULL,
    "arguments_hash" TEXT NOT NULL,
    "policy_bundle_id" TEXT NOT NULL,
    "policy_version" INTEGER NOT NULL,
    "approval_id" TEXT,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "consumed_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "capability_tokens_pkey" PRIMARY KEY ("jti")
);

-- CreateTable
CREATE TABLE "signing_keys" (
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "private_sealed" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "agent_usage" (
    "agent_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "tool_calls" INTEGER NOT NULL DEFAULT 0,
    "tool_counts" JSONB NOT NULL DEFAULT '{}',
    "cost_usd" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "agent_usage_pkey" PRIMARY KEY ("agent_id","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "policy_bundles_environment_version_key" ON "policy_bundles"("environment", "version");

-- CreateIndex
CREATE INDEX "approvals_status_requested_at_idx" ON "approvals"("status", "requested_at" DESC);

-- CreateIndex
CREATE INDEX "approvals_trace_id_idx" ON "approvals"("trace_id");

-- CreateIndex
CREATE INDEX "approvals_binding_idx" ON "approvals"("binding");

-- CreateIndex
CREATE INDEX "capability_tokens_trace_id_idx" ON "capability_tokens"("trace_id");
