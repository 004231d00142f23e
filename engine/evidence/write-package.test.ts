import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../crypto/canonical-json";
import { signCheckpoint } from "./checkpoint";
import { eventLine } from "./package-format";
import { buildPackage, collect, extendChain, ISSUED_AT, makeChain, makeKey, readZip } from "./test-fixtures";
import { type EvidenceEventInput, type EvidenceStats, EvidenceChainError, writeEvidencePackage } from "./write-package";
import { verifyEvidencePackage } from "./verify-package";

const key = makeKey();
const chainA = makeChain("tr_alpha", 7);
const chainB = makeChain("tr_beta", 4, { startMs: Date.UTC(2026, 10, 21, 8, 0, 0) });

describe("writeEvidencePackage", () => {
  it("writes a package that verifies, with the layout of EVIDENCE-FORMAT.md", async () => {
    let stats: EvidenceStats | null = null;
    const { zip, result } = await buildPackage(key, [...chainA, ...chainB], {
      files: async (s) => {
        stats = s;
        return { "report.html": "<p>r</p>", "README.txt": "read me" };
      },
    });
    expect(result.sha256).toBe(createHash("sha256").update(zip).digest("hex"));
    expect(result.bytes).toBe(zip.length);
    expect(result.treeSize).toBe(11);
    expect(result.consistency).toBe("none");

    const members = await readZip(zip);
    expect(members.map((m) => m.name)).toEqual(["events.jsonl", "README.txt", "report.html", "manifest.json", "checkpoint.json", "checkpoint.jws"]);
    const lines = members[0].data.toString("utf8").split("\n");
    expect(lines).toHaveLength(12); // 11 lines + the final newline
    const first = JSON.parse(lines[0]);
    expect(lines[0]).toBe(canonicalJson(first)); // the direct line assembly is RFC 8785
    expect(first).toMatchObject({ trace_id: "tr_alpha", seq: 1, prev_hash: "0".repeat(64), hash: chainA[0].hash });

    // The stats came after the events, with what the report needs.
    expect(stats).toEqual({
      tree_size: 11,
      traces: [
        { id: "tr_alpha", event_count: 7, first_seq: 1, last_seq: 7, head_hash: chainA[6].hash },
        { id: "tr_beta", event_count: 4, first_seq: 1, last_seq: 4, head_hash: chainB[3].hash },
      ],
      time_range: { from: "2026-11-21T08:00:01.000Z", to: "2026-11-21T10:00:07.000Z" },
      policy_refs: [{ bundle_id: "default", version: 1 }],
      root_hash: result.rootHash,
      events_sha256: createHash("sha256").update(members[0].data).digest("hex"),
    });
    expect(result.checkpoint).toMatchObject({
      format: "replay-audit-evidence/1",
      package_id: "evx_0123456789abcdef",
      issued_at: ISSUED_AT.toISOString(),
      tree_size: 11,
      policy_versions: [{ bundle_id: "default", environment: null, version: 1, sha256: null }],
      previous: null,
    });
    expect(members.find((m) => m.name === "checkpoint.json")!.data.toString()).toBe(Buffer.from(result.checkpointJws.split(".")[1], "base64url").toString());

    const verified = await verifyEvidencePackage(zip, { trustedKeys: [key.jwk] });
    expect(verified).toMatchObject({ ok: true, summary: { events: 11, signer_kid: key.kid, signature: "valid" } });
  });

  it("produces the same bytes for the same input (fixed mtime, canonical JSON, sorted members)", async () => {
    const a = await buildPackage(key, chainA);
    const b = await buildPackage(key, chainA);
    expect(a.result.sha256).toBe(b.result.sha256);
  });

  it("uses the caller's policy descriptions and adds the references they miss", async () => {
    const sha = "ab".repeat(32);
    const { result } = await buildPackage(key, chainA, {
      files: async () => ({ files: { "README.txt": "x" }, policy_versions: [{ bundle_id: "other", environment: "production", version: 3, sha256: sha }] }),
    });
    expect(result.checkpoint.policy_versions).toEqual([
      { bundle_id: "default", environment: null, version: 1, sha256: null },
      { bundle_id: "other", environment: "production", version: 3, sha256: sha },
    ]);
  });

  it.each<[string, (c: EvidenceEventInput[]) => EvidenceEventInput[], RegExp]>([
    ["a changed event", (c) => c.map((e) => (e.seq === 3 ? { ...e, event: { ...(e.event as object), tool: "wire_money" } } : e)), /tr_alpha.*seq 3.*stored hash/],
    ["changed raw bytes", (c) => c.map((e) => (e.seq === 2 ? { ...e, raw: e.raw + " " } : e)), /seq 2.*stored hash/],
    ["a deleted event", (c) => c.filter((e) => e.seq !== 4), /seq 5: seq 4 missing/],
    ["swapped events", (c) => [c[0], c[2], c[1], ...c.slice(3)], /seq 3: seq 2 missing/],
    ["a broken prev_hash link", (c) => c.map((e) => (e.seq === 5 ? { ...e, prev_hash: "f".repeat(64) } : e)), /seq 5: prev_hash/],
    ["a slice not starting at seq 1", (c) => c.slice(2), /seq 3: seq 1\.\.2 missing/],
  ])("refuses %s in the database content, naming the event", async (_label, tamper, message) => {
    const { stream, done } = writeEvidencePackage({
      packageId: "evx_1",
      issuedAt: ISSUED_AT,
      events: tamper(chainA),
      files: async () => ({}),
      sign: (p) => signCheckpoint(p, key),
    });
    stream.resume();
    await expect(done).rejects.toThrow(EvidenceChainError);
    await expect(done).rejects.toThrow(message);
    expect(stream.destroyed).toBe(true);
  });

  it("refuses a trace whose events are interleaved with another trace's", async () => {
    const { stream, done } = writeEvidencePackage({
      packageId: "evx_1",
      issuedAt: ISSUED_AT,
      events: [...chainA.slice(0, 3), ...chainB, ...chainA.slice(3)],
      files: async () => ({}),
      sign: (p) => signCheckpoint(p, key),
    });
    stream.resume();
    await expect(done).rejects.toThrow(/tr_alpha.*seq 4.*grouped by trace/);
  });

  it("refuses reserved or unsafe file names from the caller", async () => {
    for (const names of [["manifest.json"], ["Events.JSONL"], ["../x"], ["a\\b"], ["/abs"], ["report.html", "Report.html"]]) {
      const files = Object.fromEntries(names.map((n) => [n, "x"]));
      const { stream, done } = writeEvidencePackage({ packageId: "evx_1", issuedAt: ISSUED_AT, events: chainA, files: async () => files, sign: (p) => signCheckpoint(p, key) });
      stream.resume();
      await expect(done).rejects.toThrow(/evidence file name/);
    }
  });

  it("streams: while nobody reads the ZIP, only a bounded number of events is pulled", async () => {
    // (`npm run bench:export` measures memory on 100k events; this only shows the writer waits for its reader.)
    const total = 12_000;
    let pulled = 0;
    async function* events(): AsyncGenerator<EvidenceEventInput> {
      // A valid chain, made one event at a time as a database cursor would yield it.
      let prev = "0".repeat(64);
      for (let seq = 1; seq <= total; seq++) {
        pulled++;
        const e = makeChain("tr_big", 1, { from: { seq: seq - 1, prev } })[0];
        prev = e.hash;
        yield e;
      }
    }
    const { stream, done } = writeEvidencePackage({ packageId: "evx_big", issuedAt: ISSUED_AT, events: events(), files: async () => ({}), sign: (p) => signCheckpoint(p, key) });
    done.catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    expect(pulled).toBeGreaterThan(0);
    // Only the stream buffers between the generator and the unread output (a few MB of JSON, whatever the total).
    expect(pulled).toBeLessThan(total / 2);
    const zip = await collect(stream);
    const result = await done;
    expect(pulled).toBe(total);
    expect(result.treeSize).toBe(total);
    const v = await verifyEvidencePackage(zip, { trustedKeys: [key.jwk] });
    expect(v.ok).toBe(true);
  }, 20_000);

  it("adds consistency.json when the previous export is a prefix, and says not_prefix when it is not", async () => {
    const first = await buildPackage(key, chainA);
    const grown = extendChain(chainA, 5);
    const second = await buildPackage(key, grown, { packageId: "evx_second", issuedAt: new Date(ISSUED_AT.getTime() + 3600_000), previous: { checkpointJws: first.result.checkpointJws } });
    expect(second.result.consistency).toBe("proved");
    expect(second.result.checkpoint.previous).toEqual({ package_id: "evx_0123456789abcdef", issued_at: ISSUED_AT.toISOString(), tree_size: 7, root_hash: first.result.rootHash });
    expect((await readZip(second.zip)).some((m) => m.name === "consistency.json")).toBe(true);

    const other = await buildPackage(key, [...chainB, ...grown], { previous: { checkpointJws: first.result.checkpointJws } });
    expect(other.result.consistency).toBe("not_prefix");
    expect(other.result.checkpoint.previous).toBeNull();
    expect((await readZip(other.zip)).some((m) => m.name === "consistency.json")).toBe(false);
  });

  it("assembles lines exactly as canonical JSON, escapes included", () => {
    const e = { trace_id: 'tr_"q"', seq: 3, prev_hash: "a".repeat(64), hash: "b".repeat(64), raw: "line\n\u2028\u0000", raw_sha256: "c".repeat(64) };
    const event = { z: 1, a: ["é", null], "\u00e9": { b: true } };
    expect(eventLine(e, canonicalJson(event))).toBe(canonicalJson({ ...e, event }));
  });
});
