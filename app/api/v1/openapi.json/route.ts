// GET /api/v1/openapi.json — the OpenAPI document, generated from the zod schemas (any signed-in user or agent key)
import { withApi } from "@/lib/api/with-api";
import { openapiDocument } from "@/lib/api/openapi";

export const GET = withApi({ auth: "any" }, async () => openapiDocument());
