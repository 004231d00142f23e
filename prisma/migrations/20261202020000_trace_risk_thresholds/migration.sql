-- the chain-risk thresholds the engine applied in the trace (engine/replay/trace-outcome.ts), against which max_risk is judged
ALTER TABLE "traces" ADD COLUMN "risk_thresholds" JSONB;
