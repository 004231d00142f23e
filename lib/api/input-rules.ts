import "server-only";
import { CanonicalJsonError } from "@/engine/crypto/canonical-json";
import { jsonInputProblem } from "@/engine/events/batch";
import { ApiError } from "./errors";

/** Where a value came from, as a client names it in an error: `invalid body: plan.steps[0].tool: …`. */
export type InputPart = "body" | "query" | "path";

/**
 * Refuses (422, naming the field) a value a client sent that Postgres or canonical JSON cannot take: U+0000 or a lone
 * surrogate in any string or key, nesting deeper than 64 levels, a number JSON.parse turned into Infinity. It is
 * ingest's rule (engine/events/batch.ts jsonInputProblem), applied by withApi to the parsed JSON body, every query
 * value and every path parameter before a handler or schema sees them, so no route can forget it.
 */
export function assertCleanInput(value: unknown, part: InputPart): void {
  const p = jsonInputProblem(value);
  if (!p) return;
  const field = p.path || "(root)";
  throw new ApiError("validation_failed", `invalid ${part}: ${field}: ${p.reason}`, [{ field, message: p.reason, in: part }]);
}

/** assertCleanInput over every query value (a repeated name in each occurrence), naming the parameter. */
export function assertCleanQuery(params: URLSearchParams): void {
  for (const [k, v] of params) assertCleanInput({ [k]: v }, "query");
}

/**
 * A CanonicalJsonError that reached the top of a route came from client data the edge rules let through (they are the
 * same limits, so this is a second line of defence): it is the client's 422, not a 500.
 */
export function clientInputError(e: unknown): unknown {
  if (!(e instanceof CanonicalJsonError)) return e;
  const field = e.path || "(root)";
  console.warn("[api] canonical JSON refused a value that passed the input rules", e.message);
  return new ApiError("validation_failed", `invalid request: ${field}: ${e.reason}`, [{ field, message: e.reason }]);
}
