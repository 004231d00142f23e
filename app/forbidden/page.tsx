import { forbidden } from "next/navigation";

// Where requireUser() sends a role that lacks a permission (/forbidden?need=…). It answers 403, not 200: forbidden()
// renders app/forbidden.tsx with that status, which reads `need` from the URL itself.
export default function ForbiddenPage(): never {
  forbidden();
}
