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


/** A suite file a caller uploads: YAML (one suite a file) or JSONL (one scenario a line), engine/scenarios/format.ts. */
export const SuiteFiles = z
  .array(z.object({
    name: z.string().min(1).max(200).regex(/^[\w./-]+\.(ya?ml|jsonl)$/i, { message: "must be a .yaml/.yml or .jsonl suite file" }),
    content: z.string().max(2_000_000, { message: "a suite file may hold at most 2,000,000 characters" }),
  }).strict())
  .min(1)
  .max(20);

const suiteChoice = {
  /** the project's shipped suite (scenarios/ of the installation) */
  suite: z.literal("builtin", { message: 'must be "builtin" (the project\'s suite); to run your own, send files instead' }).optional(),
  files: SuiteFiles.optional(),
};
const oneSuite = (b: { suite?: "builtin"; files?: unknown[] }, ctx: z.RefinementCtx) => {
  if ((b.suite === undefined) === (b.files === undefined)) ctx.addIssue({ code: "custom", path: ["suite"], message: 'give exactly one of suite: "builtin" or files: [{name, content}]' });
};

export const RunScenariosBody = z.object(suiteChoice).strict().superRefine(oneSuite);
export const RunDraftScenariosBody = z.object({ draft: z.object({ files: BundleFiles }).strict(), ...suiteChoice }).strict().superRefine(oneSuite);
export const ScenariosQuery = z.object({ format: z.enum(["json", "junit"], { message: "must be json or junit" }).default("json") }).strict();

const Expectation = z.enum(["allow", "block", "require_approval"]);
export const ScenarioResultSchema = z
  .object({
    id: z.string(), file: z.string(), threat: z.string(), domain: z.string().nullable(), expected: Expectation, actual: Expectation, pass: z.boolean(),
    step_failures: z.array(z.object({ index: z.number().int(), tool: z.string(), expected: Expectation, actual: z.string() }).strict()),
    reasons: z.array(z.string()), determining: z.array(z.string()), why: z.string(), r_total: z.number(),
  })
  .strict();
const Row = z.object({ allow: z.number().int(), block: z.number().int(), require_approval: z.number().int() }).strict();
/** engine/scenarios/run-suite.ts SuiteResult, as the API sends it. */
export const SuiteResultSchema = z
  .object({
    suite: z.string(), bundle: z.object({ id: z.string(), version: z.number().int() }).strict(),
    total: z.number().int(), passed: z.number().int(), failed: z.number().int(), accuracy: z.number(),
    matrix: z.object({ allow: Row, block: Row, require_approval: Row }).strict(),
    unsafe_allows: z.array(ScenarioResultSchema), false_blocks: z.array(ScenarioResultSchema), friction: z.array(ScenarioResultSchema),
    by_threat: z.record(z.string(), z.object({ total: z.number().int(), passed: z.number().int(), accuracy: z.number() }).strict()),
    results: z.array(ScenarioResultSchema), errors: z.array(z.string()),
  })
  .strict();

export const scenarioOpenapi = [
  { method: "post", path: "/api/v1/policies/{id}/scenarios", summary: 'Run a scenario suite against a stored version (dry run, nothing stored): {suite: "builtin"} or {files: [{name, content}]} (≤ 20 files, ≤ 1,000 scenarios); ?format=junit for JUnit XML', permission: "policies:read", body: RunScenariosBody, query: ScenariosQuery, response: SuiteResultSchema },
  { method: "post", path: "/api/v1/policies/scenarios", summary: "Run a scenario suite against a draft bundle that is not stored (draft.files as for validate)", permission: "policies:read", body: RunDraftScenariosBody, query: ScenariosQuery, response: SuiteResultSchema },
];

export const openapi = [
  { method: "get", path: "/api/v1/policies", summary: "Policy bundle versions and which one is active per environment", permission: "policies:read", response: BundleList },
  { method: "get", path: "/api/v1/policies/{id}", summary: "One bundle version: its validated content and the files it came from", permission: "policies:read" },
  { method: "post", path: "/api/v1/policies", summary: "Upload a new bundle version (YAML/JSON + .cedar files); validated; optionally activated", permission: "policies:write", body: UploadBundleBody, status: 201 },
  { method: "post", path: "/api/v1/policies/validate", summary: "Validate bundle files without storing them (errors with file and line)", permission: "policies:read", body: ValidateBundleBody },
  { method: "post", path: "/api/v1/policies/{id}/activate", summary: "Make a version the active one for its environment (rollback = activate an older version). When the bundle sets scenarios.require_pass, the project's scenario suite runs first and a failing version is refused with 409 scenarios_failed, the unsafe allows and failing scenarios in error.details", permission: "policies:write" },
  { method: "get", path: "/api/v1/policies/diff", summary: "Differences between two versions, with authority expansion flagged (spec §22.3)", permission: "policies:read", query: DiffQuery },
  { method: "post", path: "/api/v1/policies/import-reference", summary: "Convert a reference-interceptor bundle (policies.yaml + capabilities.yaml) into bundle files, with a report of semantic differences", permission: "policies:write", body: ImportReferenceBody },
  ...scenarioOpenapi,
];
