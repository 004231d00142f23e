import type { TraceGraphResponse } from "@/lib/traces/graph-schemas";
import { KIND_STYLE } from "./graph-nodes";
import type { LayoutResult } from "./layout";

/**
 * Picture exports built from the laid-out positions (no rendering library): a standalone SVG with the same
 * cards, groups and highlighted taint edges as the canvas, and a PNG drawn from that SVG.
 */

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const TRUST_FILL: Record<string, string> = { trusted: "#059669", internal: "#0284c7", external: "#d97706", unverified: "#dc2626" };
const TRUST_SHAPE: Record<string, (x: number, y: number) => string> = {
  trusted: (x, y) => `<circle cx="${x + 5}" cy="${y + 5}" r="4.5"/>`,
  internal: (x, y) => `<rect x="${x + 0.5}" y="${y + 0.5}" width="9" height="9" rx="1"/>`,
  external: (x, y) => `<path d="M${x + 5} ${y}l5 9.5H${x}z"/>`,
  unverified: (x, y) => `<path d="M${x + 5} ${y - 0.5}l5.5 5.5-5.5 5.5-5.5-5.5z"/>`,
};
const DECISION_FILL: Record<string, string> = { allow: "#047857", block: "#b91c1c", require_approval: "#b45309", pending: "#475569" };

function badgeText(n: TraceGraphResponse["nodes"][number]): { text: string; color: string; trust?: string } | null {
  if ((n.kind === "source" || n.kind === "agent") && n.trust) return { text: n.trust_label ?? n.trust, color: TRUST_FILL[n.trust], trust: n.trust };
  if (n.kind === "execution" || n.kind === "budget") return n.status ? { text: n.status === "skipped" ? "not executed" : n.status.replace(/_/g, " "), color: n.status === "failed" || n.status === "violated" ? "#b91c1c" : "#047857" } : null;
  if (n.kind === "step") return n.access ? { text: n.access, color: n.access === "read" ? "#475569" : "#b45309" } : null;
  if (n.decision && n.decision !== "observed") return { text: n.decision === "require_approval" ? "approval required" : n.decision, color: DECISION_FILL[n.decision] ?? "#475569" };
  return null;
}

/** The graph as a standalone SVG document. `highlight` = ids of edges drawn as taint (all taint edges when absent). */
export function graphToSvg(g: TraceGraphResponse, layout: LayoutResult, highlight?: Set<string>): string {
  const pad = 24;
  const W = Math.ceil(layout.width + pad * 2);
  const H = Math.ceil(layout.height + pad * 2 + 28);
  const oy = pad + 28;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="ui-sans-serif, system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif">`);
  out.push(`<rect width="100%" height="100%" fill="#f8fafc"/>`);
  out.push(`<text x="${pad}" y="${pad + 8}" font-size="14" font-weight="600" fill="#0f172a">Execution graph · ${esc(g.trace_id)} · ${g.mode} · R_total ${g.r_total.toFixed(2)}</text>`);
  out.push(`<defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#94a3b8"/></marker><marker id="arr-t" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#dc2626"/></marker></defs>`);
  for (const gr of g.groups) {
    const b = layout.groups[gr.id];
    if (!b) continue;
    out.push(`<g><rect x="${pad + b.x}" y="${oy + b.y}" width="${b.width}" height="${b.height}" rx="8" fill="#f1f5f9" stroke="#cbd5e1"/>`);
    out.push(`<text x="${pad + b.x + 12}" y="${oy + b.y + 20}" font-size="12" font-weight="600" fill="#1e293b">${esc(clip(gr.label, 90))}</text>`);
    out.push(`<text x="${pad + b.x + b.width - 12}" y="${oy + b.y + 20}" font-size="11" fill="#334155" text-anchor="end">R_total ${gr.r_total === null ? "—" : gr.r_total.toFixed(2)}</text></g>`);
  }
  const taintSet = highlight ?? new Set(g.edges.filter((e) => e.taint).map((e) => e.id));
  const edges = [...g.edges].sort((a, b) => Number(taintSet.has(a.id)) - Number(taintSet.has(b.id))); // taint on top
  for (const e of edges) {
    const s = layout.nodes[e.source];
    const t = layout.nodes[e.target];
    if (!s || !t) continue;
    const x1 = pad + s.x + s.width, y1 = oy + s.y + s.height / 2;
    const x2 = pad + t.x, y2 = oy + t.y + t.height / 2;
    const dx = Math.max(40, Math.abs(x2 - x1) / 2);
    const hot = taintSet.has(e.id);
    out.push(`<path d="M${x1} ${y1}C${x1 + dx} ${y1} ${x2 - dx} ${y2} ${x2} ${y2}" fill="none" stroke="${hot ? "#dc2626" : "#94a3b8"}" stroke-width="${hot ? 2.5 : 1.2}" marker-end="url(#${hot ? "arr-t" : "arr"})"/>`);
  }
  for (const n of g.nodes) {
    const b = layout.nodes[n.id];
    if (!b) continue;
    const x = pad + b.x, y = oy + b.y;
    const k = KIND_STYLE[n.kind];
    const onTaint = g.taint_paths.some((p) => p.node_ids.includes(n.id));
    out.push(`<g>`);
    out.push(`<rect x="${x}" y="${y}" width="${b.width}" height="${b.height}" rx="6" fill="#ffffff" stroke="${onTaint ? "#dc2626" : "#cbd5e1"}" stroke-width="${onTaint ? 1.5 : 1}"/>`);
    out.push(`<rect x="${x}" y="${y}" width="6" height="${b.height}" rx="2" fill="${k.hex}"/>`);
    const head = `${n.kind === "source" && n.source_type ? n.source_type.replace(/_/g, " ") : k.title}${n.step != null && n.kind !== "step" ? ` · step ${n.step}` : ""}`.toUpperCase();
    out.push(`<text x="${x + 14}" y="${y + 17}" font-size="9.5" font-weight="600" fill="#64748b" letter-spacing=".4">${esc(clip(head, 28))}</text>`);
    const badge = badgeText(n);
    if (badge) {
      const bw = badge.text.length * 6 + (badge.trust ? 22 : 10);
      const bx = x + b.width - bw - 6;
      out.push(`<rect x="${bx}" y="${y + 6}" width="${bw}" height="15" rx="3" fill="#ffffff" stroke="${badge.color}"/>`);
      if (badge.trust) out.push(`<g fill="${badge.color}">${TRUST_SHAPE[badge.trust](bx + 4, y + 9)}</g>`);
      out.push(`<text x="${bx + (badge.trust ? 17 : 5)}" y="${y + 17}" font-size="10" font-weight="600" fill="${badge.color}">${esc(badge.text)}</text>`);
    }
    out.push(`<text x="${x + 14}" y="${y + 36}" font-size="12.5" font-weight="500" fill="#0f172a">${esc(clip(n.label, 32))}</text>`);
    if (n.sublabel) out.push(`<text x="${x + 14}" y="${y + 53}" font-size="11" fill="#64748b">${esc(clip(n.sublabel, 38))}</text>`);
    if (n.count > 1) out.push(`<text x="${x + b.width - 8}" y="${y + b.height - 7}" font-size="10" font-weight="700" fill="#1e293b" text-anchor="end">×${n.count}</text>`);
    out.push(`</g>`);
  }
  out.push(`</svg>`);
  return out.join("\n");
}

/** Draws the SVG on a canvas (2× when it fits within the browser's canvas limits) and returns a PNG blob. */
export async function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  const maxPixels = 120_000_000;
  const maxSide = 16_000;
  const scale = Math.max(0.1, Math.min(2, Math.sqrt(maxPixels / (width * height)), maxSide / width, maxSide / height));
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const img = new Image();
    img.decoding = "async";
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("the browser could not draw the SVG"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2D canvas available");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Width and height of the SVG document graphToSvg makes for a layout. */
export function svgSize(layout: LayoutResult) {
  return { width: Math.ceil(layout.width + 48), height: Math.ceil(layout.height + 48 + 28) };
}
