// POST /api/v1/tokens/verify — check a capability token against the step about to run, optionally consuming it
import { withApi } from "@/lib/api/with-api";
import { ApiError } from "@/lib/api/errors";
import { VerifyTokenBody, type VerifyTokenResponse } from "@/lib/tokens/schemas";
import { verifyToken } from "@/lib/tokens/verify-token";

export const POST = withApi({ auth: "agent", permission: "tokens:verify", body: VerifyTokenBody }, async ({ principal, body }): Promise<VerifyTokenResponse> => {
  // an agent's key verifies (and can burn) only that agent's tokens
  if (body.agent !== principal.agentId) {
    throw new ApiError("forbidden", `this API key belongs to agent "${principal.agentId}"; it cannot verify tokens for "${body.agent}"`);
  }
  return verifyToken(body);
});
