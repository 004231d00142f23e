-- the chain-risk thresholds the engine applied in the trace (engine/replay/trace-outcome.ts); max_risk is judged against them
ALTER TABLE "traces" ADD COLUMN "risk_thresholds" JSONB;
