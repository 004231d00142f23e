-- The agent's executed steps, newest first: lib/decisions/load-state.ts reads up to 500 of them on every evaluate
-- (WHERE agent_id = $1 AND executed_at IS NOT NULL AND executed_at > now - 365 days ORDER BY executed_at DESC LIMIT 500).
-- Without this index that is a scan of every capability token of every agent, growing with all tokens ever issued.
-- CreateIndex
CREATE INDEX "capability_tokens_agent_id_executed_at_idx" ON "capability_tokens"("agent_id", "executed_at" DESC);
