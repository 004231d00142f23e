-- why a trace holds records the engine did not write (engine/replay/trace-outcome.ts `foreign.kind`): imported | outside_executor
ALTER TABLE "traces" ADD COLUMN "foreign_origin" TEXT;
