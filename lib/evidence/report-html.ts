import { GRAPH_COLUMNS, REPORT_LIMITS, type GraphEdge, type GraphNode, type ReportModel } from "./report-model";

/**
 * report.html of an evidence package: one self-contained page (inline CSS and SVG, no scripts, no fonts, images or
 * links to anything outside the file) that an auditor can open offline. It is a reading aid: the signed data is
 * events.jsonl and the checkpoint, which README.txt explains how to verify.
 */

export type ReportApproval = {
  id: string; trace_id: string; step_index: number; tool: string; status: string; requested_at: string;
  decided_at: string | null; decided_by: string | null; decided_by_name: string | null; note: string | null; binding: string;
};
export type ReportPolicy = { path: string; bundle_id: string; environment: string; version: number; sha256: string } | { missing: string };

export type ReportMeta = {
  packageId: string;
  issuedAt: string;
  signerKid: string;
  rootHash: string | null;
  treeSize: number;
  scopeNote: string | null;
  approvals: ReportApproval[];
  policies: ReportPolicy[];
  graphNote: string | null;
  /** engine/graph's taint paths in words (null when the graph was not computed) */
  taintPaths: Array<{ words: string; outcome: string; trust: string }> | null;
};

export function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const fmtRisk = (v: number | null | undefined) => (v == null ? "–" : v.toFixed(2));
const fmtTime = (iso: string | null | undefined) => (iso ? esc(iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")) : "–");

const DECISION_LABEL: Record<string, string> = {
  allow: "✓ Allow", block: "✕ Block", require_approval: "! Approval required", pending: "… Pending", observed: "· Observed",
  dry_run: "Dry run", explain: "Explain", approved: "✓ Approved", denied: "✕ Denied", expired: "Expired",
};
function badge(decision: string | null | undefined): string {
  if (!decision) return `<span class="b b-none">– None</span>`;
  return `<span class="b b-${esc(decision)}">${esc(DECISION_LABEL[decision] ?? decision)}</span>`;
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f8fafc}
header{background:#0f172a;color:#e2e8f0;padding:16px 24px}header h1{margin:0;font-size:18px}header p{margin:4px 0 0;color:#94a3b8}
main{padding:16px 24px;max-width:1400px}section{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:12px 16px;margin:0 0 16px}
h2{font-size:15px;margin:0 0 8px}h3{font-size:13px;margin:12px 0 6px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:3px 6px;border-bottom:1px solid #f1f5f9}
th{background:#f8fafc;color:#475569;font-weight:600;font-size:12px}td.n{text-align:right;font-variant-numeric:tabular-nums}
.mono,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere}td code{overflow-wrap:normal;white-space:nowrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}dt{color:#64748b}dd{margin:0}
.b{display:inline-block;white-space:nowrap;border-radius:3px;padding:0 5px;font-size:11px;font-weight:600;border:1px solid}
.b-allow,.b-approved{background:#ecfdf5;color:#065f46;border-color:#6ee7b7}.b-block,.b-denied{background:#fef2f2;color:#991b1b;border-color:#fca5a5}
.b-require_approval,.b-pending{background:#fffbeb;color:#92400e;border-color:#fcd34d}.b-none,.b-observed,.b-expired,.b-dry_run,.b-explain{background:#f8fafc;color:#475569;border-color:#cbd5e1}
.b-untrusted{background:#fef2f2;color:#991b1b;border-color:#fca5a5}
.note{color:#92400e;background:#fffbeb;border:1px solid #fcd34d;border-radius:4px;padding:4px 8px;margin:6px 0}
.muted{color:#64748b}.scroll{overflow-x:auto}td ol{margin:0;padding-left:18px}td.t{white-space:nowrap}td.r{min-width:28em}td.p code{white-space:normal;overflow-wrap:anywhere}ol li{margin:2px 0}
`;

export function renderReportHtml(model: ReportModel, meta: ReportMeta): string {
  const agents = [...new Set(model.traces.flatMap((t) => t.agents))].sort();
  const totalRisk = model.traces.reduce((s, t) => s + (t.r_total ?? 0), 0);
  const maxRisk = model.traces.reduce<number | null>((m, t) => (t.max_step_risk == null ? m : m == null ? t.max_step_risk : Math.max(m, t.max_step_risk)), null);
  const counts = model.decision_counts;
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`);
  parts.push(`<title>Evidence ${esc(meta.packageId)}</title><style>${CSS}</style></head><body>`);
  parts.push(`<header><h1>Replay Audit evidence package ${esc(meta.packageId)}</h1><p>Issued ${fmtTime(meta.issuedAt)} · ${model.traces.length} trace(s) · ${meta.treeSize} event(s). This page is a reading aid; what is signed is events.jsonl and checkpoint.jws (see “How to verify”).</p></header><main>`);

  // summary
  parts.push(`<section id="summary"><h2>Summary</h2><dl>`);
  const dl = (k: string, v: string) => parts.push(`<dt>${esc(k)}</dt><dd>${v}</dd>`);
  dl("Package id", `<code>${esc(meta.packageId)}</code>`);
  dl("Issued at", fmtTime(meta.issuedAt));
  dl("Traces", `${model.traces.length}: ${model.traces.map((t) => `<code>${esc(t.id)}</code>`).join(", ")}`);
  dl("Agents", agents.length ? agents.map((a) => `<code>${esc(a)}</code>`).join(", ") : "–");
  dl("Time range", `${fmtTime(model.time_range.from)} → ${fmtTime(model.time_range.to)}`);
  dl("Events", String(model.event_count));
  dl("Decisions", Object.keys(counts).length ? Object.entries(counts).sort().map(([d, n]) => `${badge(d)} ${n}`).join(" &nbsp; ") : "none");
  dl("Max step risk", fmtRisk(maxRisk));
  dl("Total risk (R_total summed over traces)", fmtRisk(model.traces.some((t) => t.r_total != null) ? totalRisk : null));
  dl("Merkle root (RFC 6962)", meta.rootHash ? `<code>${esc(meta.rootHash)}</code> over ${meta.treeSize} event hash(es)` : "see checkpoint.json");
  dl("Signer key id", `<code>${esc(meta.signerKid)}</code> (Ed25519, purpose evidence_checkpoint)`);
  dl("Policy versions", meta.policies.length ? meta.policies.map((p) => ("missing" in p ? `<span class="note">${esc(p.missing)}</span>` : `<code>${esc(p.path)}</code> (${esc(p.bundle_id)} v${p.version}, ${esc(p.environment)})`)).join("<br>") : "none referenced");
  parts.push(`</dl>`);
  if (meta.scopeNote) parts.push(`<p class="note">${esc(meta.scopeNote)}</p>`);
  parts.push(`<h3>Traces</h3><div class="scroll"><table><thead><tr><th>Trace</th><th>Agents</th><th>From</th><th>To</th><th class="n">Events</th><th>Final decision</th><th>Verdict</th><th class="n">Max step risk</th><th class="n">R_total</th><th>Parent trace</th></tr></thead><tbody>`);
  for (const t of model.traces) {
    parts.push(`<tr><td><a href="#tl-${esc(anchor(t.id))}"><code>${esc(t.id)}</code></a></td><td>${esc(t.agents.join(", "))}</td><td class="t">${fmtTime(t.first)}</td><td class="t">${fmtTime(t.last)}</td><td class="n">${t.event_count}</td><td title="${esc(t.final_reason ?? "")}" data-decision="${esc(t.final_decision ?? "")}">${badge(t.final_decision)}</td><td>${esc(t.verdict ?? "–")}${t.foreign ? `<br><span class="muted" data-foreign="${esc(t.foreign.kind)}" title="${esc(t.foreign.reason)}">foreign: ${esc(t.foreign.kind.replace(/_/g, " "))}</span>` : ""}</td><td class="n">${fmtRisk(t.max_step_risk)}</td><td class="n">${fmtRisk(t.r_total)}</td><td>${t.parent_trace_id ? `<code>${esc(t.parent_trace_id)}</code>` : "–"}</td></tr>`);
  }
  parts.push(`</tbody></table></div></section>`);

  // graph
  parts.push(`<section id="graph"><h2>Execution graph</h2><p class="muted">Sources of instructions and data (left) and each event placed in its pipeline stage; arrows follow recorded parent ids and provenance references, never timestamps. Sources marked <span class="b b-untrusted">! untrusted</span> are external or unverified. The full graph is in graph.json.</p>`);
  if (model.graph.cut > 0) parts.push(`<p class="note">The picture shows the first ${model.graph.nodes.length} nodes; ${model.graph.cut} later event(s) are not drawn (the timeline and events.jsonl have them).</p>`);
  if (meta.graphNote) parts.push(`<p class="note">${esc(meta.graphNote)}</p>`);
  parts.push(`<div class="scroll">${renderGraphSvg(model.graph.nodes, model.graph.edges)}</div>`);
  if (meta.taintPaths) {
    parts.push(`<h3>Taint paths: untrusted sources that reached a writing or outbound step</h3>`);
    if (!meta.taintPaths.length) parts.push(`<p class="muted">None: no external or unverified source reached a state-changing or outbound action.</p>`);
    else parts.push(`<ol>${meta.taintPaths.map((p) => `<li><span class="b b-untrusted">! ${esc(p.trust)}</span> ${esc(p.words)} <span class="muted">(${esc(p.outcome.replace(/_/g, " "))})</span></li>`).join("")}</ol>`);
  }
  parts.push(`</section>`);

  // decisions
  parts.push(`<section id="decisions"><h2>Decisions</h2>`);
  if (!model.decisions.length) parts.push(`<p class="muted">No allow / block / approval decisions in these traces.</p>`);
  else {
    parts.push(`<div class="scroll"><table><thead><tr><th>Trace</th><th class="n">Seq</th><th>Time</th><th class="n">Step</th><th>Tool</th><th>Decision</th><th>Reasons</th><th>Determining policies</th><th class="n">R_total</th></tr></thead><tbody>`);
    for (const d of model.decisions) {
      parts.push(`<tr><td><code>${esc(d.trace_id)}</code></td><td class="n">${d.seq}</td><td class="t">${fmtTime(d.timestamp)}</td><td class="n">${d.step ?? "–"}</td><td><code>${esc(d.tool ?? "–")}</code></td><td>${badge(d.decision)}</td><td class="r">${d.reasons.length ? `<ol>${d.reasons.map((r) => `<li>${esc(r)}</li>`).join("")}</ol>` : "–"}</td><td class="p">${d.determining.map((p) => `<code>${esc(p)}</code>`).join("<br>") || "–"}${d.policy ? `<div class="muted">${esc(d.policy)}</div>` : ""}</td><td class="n">${fmtRisk(d.r_total)}</td></tr>`);
    }
    parts.push(`</tbody></table></div>`);
    if (model.decisions_cut) parts.push(`<p class="note">${model.decisions_cut} further decision(s) are not listed here; events.jsonl has them all.</p>`);
  }
  parts.push(`</section>`);

  // approvals
  parts.push(`<section id="approvals"><h2>Approvals</h2>`);
  if (!meta.approvals.length && !model.approval_events.length) parts.push(`<p class="muted">No approvals were requested in these traces.</p>`);
  if (meta.approvals.length) {
    parts.push(`<h3>Approval requests (approvals.json)</h3><div class="scroll"><table><thead><tr><th>Approval</th><th>Trace</th><th class="n">Step</th><th>Tool</th><th>Status</th><th>Requested</th><th>Decided</th><th>Approver</th><th>Note</th></tr></thead><tbody>`);
    for (const a of meta.approvals) {
      parts.push(`<tr><td><code>${esc(a.id)}</code></td><td><code>${esc(a.trace_id)}</code></td><td class="n">${a.step_index}</td><td><code>${esc(a.tool)}</code></td><td>${badge(a.status)}</td><td class="t">${fmtTime(a.requested_at)}</td><td class="t">${fmtTime(a.decided_at)}</td><td>${esc(a.decided_by_name ?? "")}${a.decided_by ? ` <span class="muted">&lt;${esc(a.decided_by)}&gt;</span>` : a.decided_by_name ? "" : "–"}</td><td>${esc(a.note ?? "") || "–"}</td></tr>`);
    }
    parts.push(`</tbody></table></div>`);
  }
  if (model.approval_events.length) {
    parts.push(`<h3>Approval events in the chain</h3><div class="scroll"><table><thead><tr><th>Trace</th><th class="n">Seq</th><th>Time</th><th>Event</th><th>Approval</th><th>Status</th><th>Approver</th><th>Note</th></tr></thead><tbody>`);
    for (const a of model.approval_events) {
      parts.push(`<tr><td><code>${esc(a.trace_id)}</code></td><td class="n">${a.seq}</td><td class="t">${fmtTime(a.timestamp)}</td><td><code>${esc(a.type)}</code></td><td><code>${esc(a.approval_id)}</code></td><td>${a.status ? badge(a.status) : "–"}</td><td>${esc(a.actor ?? "–")}</td><td>${esc(a.note ?? "–")}</td></tr>`);
    }
    parts.push(`</tbody></table></div>`);
    if (model.approval_events_cut) parts.push(`<p class="note">${model.approval_events_cut} further approval event(s) are not listed.</p>`);
  }
  parts.push(`</section>`);

  // timeline
  parts.push(`<section id="timeline"><h2>Timeline</h2><p class="muted">Events in chain order (by seq). Up to ${REPORT_LIMITS.timelinePerTrace} events per trace are listed.</p>`);
  for (const t of model.traces) {
    parts.push(`<h3 id="tl-${esc(anchor(t.id))}">${esc(t.id)} <span class="muted">(${t.event_count} events)</span></h3><div class="scroll"><table><thead><tr><th class="n">Seq</th><th>Time</th><th>Stage</th><th>Type</th><th class="n">Step</th><th>Tool</th><th>Decision</th><th class="n">Risk</th><th>Reason</th></tr></thead><tbody>`);
    for (const r of t.timeline) {
      parts.push(`<tr><td class="n">${r.seq}</td><td class="t">${fmtTime(r.timestamp)}</td><td>${esc(r.stage)}</td><td><code>${esc(r.type)}</code>${r.trust ? ` <span class="b b-untrusted">! ${esc(r.trust)}</span>` : ""}</td><td class="n">${r.step ?? ""}</td><td>${r.tool ? `<code>${esc(r.tool)}</code>` : ""}</td><td>${r.decision ? badge(r.decision) : ""}</td><td class="n">${r.risk == null ? "" : fmtRisk(r.risk)}</td><td>${esc(r.reason ?? "")}</td></tr>`);
    }
    parts.push(`</tbody></table></div>`);
    if (t.timeline_cut) parts.push(`<p class="note">${t.timeline_cut} later event(s) of this trace are not listed here; events.jsonl has all ${t.event_count}.</p>`);
  }
  parts.push(`</section>`);

  parts.push(`<section id="verify"><h2>How to verify</h2><ol>
<li>Get the server's evidence public key out of band (not from this package): <code>GET /api/v1/.well-known/evidence-jwks.json</code> on the Replay Audit server, saved as <code>jwks.json</code>. The signer of this package is <code>${esc(meta.signerKid)}</code>.</li>
<li>Run <code>npm run verify -- evidence.zip --key jwks.json</code> in a Replay Audit checkout (or upload the ZIP on the server's “Verify evidence” page, which uses the server's own keys).</li>
<li>The verifier checks the Ed25519 signature of checkpoint.jws, that checkpoint.json is its payload, every file against manifest.json (size and SHA-256), every event's hash chain from the genesis hash, the Merkle root and tree size, and, when consistency.json is present, that this package only appends to the earlier export.</li>
</ol><p class="muted">Any failure is reported with a code and the file, line, trace and seq it concerns. README.txt in this package says the same.</p></section>`);
  parts.push(`</main></body></html>\n`);
  return parts.join("");
}

function anchor(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_");
}

/**
 * The graph as inline SVG: a deterministic layered layout (column = provenance sources, then pipeline stage; row
 * = order of first appearance in the chain), one band per trace. Same events in, same picture out.
 */
export function renderGraphSvg(nodes: GraphNode[], edges: GraphEdge[]): string {
  if (!nodes.length) return `<p class="muted">No events to draw.</p>`;
  const COL_W = 200, NODE_W = 172, NODE_H = 34, ROW_H = 44, BAND_GAP = 28, LEFT = 8, HEADER = 22;
  const traces: string[] = [];
  for (const n of nodes) if (!traces.includes(n.trace_id)) traces.push(n.trace_id);
  const usedCols = [...new Set(nodes.map((n) => n.column))].sort((a, b) => a - b);
  const colX = new Map(usedCols.map((c, i) => [c, LEFT + i * COL_W]));
  const pos = new Map<string, { x: number; y: number }>();
  const body: string[] = [];
  let y = HEADER;
  for (const tid of traces) {
    const rows = new Map<number, number>();
    const tn = nodes.filter((n) => n.trace_id === tid);
    body.push(`<text x="${LEFT}" y="${y + 12}" class="tl">${esc(tid)}</text>`);
    const top = y + 20;
    for (const n of tn) {
      const r = rows.get(n.column) ?? 0;
      rows.set(n.column, r + 1);
      pos.set(n.id, { x: colX.get(n.column)!, y: top + r * ROW_H });
    }
    y = top + Math.max(...rows.values()) * ROW_H + BAND_GAP;
  }
  // the last column's arrows and boxes end NODE_W into it, plus room for the trace label; the SVG then scales down to
  // its container (down to a readable minimum, below which the .scroll wrapper scrolls) instead of being cut off
  const width = Math.max(LEFT + (usedCols.length - 1) * COL_W + NODE_W + LEFT, LEFT + 7 * Math.max(...traces.map((t) => t.length)));
  const height = y;
  const out: string[] = [];
  out.push(`<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="width:100%;max-width:${width}px;min-width:${Math.min(width, 720)}px;height:auto;display:block" role="img" aria-label="Execution graph" data-testid="report-graph">`);
  out.push(`<defs><marker id="ah" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L8,4L0,8z" fill="#94a3b8"/></marker></defs>`);
  out.push(`<style>.tl{font:600 12px system-ui,sans-serif;fill:#334155}.ch{font:600 11px system-ui,sans-serif;fill:#64748b;text-transform:uppercase}.nl{font:600 11px system-ui,sans-serif;fill:#0f172a}.ns{font:10px system-ui,sans-serif;fill:#475569}</style>`);
  for (const c of usedCols) out.push(`<text x="${colX.get(c)! + 4}" y="14" class="ch">${esc(GRAPH_COLUMNS[c])}</text>`);
  for (const e of edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x, y2 = b.y + NODE_H / 2;
    const dx = Math.max(30, Math.abs(x2 - x1) / 2);
    out.push(`<path d="M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}" fill="none" stroke="#94a3b8" stroke-width="1.2" marker-end="url(#ah)"/>`);
  }
  out.push(body.join(""));
  for (const n of nodes) {
    const p = pos.get(n.id)!;
    const style = nodeStyle(n);
    out.push(`<g><title>${esc(`${n.label} — ${n.sub}`)}</title><rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="${n.kind === "source" ? 12 : 4}" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="4 3"` : ""}/>`);
    // texts are cut to the box (the full text is in the <title>), so none runs into the next column or off the edge
    out.push(`<text x="${p.x + 6}" y="${p.y + 14}" class="nl">${esc(fit(style.prefix + n.label, 25))}</text><text x="${p.x + 6}" y="${p.y + 27}" class="ns">${esc(fit(n.sub, 29))}</text></g>`);
  }
  out.push(`</svg>`);
  return out.join("");
}

/** Cuts `text` to `max` characters with an ellipsis (a node box holds about 25 label or 29 sub-line characters). */
function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join("") + "…";
}

function nodeStyle(n: GraphNode): { fill: string; stroke: string; width: number; dash: boolean; prefix: string } {
  if (n.kind === "source") {
    return n.untrusted
      ? { fill: "#fef2f2", stroke: "#dc2626", width: 2, dash: true, prefix: "! " }
      : { fill: "#f8fafc", stroke: "#94a3b8", width: 1, dash: false, prefix: "" };
  }
  switch (n.decision) {
    case "block": return { fill: "#fef2f2", stroke: "#dc2626", width: 2, dash: false, prefix: "✕ " };
    case "allow": return { fill: "#ecfdf5", stroke: "#059669", width: 1, dash: false, prefix: "✓ " };
    case "require_approval": return { fill: "#fffbeb", stroke: "#d97706", width: 2, dash: false, prefix: "! " };
    default: return { fill: "#ffffff", stroke: "#cbd5e1", width: 1, dash: false, prefix: "" };
  }
}
