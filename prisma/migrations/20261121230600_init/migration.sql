-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'reviewer', 'approver', 'admin');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login_at" TIMESTAMPTZ(3),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agents" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "trust_level" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "traces" (
    "id" TEXT NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "event_count" INTEGER NOT NULL DEFAULT 0,
    "head_seq" INTEGER NOT NULL DEFAULT 0,
    "head_hash" TEXT NOT NULL DEFAULT '',
    "agents" TEXT[],
    "tools" TEXT[],
    "trust_levels" TEXT[],
    "trust_summary" JSONB NOT NULL DEFAULT '{}',
    "final_decision" TEXT,
    "final_reason" TEXT,
    "final_seq" INTEGER NOT NULL DEFAULT 0,
    "max_risk" DOUBLE PRECISION,
    "plan_intent" TEXT,
    "budget_status" TEXT NOT NULL DEFAULT 'within_budget',
    "parent_trace_id" TEXT,
    "search_text" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "traces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "decision" TEXT,
    "tool" TEXT,
    "risk" DOUBLE PRECISION,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "trust_levels" TEXT[],
    "parent_id" TEXT,
    "parent_trace_id" TEXT,
    "format" TEXT NOT NULL DEFAULT 'native',
    "flags" TEXT[],
    "body" JSONB NOT NULL,
    "raw" TEXT NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- CreateIndex
CREATE INDEX "api_keys_agent_id_idx" ON "api_keys"("agent_id");

-- CreateIndex
CREATE INDEX "traces_last_seen_id_idx" ON "traces"("last_seen" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "traces_first_seen_idx" ON "traces"("first_seen");

-- CreateIndex
CREATE INDEX "traces_max_risk_idx" ON "traces"("max_risk");

-- CreateIndex
CREATE INDEX "traces_final_decision_last_seen_idx" ON "traces"("final_decision", "last_seen" DESC);

-- CreateIndex
CREATE INDEX "traces_agents_idx" ON "traces" USING GIN ("agents");

-- CreateIndex
CREATE INDEX "traces_tools_idx" ON "traces" USING GIN ("tools");

-- CreateIndex
CREATE INDEX "traces_trust_levels_idx" ON "traces" USING GIN ("trust_levels");

-- CreateIndex
CREATE INDEX "traces_parent_trace_id_idx" ON "traces"("parent_trace_id");

-- CreateIndex
CREATE INDEX "events_agent_id_timestamp_idx" ON "events"("agent_id", "timestamp");

-- CreateIndex
CREATE INDEX "events_timestamp_idx" ON "events"("timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "events_trace_id_seq_key" ON "events"("trace_id", "seq");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
