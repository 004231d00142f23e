// POST /api/v1/evidence/verify — verify an uploaded evidence ZIP (multipart `file` or raw application/zip) against this server's evidence keys
import { withApi } from "@/lib/api/with-api";
import { readUploadedZip, verifyUploadedPackage, VERIFY_UPLOAD_TYPES, withVerifySlot } from "@/lib/evidence/verify-upload";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "traces:read", accepts: VERIFY_UPLOAD_TYPES }, async ({ req }) =>
  // the slot covers reading the upload too: that is where the memory goes
  withVerifySlot(async () => verifyUploadedPackage(await readUploadedZip(req))),
);
