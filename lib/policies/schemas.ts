import { z } from "zod";

export const BundleFiles = z
  .array(z.object({ name: z.string().min(1).max(200).regex(/^[\w.-]+\.(ya?ml|json|cedar|cedarschema)$/, { message: "must be a .yaml/.yml/.json bundle, a .cedar policy or a .cedarschema file" }), text: z.string().max(2_000_000) }).strict())
  .min(1)
  .max(50);

export const UploadBundleBody = z.object({ files: BundleFiles, note: z.string().max(2000).default(""), activate: z.boolean().default(false) }).strict();
export const ValidateBundleBody = z.object({ files: BundleFiles }).strict();
export const ImportReferenceBody = z.object({ policies_yaml: z.string().min(1).max(2_000_000), capabilities_yaml: z.string().max(2_000_000).default("capabilities: {}\n") }).strict();
export const DiffQuery = z.object({ from: z.string().min(1).max(100), to: z.string().min(1).max(100) }).strict();

export const BundleVersion = z
  .object({
    id: z.string(), environment: z.string(), version: z.number().int(), sha256: z.string(), note: z.string(),
    created_at: z.string(), created_by: z.string().nullable(), active: z.boolean(),
    summary: z.object({ bundle_id: z.string(), agents: z.number().int(), capabilities: z.number().int(), policies: z.number().int() }),
  })
  .strict();

export const BundleList = z
  .object({
    environments: z.array(z.object({ environment: z.string(), bundle_id: z.string(), version: z.number().int(), activated_at: z.string(), activated_by: z.string().nullable() }).strict()),
    versions: z.array(BundleVersion),
  })
  .strict();

export const openapi = [
  { method: "get", path: "/api/v1/policies", summary: "Policy bundle versions and which one is active per environment", permission: "policies:read", response: BundleList },
  { method: "get", path: "/api/v1/policies/{id}", summary: "One bundle version: its validated content and the files it came from", permission: "policies:read" },
  { method: "post", path: "/api/v1/policies", summary: "Upload a new bundle version (YAML/JSON + .cedar files); validated; optionally activated", permission: "policies:write", body: UploadBundleBody, status: 201 },
  { method: "post", path: "/api/v1/policies/validate", summary: "Validate bundle files without storing them (errors with file and line)", permission: "policies:read", body: ValidateBundleBody },
  { method: "post", path: "/api/v1/policies/{id}/activate", summary: "Make a version the active one for its environment (rollback = activate an older version)", permission: "policies:write" },
  { method: "get", path: "/api/v1/policies/diff", summary: "Differences between two versions, with authority expansion flagged (spec §22.3)", permission: "policies:read", query: DiffQuery },
  { method: "post", path: "/api/v1/policies/import-reference", summary: "Convert a reference-interceptor bundle (policies.yaml + capabilities.yaml) into bundle files, with a report of semantic differences", permission: "policies:write", body: ImportReferenceBody },
];
