import { expect, test } from "@playwright/test";
import { TraceDiffResponse } from "../lib/replay/schemas";
import { signedInApi } from "./helpers";

const INJECTION = "tr_support_kb_injection";

// Bad input to the investigation routes gets a 4xx that names the field and the reason — never a 5xx.
test("graph, diff, compare, evidence, verify and what-if reject bad input clearly", async () => {
  const api = await signedInApi("reviewer");
  const expectError = async (res: Awaited<ReturnType<typeof api.get>>, status: number, mention: RegExp) => {
    expect(res.status(), await res.text()).toBe(status);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(mention);
  };

  await expectError(await api.get(`/api/v1/traces/${INJECTION}/graph?mode=sideways`), 422, /mode/);
  await expectError(await api.get("/api/v1/traces/no-such-trace/graph"), 404, /no-such-trace/);
  await expectError(await api.get("/api/v1/traces/no-such-trace/diff"), 404, /no-such-trace/);
  await expectError(await api.get(`/api/v1/traces/compare?a=${INJECTION}`), 422, /\bb\b/);
  await expectError(await api.get(`/api/v1/traces/compare?a=${INJECTION}&b=no-such-trace`), 404, /b: .*no-such-trace/);
  await expectError(await api.get("/api/v1/traces/no-such-trace/evidence.zip"), 404, /no-such-trace/);
  await expectError(await api.post("/api/v1/evidence", { data: { trace_ids: [INJECTION], filter: {} } }), 422, /exactly one|trace_ids|filter/);
  await expectError(await api.post("/api/v1/evidence/verify", { headers: { "content-type": "application/zip" }, data: Buffer.from("not a zip at all") }), 400, /not a ZIP/);
  await expectError(await api.post("/api/v1/replay/what-if", { data: { trace_id: INJECTION } }), 422, /bundle_id|draft/);
  await expectError(
    await api.post("/api/v1/replay/what-if", { data: { draft: { files: [{ name: "bundle.yaml", text: "agents: [" }] }, trace_id: INJECTION } }),
    422, /bundle\.yaml/,
  );
  await expectError(await api.get("/api/v1/replay/what-if/no-such-run"), 404, /no-such-run/);

  // and the good paths answer with what a reviewer reads
  const diff = TraceDiffResponse.parse(await (await api.get(`/api/v1/traces/${INJECTION}/diff`)).json());
  expect(diff.diff.verdict).toBe("blocked");
  expect(diff.truncated).toBe(false);
  const graph = await (await api.get(`/api/v1/traces/${INJECTION}/graph`)).json();
  expect(graph.taint_paths.some((p: { words: string }) => p.words.includes("kb/article-17") && p.words.includes("email.forward"))).toBe(true);
});
