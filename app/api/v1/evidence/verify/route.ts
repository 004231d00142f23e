// POST /api/v1/evidence/verify — verify an uploaded evidence ZIP (multipart `file` or raw application/zip) against this server's evidence keys
import { withApi } from "@/lib/api/with-api";
import { withSpooledUpload } from "@/lib/evidence/spool-upload";
import { verifyUploadedPackage, VERIFY_UPLOAD_TYPES, withVerifySlot } from "@/lib/evidence/verify-upload";

export const dynamic = "force-dynamic";

export const POST = withApi({ auth: "user", permission: "traces:read", accepts: VERIFY_UPLOAD_TYPES }, async ({ req }) =>
  // the slot covers receiving the upload too; the temporary file is deleted when the verification ends
  withVerifySlot(() => withSpooledUpload(req, verifyUploadedPackage)),
);
