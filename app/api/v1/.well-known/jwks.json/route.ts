// GET /api/v1/.well-known/jwks.json — public keys that verify capability tokens (agents and people)
import { NextResponse } from "next/server";
import { withApi } from "@/lib/api/with-api";
import type { Jwks } from "@/lib/tokens/schemas";
import { publicJwks } from "@/lib/tokens/signing-keys";

export const GET = withApi({ auth: "any" }, async () => {
  const jwks: Jwks = await publicJwks();
  // keys change rarely (first start, rotation); a few minutes of caching is safe because retired keys stay listed
  return NextResponse.json(jwks, { headers: { "Cache-Control": "private, max-age=300" } });
});
