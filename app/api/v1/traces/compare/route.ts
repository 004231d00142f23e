// GET /api/v1/traces/compare?a=&b= — two traces' steps aligned side by side, with their differences
import { ApiError, describeZodError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { compareTraces } from "@/lib/replay/compare-traces";
import { CompareQuery } from "@/lib/replay/schemas";

export const GET = withApi({ auth: "user", permission: "traces:read" }, async ({ req }) => {
  // parsed here rather than by withApi so a missing trace id is a 400 that names the parameter
  const parsed = CompareQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success) {
    const details = describeZodError(parsed.error, "parameter");
    throw new ApiError("bad_request", `invalid query: ${details[0].field}: ${details[0].message}`, details);
  }
  return compareTraces(parsed.data.a, parsed.data.b);
});
