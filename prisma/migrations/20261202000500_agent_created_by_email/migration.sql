-- agents.created_by holds the creating person's email, as the API has always written it. Databases seeded before
-- this fix hold the admin's user id there instead, which the agent page showed as "usr_…".
UPDATE "agents" SET "created_by" = "users"."email" FROM "users" WHERE "agents"."created_by" = "users"."id";
