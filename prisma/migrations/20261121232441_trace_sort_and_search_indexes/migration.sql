-- pg_trgm ships with Postgres contrib (Debian, embedded-postgres) and backs the trace list free-text search
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "traces_first_seen_idx";

-- CreateIndex
CREATE INDEX "traces_first_seen_id_idx" ON "traces"("first_seen" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "traces_event_count_id_idx" ON "traces"("event_count" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "traces_search_text_trgm_idx" ON "traces" USING GIN ("search_text" gin_trgm_ops);
