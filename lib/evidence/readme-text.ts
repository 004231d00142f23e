/** README.txt of an evidence package: how to verify it, and what the trusted key is. */
export function renderReadme(input: { packageId: string; signerKid: string; traceIds: string[] }): string {
  const traces = input.traceIds.length <= 20 ? input.traceIds.join(", ") : `${input.traceIds.slice(0, 20).join(", ")} and ${input.traceIds.length - 20} more`;
  const title = `Replay Audit evidence package ${input.packageId}`;
  return `${title}
${"=".repeat(title.length)}

Traces: ${traces}
Signed by key id: ${input.signerKid} (Ed25519, purpose evidence_checkpoint)

What is inside
--------------
events.jsonl      every event of the traces, whole hash chains in chain order, one canonical JSON (RFC 8785)
                  object per line: trace_id, seq, prev_hash, hash, raw_sha256, raw (the bytes received), event
checkpoint.json   what is signed: package id, time, tree size, RFC 6962 Merkle root over the event hashes,
                  the traces with their head hashes, time range, policy versions, SHA-256 of manifest.json
checkpoint.jws    the Ed25519 signature (compact JWS) over exactly the bytes of checkpoint.json
manifest.json     path, size and SHA-256 of every other file
policies/*.json   the policy bundle versions the events name (content and uploaded sources)
approvals.json    the approval requests of the traces: approver, time, note, binding
graph.json        the execution graph; diff.json: the replay diff per trace
report.html       a readable summary for people (opens offline; not itself evidence beyond its manifest hash)
consistency.json  (when present) the previous export of the same traces and an RFC 6962 consistency proof
                  that this package only appends to it

How to verify
-------------
1. Get the trusted public key OUT OF BAND, never from this ZIP: the Replay Audit server publishes it at
     GET /api/v1/.well-known/evidence-jwks.json
   Save the response as jwks.json (or obtain it from the server's operator through a channel you trust).
   A key shipped inside a package proves nothing, so the verifier never uses one.
2. In a Replay Audit checkout run:
     npm run verify -- evidence-${input.packageId}.zip --key jwks.json
   (--key also takes a JWKS URL). Alternatively upload the ZIP on the server's "Verify evidence" page or to
     POST /api/v1/evidence/verify
   which checks it against the server's own evidence keys.
3. The verifier prints OK with a summary, or every failure with a code and where it is (file, line, trace, seq).

What the checks mean
--------------------
- signature: checkpoint.jws verifies with a trusted key, and checkpoint.json is exactly its payload.
- files: manifest.json's SHA-256 is the one in the checkpoint; every file matches its manifest entry; no file
  is missing and none was added.
- events: each line's hash is sha256 of the canonical {event, prev_hash, raw_sha256, seq}; raw_sha256 is the
  SHA-256 of raw; seq runs 1, 2, 3 ... per trace and prev_hash links to the previous line (the first to 64 zeros);
  the last hash of each trace is the head in the checkpoint. Any edited, deleted, reordered or duplicated event
  breaks this.
- Merkle root: the RFC 6962 root over the event hashes in file order equals checkpoint.root_hash, and the count
  equals tree_size.
- history: with consistency.json, the earlier checkpoint is signed by a trusted key, is not newer than this one,
  and the consistency proof shows the earlier tree is a prefix of this one (events were only appended).
  If you already hold an earlier checkpoint of these traces, add --previous <that checkpoint.jws or package.zip>:
  the verifier then also refuses a package older than it (rollback).
`;
}
