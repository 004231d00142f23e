-- A trace belongs to the agent whose event opened it (existing traces: the agent of their first event).
ALTER TABLE "traces" ADD COLUMN "owner_agent_id" TEXT;
UPDATE "traces" t SET "owner_agent_id" = e."agent_id" FROM "events" e WHERE e."trace_id" = t."id" AND e."seq" = 1;

-- Event ids are unique per trace, not across all agents.
ALTER TABLE "events" DROP CONSTRAINT "events_pkey";
ALTER TABLE "events" ADD CONSTRAINT "events_pkey" PRIMARY KEY ("trace_id", "id");
CREATE INDEX "events_id_idx" ON "events"("id");
