// npm run verify -- bundle.zip --key <JWK | JWKS | PEM public key file, or http(s) URL of a JWKS> [--key …] [--previous checkpoint.jws|old.zip] [--json]
// Offline verifier of an evidence package. The trusted key always comes from --key, never from inside the ZIP.
// Exit 0: OK (with a summary); 1: FAILED (one line per failure: code, location, message); 2: usage or key error.
import { createPublicKey } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import type { JWK } from "jose";
import yauzl from "yauzl";
import { normalizeTrustedKeys } from "../engine/evidence/checkpoint";
import { type VerifyFailure, type VerifyPackageResult, verifyEvidencePackage } from "../engine/evidence/verify-package";

const USAGE = `usage: npm run verify -- <bundle.zip> --key <public key: JWK, JWKS or PEM file, or http(s) URL of a JWKS> [--key …]
                       [--previous <checkpoint.jws, or an earlier package .zip>] [--json]`;

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const out = { zip: null as string | null, keys: [] as string[], previous: null as string | null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === "--key") out.keys.push(value());
    else if (a.startsWith("--key=")) out.keys.push(a.slice(6));
    else if (a === "--previous") out.previous = value();
    else if (a.startsWith("--previous=")) out.previous = a.slice(11);
    else if (a === "--json") out.json = true;
    else if (a === "-h" || a === "--help") throw new UsageError("");
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else if (out.zip === null) out.zip = a;
    else throw new UsageError(`unexpected argument ${a} (one package at a time)`);
  }
  if (!out.zip) throw new UsageError("name the package: npm run verify -- bundle.zip --key …");
  if (!out.keys.length) throw new UsageError("--key is required: the public key you trust, obtained from the issuer out of band (a key inside the package is never used)");
  return out;
}

/** JWKs from a JWKS / JWK / PEM file, or a JWKS URL. */
async function loadKeys(spec: string): Promise<JWK[]> {
  let text: string;
  if (/^https?:\/\//i.test(spec)) {
    const res = await fetch(spec, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(15_000) }).catch((e: Error) => {
      throw new UsageError(`cannot fetch ${spec}: ${e.message}`);
    });
    if (!res.ok) throw new UsageError(`cannot fetch ${spec}: HTTP ${res.status}`);
    text = await res.text();
  } else {
    text = await readFile(spec, "utf8").catch((e: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read key file ${spec}: ${e.code ?? e.message}`);
    });
  }
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let json: { keys?: unknown; kty?: unknown };
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new UsageError(`${spec} is not valid JSON`);
    }
    if (Array.isArray(json.keys)) return json.keys as JWK[];
    if (typeof json.kty === "string") return [json as JWK];
    throw new UsageError(`${spec} is JSON but neither a JWK nor a JWKS ({"keys": [...]})`);
  }
  if (trimmed.includes("-----BEGIN")) {
    try {
      const key = createPublicKey(trimmed); // a private key PEM yields its public half
      return [key.export({ format: "jwk" }) as JWK];
    } catch (e) {
      throw new UsageError(`${spec}: cannot read the PEM key (${(e as Error).message})`);
    }
  }
  throw new UsageError(`${spec} is not a JWK, a JWKS or a PEM public key`);
}

/** The JWS of --previous: a checkpoint.jws file, or the checkpoint.jws inside an earlier package. */
async function loadPrevious(path: string): Promise<string> {
  const bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${path}: ${e.code ?? e.message}`);
  });
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const zf = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, autoClose: false });
    try {
      for await (const entry of zf.eachEntry()) {
        if (entry.fileName !== "checkpoint.jws" || entry.uncompressedSize > 16 * 1024 * 1024) continue;
        const chunks: Buffer[] = [];
        for await (const c of await zf.openReadStreamPromise(entry)) chunks.push(c as Buffer);
        return Buffer.concat(chunks).toString("utf8").trim();
      }
    } finally {
      zf.close();
    }
    throw new UsageError(`${path} holds no checkpoint.jws`);
  }
  return bytes.toString("utf8").trim();
}

function location(f: VerifyFailure): string {
  const parts: string[] = [];
  if (f.path) parts.push(f.line !== undefined ? `${f.path}:${f.line}` : f.path);
  if (f.trace_id !== undefined) parts.push(`trace ${f.trace_id}`);
  if (f.seq !== undefined) parts.push(`seq ${f.seq}`);
  return parts.join(" ") || "-";
}

function printHuman(result: VerifyPackageResult): void {
  const s = result.summary;
  const lines: string[] = [];
  if (result.ok) lines.push("OK");
  else {
    lines.push(`FAILED (${result.failures.length} failure${result.failures.length === 1 ? "" : "s"})`);
    const width = Math.max(...result.failures.map((f) => f.code.length));
    const locWidth = Math.min(48, Math.max(...result.failures.map((f) => location(f).length)));
    for (const f of result.failures) lines.push(`  ${f.code.padEnd(width)}  ${location(f).padEnd(locWidth)}  ${f.message}`);
    if (s) lines.push("", "What the package claims (not trustworthy while failures are listed):");
  }
  if (!s) {
    lines.push("", "The archive was not read further: it is not a safe, readable ZIP.");
    console.log(lines.join("\n"));
    return;
  }
  const sig = s.signature === "valid" ? `signed by trusted key ${s.signer_kid}` : `signature ${s.signature}${s.signer_kid ? ` (header names key ${s.signer_kid})` : ""}`;
  lines.push(`  package      ${s.package_id ?? "(unknown)"}, issued ${s.issued_at ?? "(unknown)"}, ${sig}`);
  const range = s.time_range ? `, ${s.time_range.from} – ${s.time_range.to}` : "";
  lines.push(`  events       ${s.events} in ${s.traces.length} trace${s.traces.length === 1 ? "" : "s"}${range}`);
  lines.push(`  merkle root  ${s.root_hash ?? "(unknown)"} (tree size ${s.tree_size ?? "?"})`);
  for (const t of s.traces.slice(0, 20)) lines.push(`    ${t.id}  ${t.event_count} events, seq ${t.first_seq}–${t.last_seq}, head ${t.head_hash.slice(0, 16)}…`);
  if (s.traces.length > 20) lines.push(`    … and ${s.traces.length - 20} more traces`);
  if (s.policy_versions.length) {
    lines.push(`  policies     ${s.policy_versions.map((p) => `${p.bundle_id} v${p.version ?? "?"}${p.environment ? ` (${p.environment})` : ""}`).join(", ")}`);
  }
  lines.push(`  files        ${s.files} in the archive`);
  const c = s.consistency;
  lines.push(
    c.status === "none"
      ? "  history      no earlier export referenced"
      : `  history      consistency with ${c.previous_package_id} (${c.previous_tree_size} events, issued ${c.previous_issued_at}): ${c.status === "proved" ? "proved, only appended since" : "NOT proved"}`,
  );
  if (s.previous) {
    const p = s.previous;
    const what = { same: "the same tree", proved: "proved append-only by the package's consistency proof", not_proven: "older and smaller, but the package carries no proof from that size", rollback: "NEWER than this package (rollback)", invalid: "a different history (rewritten)", untrusted: "not signed by a trusted key" }[p.status];
    lines.push(`  --previous   ${p.package_id ?? "checkpoint"}${p.tree_size !== undefined ? ` (${p.tree_size} events, issued ${p.issued_at})` : ""}: ${what}`);
  }
  if (s.suppressed_failures) lines.push(`  (${s.suppressed_failures} further failures of the same kinds were not listed)`);
  console.log(lines.join("\n"));
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  let keys: JWK[] = [];
  let previous: string | undefined;
  try {
    args = parseArgs(process.argv.slice(2));
    for (const k of args.keys) keys.push(...(await loadKeys(k)));
    if (!normalizeTrustedKeys(keys).length) throw new UsageError(`no Ed25519 public key (OKP, crv Ed25519) in ${args.keys.join(", ")}`);
    if (args.previous) previous = await loadPrevious(args.previous);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) console.error(`verify: ${e.message}`);
      console.error(USAGE);
      return 2;
    }
    throw e;
  }
  let result: VerifyPackageResult;
  try {
    const st = await stat(args.zip!).catch((e: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${args.zip}: ${e.code ?? e.message}`);
    });
    if (!st.isFile()) throw new UsageError(`${args.zip} is not a file`);
    result = await verifyEvidencePackage(args.zip!, { trustedKeys: keys, previous });
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`verify: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (args.json) console.log(JSON.stringify(result, null, 2));
  else printHuman(result);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`verify: ${(e as Error).stack ?? e}`);
    process.exit(2);
  },
);
