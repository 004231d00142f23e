import { z } from "zod";

/** Error codes a client can see, with their HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 422,
  unauthenticated: 401,
  forbidden: 403,
  cross_origin_request: 403,
  unsafe_content_type: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  scenarios_failed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** `events[3].agent.id` style path for a zod issue. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || "(root)";
}

/** One line per problem: "field: reason". Unknown keys are named. */
export function describeZodError(err: z.ZodError, what = "field"): Array<{ field: string; message: string }> {
  return err.issues.map((i) => {
    if (i.code === "unrecognized_keys") {
      return { field: issuePath(i.path), message: `unknown ${what}(s): ${i.keys.join(", ")}` };
    }
    return { field: issuePath(i.path), message: i.message };
  });
}

export function zodToApiError(err: z.ZodError, what = "request"): ApiError {
  const details = describeZodError(err, what === "query" ? "parameter" : "field");
  const first = details[0];
  return new ApiError("validation_failed", `invalid ${what}: ${first.field}: ${first.message}`, details);
}

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
