// POST /api/v1/auth/session — sign in with email and password; DELETE — sign out
import { withApi } from "@/lib/api/with-api";
import { SignInBody } from "@/lib/auth/schemas";
import { signIn, signOut } from "@/lib/auth/sign-in";

// throttled per account and per client address (429 + Retry-After); see lib/auth/README.md
export const POST = withApi({ auth: "public", body: SignInBody, maxBytes: 10_000 }, async ({ body, req }) => signIn(body, req));

export const DELETE = withApi({ auth: "public" }, async ({ req }) => signOut(req));
