// POST /api/v1/evidence/verify — verify an uploaded evidence ZIP (multipart `file` or raw application/zip) against this server's evidence keys
import { withApi } from "@/lib/api/with-api";
import { readUploadedZip, verifyUploadedPackage } from "@/lib/evidence/verify-upload";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "traces:read" }, async ({ req }) => {
  const bytes = await readUploadedZip(req);
  return verifyUploadedPackage(bytes);
});
