import type { Metadata } from "next";
import { VerifyClient } from "@/components/evidence/verify-client";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Verify evidence" };
export const dynamic = "force-dynamic";

/** Upload an evidence ZIP and check it against this server's evidence keys (never a key inside the package). */
export default async function VerifyEvidencePage() {
  await requireUser("traces:read", "/evidence/verify");
  return <VerifyClient />;
}
