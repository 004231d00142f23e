import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../crypto/canonical-json";
import { sha256Hex } from "../crypto/hash-chain";
import { type Checkpoint, signCheckpoint } from "./checkpoint";
import { manifestBytes } from "./package-format";
import { buildPackage, eventLines, extendChain, ISSUED_AT, makeChain, makeKey, readZip, repack, setEventLines, writeRawZip, type ZipMember } from "./test-fixtures";
import { type FailureCode, type VerifyFailure, verifyEvidencePackage } from "./verify-package";

const key = makeKey();
const stranger = makeKey();
const chainA = makeChain("tr_alpha", 7);
const chainB = makeChain("tr_beta", 4, { startMs: Date.UTC(2026, 10, 21, 8, 0, 0) });
const HOUR = 3600_000;

let good: Buffer;
let goodJws: string;
beforeAll(async () => {
  const built = await buildPackage(key, [...chainA, ...chainB]);
  good = built.zip;
  goodJws = built.result.checkpointJws;
});

async function verify(zip: Buffer, opts: { previous?: string; limits?: object } = {}) {
  return verifyEvidencePackage(zip, { trustedKeys: [key.jwk], ...opts });
}

function codes(failures: VerifyFailure[]): FailureCode[] {
  return [...new Set(failures.map((f) => f.code))];
}

async function rejectedWith(zip: Buffer, code: FailureCode, opts: { previous?: string; limits?: object } = {}): Promise<VerifyFailure> {
  const r = await verify(zip, opts);
  expect(r.ok).toBe(false);
  const hit = r.failures.find((f) => f.code === code);
  expect(hit, `expected ${code} among ${JSON.stringify(r.failures, null, 1)}`).toBeDefined();
  return hit!;
}

describe("verifyEvidencePackage: a valid package", () => {
  it("is OK with a summary of what it proves", async () => {
    const r = await verify(good);
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.summary).toMatchObject({
      package_id: "evx_0123456789abcdef",
      issued_at: ISSUED_AT.toISOString(),
      signer_kid: key.kid,
      signature: "valid",
      tree_size: 11,
      events: 11,
      traces: [
        { id: "tr_alpha", event_count: 7, first_seq: 1, last_seq: 7, head_hash: chainA[6].hash },
        { id: "tr_beta", event_count: 4, first_seq: 1, last_seq: 4, head_hash: chainB[3].hash },
      ],
      time_range: { from: "2026-11-21T08:00:01.000Z", to: "2026-11-21T10:00:07.000Z" },
      policy_versions: [{ bundle_id: "default", version: 1 }],
      consistency: { status: "none" },
      previous: null,
    });
  });

  it("accepts a key given without kid (a PEM's key) and a path on disk", async () => {
    const dir = mkdtempSync(join(tmpdir(), "evidence-"));
    const file = join(dir, "bundle.zip");
    writeFileSync(file, good);
    const { kid: _kid, ...bare } = key.jwk;
    const r = await verifyEvidencePackage(file, { trustedKeys: [bare] });
    expect(r.ok).toBe(true);
  });
});

describe("verifyEvidencePackage: each tamper case has its own code", () => {
  it("a field changed in one event → event_hash_mismatch naming trace, seq and line", async () => {
    const zip = await repack(good, (ms) => {
      const lines = eventLines(ms);
      const e = JSON.parse(lines[2]);
      e.event.arguments.amount = 1_000_000;
      lines[2] = canonicalJson(e);
      return setEventLines(ms, lines);
    });
    const f = await rejectedWith(zip, "event_hash_mismatch");
    expect(f).toMatchObject({ path: "events.jsonl", line: 3, trace_id: "tr_alpha", seq: 3 });
    expect(f.message).toMatch(/tr_alpha.*seq 3.*line 3/);
  });

  it("an event line with 1e400 or 10,000 levels of nesting → event_malformed naming the field, not a crash", async () => {
    for (const [insert, field] of [["1e400", /event\.arguments\.bad: cannot encode Infinity/], ['{"a":'.repeat(10_000) + "1" + "}".repeat(10_000), /event\.arguments\.bad(\.a)+: nested deeper than/]] as const) {
      const zip = await repack(good, (ms) => {
        const lines = eventLines(ms);
        lines[2] = lines[2].replace('"arguments":{', `"arguments":{"bad":${insert},`);
        return setEventLines(ms, lines);
      });
      const f = await rejectedWith(zip, "event_malformed");
      expect(f).toMatchObject({ path: "events.jsonl", line: 3, trace_id: "tr_alpha", seq: 3 });
      expect(f.message).toMatch(field);
    }
  });

  it("raw bytes changed → raw_hash_mismatch", async () => {
    const zip = await repack(good, (ms) => {
      const lines = eventLines(ms);
      const e = JSON.parse(lines[8]);
      e.raw = e.raw.replace("customer", "attacker");
      lines[8] = canonicalJson(e);
      return setEventLines(ms, lines);
    });
    expect(await rejectedWith(zip, "raw_hash_mismatch")).toMatchObject({ trace_id: "tr_beta", seq: 2, line: 9 });
  });

  it("an event deleted → event_missing", async () => {
    const zip = await repack(good, (ms) => setEventLines(ms, eventLines(ms).filter((_, i) => i !== 3)));
    expect(await rejectedWith(zip, "event_missing")).toMatchObject({ trace_id: "tr_alpha", seq: 4, line: 4 });
  });

  it("two events swapped → events_out_of_order (and nothing reported missing)", async () => {
    const zip = await repack(good, (ms) => {
      const l = eventLines(ms);
      [l[1], l[2]] = [l[2], l[1]];
      return setEventLines(ms, l);
    });
    const r = await verify(zip);
    expect(codes(r.failures)).toContain("events_out_of_order");
    expect(codes(r.failures)).not.toContain("event_missing");
    expect(codes(r.failures)).not.toContain("event_duplicated");
    expect(r.failures.find((f) => f.code === "events_out_of_order")).toMatchObject({ trace_id: "tr_alpha", seq: 2, line: 3 });
  });

  it("one event duplicated → event_duplicated", async () => {
    const zip = await repack(good, (ms) => {
      const l = eventLines(ms);
      l.splice(3, 0, l[2]);
      return setEventLines(ms, l);
    });
    expect(await rejectedWith(zip, "event_duplicated")).toMatchObject({ trace_id: "tr_alpha", seq: 3, line: 4 });
  });

  it("a re-chained event with a recomputed hash → chain_broken at the next event", async () => {
    // The forger recomputes the changed event's own hash, but the next event still points at the old one.
    const zip = await repack(good, (ms) => {
      const l = eventLines(ms);
      const e = JSON.parse(l[1]);
      e.event.tool = "wire_money";
      e.hash = sha256Hex(`{"event":${canonicalJson(e.event)},"prev_hash":"${e.prev_hash}","raw_sha256":"${e.raw_sha256}","seq":${e.seq}}`);
      l[1] = canonicalJson(e);
      return setEventLines(ms, l);
    });
    const r = await verify(zip);
    expect(codes(r.failures)).toEqual(expect.arrayContaining(["chain_broken", "root_mismatch", "file_hash_mismatch"]));
    expect(codes(r.failures)).not.toContain("event_hash_mismatch");
    expect(r.failures.find((f) => f.code === "chain_broken")).toMatchObject({ trace_id: "tr_alpha", seq: 3, line: 3 });
  });

  it("the manifest rewritten to cover a changed file → manifest_tampered", async () => {
    const zip = await repack(good, (ms) => {
      const report = Buffer.from("<p>nothing to see</p>");
      const out = ms.map((m) => (m.name === "report.html" ? { ...m, data: report } : m));
      const listed = out.filter((m) => !["manifest.json", "checkpoint.json", "checkpoint.jws"].includes(m.name)).map((m) => ({ path: m.name, size: m.data.length, sha256: sha256Hex(m.data) }));
      return out.map((m) => (m.name === "manifest.json" ? { ...m, data: Buffer.from(manifestBytes(listed)) } : m));
    });
    const r = await verify(zip);
    expect(codes(r.failures)).toEqual(["manifest_tampered"]);
  });

  it("a file changed without touching the manifest → file_hash_mismatch", async () => {
    const zip = await repack(good, (ms) => ms.map((m) => (m.name === "diff.json" ? { ...m, data: Buffer.from("{}") } : m)));
    expect(codes((await verify(zip)).failures)).toEqual(["file_hash_mismatch"]);
  });

  it("an extra file → extra_file", async () => {
    const zip = await repack(good, (ms) => [...ms, { name: "policies/extra.json", data: Buffer.from("{}") }]);
    const r = await verify(zip);
    expect(codes(r.failures)).toEqual(["extra_file"]);
    expect(r.failures[0].path).toBe("policies/extra.json");
  });

  it("a missing file → missing_file", async () => {
    const zip = await repack(good, (ms) => ms.filter((m) => m.name !== "report.html"));
    const r = await verify(zip);
    expect(codes(r.failures)).toEqual(["missing_file"]);
    expect(r.failures[0].path).toBe("report.html");
  });

  it("the checkpoint re-signed with an untrusted key → untrusted_key", async () => {
    const zip = await repack(good, (ms) => ms.map((m) => (m.name === "report.html" ? { ...m, data: Buffer.from("forged") } : m)), { key: stranger });
    const r = await verify(zip);
    expect(codes(r.failures)).toEqual(["untrusted_key"]);
    expect(r.summary?.signer_kid).toBe(stranger.kid);
  });

  it("the signature stripped → signature_missing (file removed, or alg none)", async () => {
    const removed = await repack(good, (ms) => ms.filter((m) => m.name !== "checkpoint.jws"));
    expect(codes((await verify(removed)).failures)).toEqual(["signature_missing"]);

    const [h, p] = goodJws.split(".");
    const none = Buffer.from(JSON.stringify({ alg: "none", kid: key.kid, typ: "replay-audit-checkpoint+jws" })).toString("base64url");
    for (const jws of [`${h}.${p}.`, `${none}.${p}.`]) {
      const zip = await repack(good, (ms) => ms.map((m) => (m.name === "checkpoint.jws" ? { ...m, data: Buffer.from(jws) } : m)));
      expect(codes((await verify(zip)).failures)).toEqual(["signature_missing"]);
    }
  });

  it("a trusted kid with a wrong signature → signature_invalid; an HMAC header → signature_invalid", async () => {
    const [h, p, s] = goodJws.split(".");
    const flipped = `${h}.${p}.${s[0] === "A" ? "B" : "A"}${s.slice(1)}`;
    const hs = `${Buffer.from(JSON.stringify({ alg: "HS256", kid: key.kid, typ: "replay-audit-checkpoint+jws" })).toString("base64url")}.${p}.${s}`;
    for (const jws of [flipped, hs]) {
      const zip = await repack(good, (ms) => ms.map((m) => (m.name === "checkpoint.jws" ? { ...m, data: Buffer.from(jws) } : m)));
      expect(codes((await verify(zip)).failures)).toEqual(["signature_invalid"]);
    }
  });

  it("checkpoint.json edited while the JWS is intact → checkpoint_mismatch", async () => {
    const zip = await repack(good, (ms) => ms.map((m) => (m.name === "checkpoint.json" ? { ...m, data: Buffer.from(m.data.toString().replace('"tree_size":11', '"tree_size":12')) } : m)));
    expect(codes((await verify(zip)).failures)).toEqual(["checkpoint_mismatch"]);
  });

  it("a signed checkpoint that does not match the events → root_mismatch, tree_size_mismatch, trace_head_mismatch", async () => {
    const zip = await repack(good, (ms) => ms, {
      key,
      checkpoint: (c: Checkpoint) => ({ ...c, tree_size: 10, root_hash: "0".repeat(64), traces: [{ ...c.traces[0], event_count: 6 }, c.traces[1]] }),
    });
    expect(codes((await verify(zip)).failures).sort()).toEqual(["root_mismatch", "trace_head_mismatch", "tree_size_mismatch"]);
  });
});

describe("verifyEvidencePackage: unsafe archives are refused before reading", () => {
  const members = () => readZip(good);

  it("a zip-bomb member (20 MB of zeros deflated ~1000:1) → zip_bomb", async () => {
    const zip = writeRawZip([...(await members()), { name: "padding.bin", data: Buffer.alloc(20 * 1024 * 1024), method: 8 }]);
    const r = await verify(zip);
    expect(r).toMatchObject({ ok: false, summary: null });
    expect(codes(r.failures)).toEqual(["zip_bomb"]);
    expect(r.failures[0].message).toMatch(/padding\.bin.*inflates/);
  });

  it("a member over the size limit, and one inflating beyond its declared size → zip_bomb", async () => {
    expect(codes((await verify(good, { limits: { maxMemberBytes: 1000 } })).failures)).toEqual(["zip_bomb"]);
    const liar = writeRawZip([...(await members()), { name: "liar.bin", data: Buffer.alloc(300_000, 7), method: 8, declaredSize: 1000 }]);
    const r = await verify(liar);
    expect(codes(r.failures)).toContain("zip_bomb");
    expect(r.failures.find((f) => f.code === "zip_bomb")?.path).toBe("liar.bin");
  });

  it.each([["../evil.txt"], ["/etc/evil"], ["a\\..\\evil.txt"], ["C:/evil.txt"], ["policies/../../evil"]])("the name %s → path_traversal", async (name) => {
    const r = await verify(writeRawZip([...(await members()), { name, data: Buffer.from("x") }]));
    expect(r).toMatchObject({ ok: false, summary: null });
    expect(codes(r.failures)).toEqual(["path_traversal"]);
  });

  it("a symlink member → symlink_member", async () => {
    const r = await verify(writeRawZip([...(await members()), { name: "link", data: Buffer.from("/etc/passwd"), mode: 0o120777 }]));
    expect(codes(r.failures)).toEqual(["symlink_member"]);
  });

  it("a name twice (or twice up to case) → duplicate_member", async () => {
    const ms = await members();
    const readme = ms.find((m) => m.name === "README.txt")!;
    expect(codes((await verify(writeRawZip([...ms, readme]))).failures)).toEqual(["duplicate_member"]);
    expect(codes((await verify(writeRawZip([...ms, { ...readme, name: "readme.TXT" }]))).failures)).toEqual(["duplicate_member"]);
  });

  it("bytes that are not a ZIP → zip_invalid", async () => {
    const r = await verify(Buffer.from("definitely not a zip file, just text"));
    expect(r).toMatchObject({ ok: false, summary: null, failures: [{ code: "zip_invalid" }] });
  });
});

describe("verifyEvidencePackage: history (consistency proofs and rollback)", () => {
  const grown = extendChain(chainA, 5);
  let first: Awaited<ReturnType<typeof buildPackage>>;
  let second: Awaited<ReturnType<typeof buildPackage>>;
  beforeAll(async () => {
    first = await buildPackage(key, chainA, { packageId: "evx_first" });
    second = await buildPackage(key, grown, { packageId: "evx_second", issuedAt: new Date(ISSUED_AT.getTime() + HOUR), previous: { checkpointJws: first.result.checkpointJws } });
  });

  it("two exports of the same trace: the later one proves it only appended", async () => {
    const r = await verify(second.zip, { previous: first.result.checkpointJws });
    expect(r.failures).toEqual([]);
    expect(r.summary).toMatchObject({
      tree_size: 12,
      consistency: { status: "proved", previous_package_id: "evx_first", previous_tree_size: 7 },
      previous: { status: "proved", package_id: "evx_first", tree_size: 7 },
    });
    // The same package against itself as `previous` is fine too.
    expect((await verify(second.zip, { previous: second.result.checkpointJws })).summary?.previous?.status).toBe("same");
  });

  it("an older checkpoint presented after a newer one → checkpoint_rollback", async () => {
    const r = await verify(first.zip, { previous: second.result.checkpointJws });
    expect(codes(r.failures)).toEqual(["checkpoint_rollback"]);
    expect(r.summary?.previous?.status).toBe("rollback");
  });

  it("consistency.json naming an earlier checkpoint that is newer than the package → checkpoint_rollback", async () => {
    // A signer that back-dates the package below the checkpoint it claims to continue.
    const zip = await repack(second.zip, (ms) => ms, { key, checkpoint: (c) => ({ ...c, issued_at: new Date(ISSUED_AT.getTime() - HOUR).toISOString() }) });
    expect(codes((await verify(zip)).failures)).toEqual(["checkpoint_rollback"]);
  });

  it("a proof from a tree that was not append-only → consistency_invalid", async () => {
    // Another history of tr_alpha: same trace, same size, different content at seq 2.
    const rewritten = makeChain("tr_alpha", 7).map((e) => e);
    const forkedChain = [rewritten[0], ...makeChain("tr_alpha", 6, { startMs: Date.UTC(2026, 10, 21, 12), from: { seq: 1, prev: rewritten[0].hash } })];
    const fork = await buildPackage(key, forkedChain, { packageId: "evx_fork" });
    const zip = await repack(
      second.zip,
      (ms) =>
        ms.map((m) => {
          if (m.name !== "consistency.json") return m;
          const c = JSON.parse(m.data.toString());
          return { ...m, data: Buffer.from(canonicalJson({ ...c, previous_checkpoint: fork.result.checkpointJws })) };
        }),
      { key, checkpoint: (c) => ({ ...c, previous: { package_id: "evx_fork", issued_at: fork.result.checkpoint.issued_at, tree_size: 7, root_hash: fork.result.rootHash } }) },
    );
    const r = await verify(zip);
    expect(codes(r.failures)).toEqual(["consistency_invalid"]);
    expect(r.failures[0].message).toMatch(/does not verify/);

    // And an auditor holding the forked checkpoint sees the untouched later package disagree with it.
    const r2 = await verify(second.zip, { previous: fork.result.checkpointJws });
    expect(codes(r2.failures)).toEqual(["consistency_invalid"]);
  });

  it("an earlier checkpoint signed by an untrusted key → previous_untrusted", async () => {
    const foreign = await buildPackage(stranger, chainA, { packageId: "evx_foreign" });
    const zip = await repack(
      second.zip,
      (ms) => ms.map((m) => (m.name === "consistency.json" ? { ...m, data: Buffer.from(canonicalJson({ ...JSON.parse(m.data.toString()), previous_checkpoint: foreign.result.checkpointJws })) } : m)),
      { key, checkpoint: (c) => ({ ...c, previous: { ...c.previous!, package_id: "evx_foreign" } }) },
    );
    expect(codes((await verify(zip)).failures)).toEqual(["previous_untrusted"]);
  });
});

describe("npm run verify (scripts/verify.ts)", () => {
  it("prints OK and exits 0 with a JWKS file; names the broken event and exits 1 after a one-byte edit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "evidence-cli-"));
    const jwks = join(dir, "jwks.json");
    writeFileSync(jwks, JSON.stringify({ keys: [key.jwk] }));
    const okZip = join(dir, "bundle.zip");
    writeFileSync(okZip, good);
    const badZip = join(dir, "tampered.zip");
    writeFileSync(
      badZip,
      await repack(good, (ms) => {
        const l = eventLines(ms);
        l[4] = l[4].replace("customer@example.com", "customer@example.con"); // one byte
        return setEventLines(ms, l);
      }),
    );
    const run = (zip: string) => spawnSync("npx", ["tsx", "scripts/verify.ts", zip, "--key", jwks, "--previous", okZip], { cwd: process.cwd(), encoding: "utf8", timeout: 30_000 });

    const ok = run(okZip);
    expect(ok.stderr).not.toMatch(/Error/);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^OK\n/);
    expect(ok.stdout).toMatch(new RegExp(`signed by trusted key ${key.kid}`));
    expect(ok.stdout).toMatch(/11 in 2 traces/);

    const bad = run(badZip);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^FAILED/);
    expect(bad.stdout).toMatch(/event_hash_mismatch\s+events\.jsonl:5 trace tr_alpha seq 5/);
  }, 40_000);
});
