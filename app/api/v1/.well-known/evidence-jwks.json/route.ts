// GET /api/v1/.well-known/evidence-jwks.json — public keys that verify evidence checkpoints (for the offline verifier)
import { NextResponse } from "next/server";
import { withApi } from "@/lib/api/with-api";
import { activeSigningKey, publicJwks } from "@/lib/tokens/signing-keys";

export const dynamic = "force-dynamic";

export const GET = withApi({ auth: "public" }, async () => {
  await activeSigningKey("evidence_checkpoint"); // creates the key on first use, so the set is never empty
  // retired keys stay listed so older packages keep verifying; a few minutes of caching is safe
  return NextResponse.json(await publicJwks("evidence_checkpoint"), { headers: { "Cache-Control": "public, max-age=300" } });
});
