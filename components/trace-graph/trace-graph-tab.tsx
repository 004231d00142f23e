"use client";
import "@xyflow/react/dist/style.css";
import { useQuery } from "@tanstack/react-query";
import {
  Background, ControlButton, Controls, MarkerType, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, type Edge,
  type MiniMapNodeProps, type Node, type ReactFlowInstance,
} from "@xyflow/react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { EventRow } from "@/lib/events/schemas";
import type { TraceGraphResponse } from "@/lib/traces/graph-schemas";
import { fetchEvent } from "@/components/trace/api";
import { Spinner } from "@/components/ui/spinner";
import { fetchTraceGraph, type GraphMode } from "./api";
import { downloadBlob } from "@/components/ui/download-blob";
import { graphToSvg, svgSize, svgToPng } from "./export";
import { ExecNode, KIND_STYLE, TraceGroupNode, type GraphFlowNode, type GroupFlowNode } from "./graph-nodes";
import { NODE_H, NODE_W, type LayoutInput, type LayoutResult } from "./layout";
import { TaintPathList } from "./taint-path-list";
import { useElkLayout } from "./use-elk-layout";

const nodeTypes = { exec: ExecNode, tracegroup: TraceGroupNode };

/**
 * The execution graph tab of a trace (issue 4): the trace joined with its parent and child traces, laid out by
 * ELK in a web worker, with taint paths listed in words beside it. `?graph=expanded` switches from the default
 * aggregated view; clicking a node opens the event inspector on the first event it stands for.
 */
export function TraceGraphTab({ traceId, onOpenEvent }: { traceId: string; onOpenEvent: (ev: EventRow) => void }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const mode: GraphMode = search.get("graph") === "expanded" ? "expanded" : "aggregated";
  const setMode = useCallback(
    (m: GraphMode) => {
      const p = new URLSearchParams(search.toString());
      if (m === "expanded") p.set("graph", "expanded");
      else p.delete("graph");
      router.replace(`${pathname}?${p.toString()}`, { scroll: false });
    },
    [router, pathname, search],
  );

  const q = useQuery({ queryKey: ["trace-graph", traceId, mode], queryFn: () => fetchTraceGraph(traceId, mode), staleTime: 30_000 });
  const input = useMemo<LayoutInput | null>(() => {
    if (!q.data) return null;
    return {
      nodes: q.data.nodes.map((n) => ({ id: n.id, group: n.group, width: NODE_W, height: NODE_H })),
      groups: q.data.groups.map((g) => ({ id: g.id })),
      edges: q.data.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
    };
  }, [q.data]);
  const layout = useElkLayout(input);

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2" data-testid="trace-graph">
      <Toolbar mode={mode} setMode={setMode} graph={q.data ?? null} layout={layout.result} layoutWhere={layout.where} workerError={layout.workerError} />
      {q.data?.truncated && (
        <Banner tone="amber">
          Showing the first {q.data.truncated.shown_nodes.toLocaleString("en-US")} of {q.data.truncated.total_nodes.toLocaleString("en-US")} nodes: {q.data.truncated.reason}.{" "}
          <button className="font-semibold underline" onClick={() => setMode("aggregated")}>Switch to aggregated</button>
        </Banner>
      )}
      {q.data?.load_limits && <Banner tone="amber">{q.data.load_limits.reason}.</Banner>}
      {q.error ? (
        <div className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800" role="alert">
          Could not load the execution graph: {q.error.message}{" "}
          <button onClick={() => q.refetch()} className="ml-2 font-semibold underline">Retry</button>
        </div>
      ) : q.isLoading || !q.data ? (
        <Placeholder><Spinner /> Loading the execution graph…</Placeholder>
      ) : q.data.nodes.length === 0 ? (
        <Placeholder>This trace has no events yet, so there is nothing to draw.</Placeholder>
      ) : layout.status === "error" ? (
        <div className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800" role="alert">Layout failed: {layout.error}</div>
      ) : !layout.result || layout.status === "running" ? (
        <Placeholder><Spinner /> Laying out {q.data.nodes.length.toLocaleString("en-US")} nodes…</Placeholder>
      ) : (
        <ReactFlowProvider>
          <GraphBody graph={q.data} layout={layout.result} onOpenEvent={onOpenEvent} />
        </ReactFlowProvider>
      )}
    </div>
  );
}

function Placeholder({ children }: { children: React.ReactNode }) {
  return <div className="flex min-h-[420px] flex-1 items-center justify-center gap-2 rounded-md border border-dashed border-slate-300 bg-white text-sm text-slate-500">{children}</div>;
}

function Banner({ tone, children }: { tone: "amber"; children: React.ReactNode }) {
  return <div className={`rounded-md border px-3 py-1.5 text-xs ${tone === "amber" ? "border-amber-300 bg-amber-50 text-amber-900" : ""}`} role="status">{children}</div>;
}

function Toolbar({ mode, setMode, graph, layout, layoutWhere, workerError }: {
  mode: GraphMode; setMode: (m: GraphMode) => void; graph: TraceGraphResponse | null; layout: LayoutResult | null; layoutWhere: string | null; workerError: string | null;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const base = graph ? `execution-graph-${graph.trace_id}-${graph.mode}` : "execution-graph";
  async function exportAs(kind: "svg" | "png" | "json") {
    if (!graph) return;
    setErr(null);
    setBusy(kind);
    try {
      if (kind === "json") downloadBlob(`${base}.json`, new Blob([JSON.stringify(graph, null, 2)], { type: "application/json" }));
      else if (layout) {
        const svg = graphToSvg(graph, layout);
        if (kind === "svg") downloadBlob(`${base}.svg`, new Blob([svg], { type: "image/svg+xml" }));
        else {
          const { width, height } = svgSize(layout);
          downloadBlob(`${base}.png`, await svgToPng(svg, width, height));
        }
      }
    } catch (e) {
      setErr(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }
  const traces = graph?.groups.length ?? 0;
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-white px-3 py-2">
      <div className="inline-flex rounded-md ring-1 ring-inset ring-slate-300" role="group" aria-label="Graph mode">
        {(["aggregated", "expanded"] as const).map((m) => (
          <button
            key={m}
            onClick={() => setMode(m)}
            aria-pressed={mode === m}
            className={`px-2.5 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md ${mode === m ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-50"}`}
            title={m === "aggregated" ? "Fold repeated steps into one node with a count" : "Draw every step (at most 3,000 nodes)"}
          >
            {m === "aggregated" ? "Aggregated" : "Expanded"}
          </button>
        ))}
      </div>
      {graph && (
        <div className="flex items-center gap-3 text-xs text-slate-600">
          <span className="tabular-nums">{graph.nodes.length.toLocaleString("en-US")} nodes · {graph.edges.length.toLocaleString("en-US")} edges</span>
          <span className="tabular-nums">{traces} trace{traces === 1 ? "" : "s"}{traces > 1 ? " (cross-agent)" : ""}</span>
          <span className="rounded bg-slate-100 px-2 py-0.5 font-semibold tabular-nums text-slate-800 ring-1 ring-inset ring-slate-300" title="Sum of each trace's final R_total over the whole graph (spec §22.2)" data-testid="graph-r-total">
            R_total {graph.r_total.toFixed(2)}{traces > 1 ? " (all traces)" : ""}
          </span>
          {layout && (
            <span className="text-slate-500" title={workerError ? `ELK layered layout. The web worker failed: ${workerError}` : "ELK layered layout"} data-testid="graph-layout-time">
              laid out in {layout.ms} ms{layoutWhere ? ` (${layoutWhere}${workerError ? ", worker failed" : ""})` : ""}
            </span>
          )}
        </div>
      )}
      <div className="ml-auto flex items-center gap-1.5">
        {err && <span className="text-xs text-red-700" role="alert">Export failed: {err}</span>}
        <span className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">Export</span>
        {(["svg", "png", "json"] as const).map((k) => (
          <button
            key={k}
            onClick={() => exportAs(k)}
            disabled={!graph || (k !== "json" && !layout) || busy !== null}
            className="rounded px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40"
          >
            {busy === k ? "…" : k.toUpperCase()}
          </button>
        ))}
      </div>
    </div>
  );
}

function GraphBody({ graph, layout, onOpenEvent }: { graph: TraceGraphResponse; layout: LayoutResult; onOpenEvent: (ev: EventRow) => void }) {
  const [pathId, setPathId] = useState<string | null>(null);
  const [openErr, setOpenErr] = useState<string | null>(null);
  const rf = useReactFlow();
  const path = graph.taint_paths.find((p) => p.id === pathId) ?? null;

  const { nodes, edges } = useMemo(() => {
    const onPath = new Set(path?.node_ids ?? []);
    const pathEdges = new Set(path?.edge_ids ?? []);
    const taintNodes = new Set(graph.taint_paths.flatMap((p) => p.node_ids));
    const out: Node[] = [];
    for (const g of graph.groups) {
      const b = layout.groups[g.id];
      if (!b) continue;
      const gn: GroupFlowNode = {
        id: g.id, type: "tracegroup", position: { x: b.x, y: b.y }, data: { g, dim: false },
        // explicit sizes (from the layout): React Flow keeps measured sizes only on its internal nodes when nodes
        // are controlled, and the minimap reads the sizes of the nodes passed in — without these it drew nothing
        width: b.width, height: b.height, style: { width: b.width, height: b.height }, selectable: false, draggable: false, zIndex: -1,
      };
      out.push(gn);
    }
    for (const n of graph.nodes) {
      const b = layout.nodes[n.id];
      if (!b) continue;
      const parent = n.group ? layout.groups[n.group] : undefined;
      const fn: GraphFlowNode = {
        id: n.id, type: "exec",
        position: parent ? { x: b.x - parent.x, y: b.y - parent.y } : { x: b.x, y: b.y },
        ...(parent ? { parentId: n.group! } : {}),
        data: { n, onPath: onPath.has(n.id), dim: path !== null && !onPath.has(n.id), taint: taintNodes.has(n.id) },
        width: b.width, height: b.height,
        draggable: false,
      };
      out.push(fn);
    }
    const es: Edge[] = graph.edges.map((e) => {
      const hot = path ? pathEdges.has(e.id) : e.taint;
      const faded = path !== null && !pathEdges.has(e.id);
      const color = hot ? "#dc2626" : "#94a3b8";
      return {
        id: e.id, source: e.source, target: e.target, animated: path !== null && hot,
        style: { stroke: color, strokeWidth: hot ? (path ? 3 : 2.25) : 1.25, opacity: faded ? 0.25 : 1 },
        markerEnd: { type: MarkerType.ArrowClosed, color, width: 16, height: 16 },
        zIndex: hot ? 5 : 0,
        ariaLabel: `${e.kinds.join(", ")} edge${e.count > 1 ? ` ×${e.count}` : ""}`,
      };
    });
    return { nodes: out, edges: es };
  }, [graph, layout, path]);

  const selectPath = useCallback(
    (id: string | null) => {
      setPathId(id);
      const p = graph.taint_paths.find((x) => x.id === id);
      if (p) {
        const visible = p.node_ids.filter((n) => layout.nodes[n]);
        if (visible.length) void rf.fitView({ nodes: visible.map((n) => ({ id: n })), duration: 400, padding: 0.25, maxZoom: 1.2 });
      }
    },
    [graph, layout, rf],
  );

  const onNodeClick = useCallback(
    async (_: unknown, node: Node) => {
      if (node.type !== "exec") return;
      const n = (node as GraphFlowNode).data.n;
      const first = n.event_ids[0];
      if (!first) return;
      setOpenErr(null);
      try {
        onOpenEvent(await fetchEvent(first));
      } catch (e) {
        setOpenErr(`Could not open event ${first}: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    [onOpenEvent],
  );

  // first view: the whole graph when it fits at a readable zoom, else a readable start (see firstView)
  // (set in onInit, when React Flow's pan/zoom is ready: the viewport is computed from the layout, no measuring)
  const box = useRef<HTMLDivElement>(null);
  const framed = useRef(false);
  const [fits, setFits] = useState(true);
  const onInit = useCallback(
    (inst: ReactFlowInstance<Node, Edge>) => {
      if (framed.current || !box.current) return;
      framed.current = true;
      const { clientWidth: w, clientHeight: h } = box.current;
      const v = firstView(layout, graph, w, h);
      setFits(v.fits);
      void inst.setViewport({ x: v.x, y: v.y, zoom: v.zoom });
    },
    [graph, layout],
  );

  // the minimap: only when the graph is bigger than the canvas at a readable zoom (toggle in the controls)
  const [mapOpen, setMapOpen] = useState<boolean | null>(null);
  const showMap = mapOpen ?? !fits;
  const mapNodeColor = useCallback(
    (n: Node) => (n.type === "exec" ? ((n as GraphFlowNode).data.taint ? "#dc2626" : KIND_STYLE[(n as GraphFlowNode).data.n.kind].hex) : "#f1f5f9"),
    [],
  );
  // in map units a node is often far below one pixel (the crawl is 560,000 px wide): draw every node at least
  // MAP_MIN_PX on screen so the map shows where the nodes are
  const mapScale = Math.max(layout.width / MAP_W, layout.height / MAP_H, 1);
  const MapNode = useMemo(() => {
    const min = MAP_MIN_PX * mapScale;
    return function MapNode({ x, y, width, height, color }: MiniMapNodeProps) {
      const w = Math.max(width, min);
      const hh = Math.max(height, min);
      return <rect x={x} y={y + (height - hh) / 2} width={w} height={hh} fill={color} rx={Math.min(4 * mapScale, w / 4)} />;
    };
  }, [mapScale]);

  const big = graph.nodes.length > 400;
  return (
    <div className="flex h-[calc(100vh-140px)] min-h-[600px] flex-1 gap-3">
      <div ref={box} className="relative min-w-0 flex-1 overflow-hidden rounded-md border border-slate-200 bg-slate-50" data-testid="graph-canvas">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodeClick={onNodeClick}
          onInit={onInit}
          onPaneClick={() => path && setPathId(null)}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          onlyRenderVisibleElements={big}
          minZoom={0.02}
          maxZoom={2}
        >
          <Background gap={24} size={1} color="#e2e8f0" />
          <Controls showInteractive={false} position="bottom-left">
            {graph.nodes.length > 1 && (
              <ControlButton onClick={() => setMapOpen(!showMap)} title={showMap ? "Hide the minimap" : "Show the minimap"} aria-label={showMap ? "Hide the minimap" : "Show the minimap"} aria-pressed={showMap}>
                <svg viewBox="0 0 16 16" aria-hidden className="!max-h-[14px] !max-w-[14px]">
                  <rect x="1.5" y="3" width="13" height="10" rx="1" fill="none" stroke="currentColor" strokeWidth="1.5" />
                  <rect x="4" y="5.5" width="5" height="4" fill="currentColor" opacity={showMap ? 1 : 0.35} />
                </svg>
              </ControlButton>
            )}
          </Controls>
          {showMap && (
            <MiniMap
              pannable
              zoomable
              position="bottom-right"
              style={{ width: MAP_W, height: MAP_H }}
              nodeColor={mapNodeColor}
              nodeComponent={MapNode}
              bgColor="#ffffff"
              maskColor="rgba(15,23,42,0.14)"
              maskStrokeColor="#4f46e5"
              maskStrokeWidth={2}
              offsetScale={4}
              ariaLabel="Minimap: the whole graph; drag to pan"
              className="!m-2 !rounded !border !border-slate-300 !shadow-sm"
              data-testid="graph-minimap"
            />
          )}
        </ReactFlow>
        {openErr && <div className="absolute bottom-3 left-1/2 z-10 -translate-x-1/2 rounded border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800" role="alert">{openErr}</div>}
        <Legend />
      </div>
      <aside className="flex w-[380px] shrink-0 flex-col gap-3 overflow-y-auto" aria-label="Taint paths and traces">
        <TaintPathList graph={graph} selected={pathId} onSelect={selectPath} />
        <GroupList graph={graph} />
      </aside>
    </div>
  );
}

const MAP_W = 180;
const MAP_H = 110;
const MAP_MIN_PX = 2;
/** Below this zoom node text is unreadable: the first view never starts further out. */
const MIN_READABLE_ZOOM = 0.35;
const HUGE_START_ZOOM = 0.6;
const FIT_PAD = 16;

/**
 * The first viewport. The whole graph, centred, when it fits at ≥ MIN_READABLE_ZOOM (moderate graphs: layout.ts
 * wraps each trace to about the canvas's aspect ratio, so they do); a moderate graph that still does not fit opens
 * at that zoom at its top-left; a really large one (> 400 nodes) at a comfortable zoom at the left edge, where the
 * sources enter, level with its first taint path.
 */
export function firstView(layout: LayoutResult, graph: TraceGraphResponse, w: number, h: number): { x: number; y: number; zoom: number; fits: boolean } {
  const zoomAll = Math.min((w - 2 * FIT_PAD) / Math.max(layout.width, 1), (h - 2 * FIT_PAD) / Math.max(layout.height, 1));
  if (zoomAll >= MIN_READABLE_ZOOM) {
    const zoom = Math.min(zoomAll, 1);
    return { x: (w - layout.width * zoom) / 2, y: (h - layout.height * zoom) / 2, zoom, fits: true };
  }
  if (graph.nodes.length <= 400) {
    const zoom = MIN_READABLE_ZOOM;
    const x = layout.width * zoom <= w - 2 * FIT_PAD ? (w - layout.width * zoom) / 2 : FIT_PAD;
    const y = layout.height * zoom <= h - 2 * FIT_PAD ? (h - layout.height * zoom) / 2 : FIT_PAD;
    return { x, y, zoom, fits: false };
  }
  const zoom = HUGE_START_ZOOM;
  const src = graph.taint_paths[0] ? layout.nodes[graph.taint_paths[0].source] : undefined;
  const cy = src ? src.y + src.height / 2 : Math.min(layout.height / 2, h / zoom / 2);
  return { x: FIT_PAD, y: h / 2 - cy * zoom, zoom, fits: false };
}

function GroupList({ graph }: { graph: TraceGraphResponse }) {
  return (
    <section className="rounded-md border border-slate-200 bg-white">
      <h3 className="border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
        Traces in this graph <span className="font-normal normal-case text-slate-500">· R_total per trace</span>
      </h3>
      <ul className="divide-y divide-slate-100 text-xs">
        {graph.groups.map((g) => (
          <li key={g.id} className="flex items-center gap-2 px-3 py-1.5" style={{ paddingLeft: g.parent_trace_id ? 24 : 12 }}>
            <span className="min-w-0 flex-1">
              <a href={`/traces/${encodeURIComponent(g.trace_id)}?tab=graph`} className="block truncate font-mono text-slate-800 hover:text-indigo-700 hover:underline">{g.trace_id}</a>
              <span className="block truncate text-slate-500">{g.agents.join(", ")} · {g.event_count.toLocaleString("en-US")} events</span>
            </span>
            <span className="shrink-0 tabular-nums text-slate-700">{g.r_total === null ? "—" : g.r_total.toFixed(2)}</span>
          </li>
        ))}
        <li className="flex items-center gap-2 bg-slate-50 px-3 py-1.5 font-semibold text-slate-800">
          <span className="flex-1">Whole graph</span>
          <span className="tabular-nums">{graph.r_total.toFixed(2)}</span>
        </li>
      </ul>
    </section>
  );
}

function Legend() {
  const kinds = ["agent", "source", "plan", "step", "capability", "guard", "policy", "budget", "risk", "decision", "approval", "execution", "outcome", "flag"] as const;
  return (
    <details className="absolute right-3 top-3 z-10 max-w-[520px] rounded-md border border-slate-200 bg-white/95 text-[11px] text-slate-600 shadow-sm">
      <summary className="cursor-pointer select-none px-2 py-1 font-semibold text-slate-700">Legend</summary>
      <div className="flex flex-wrap gap-x-3 gap-y-1 px-2 pb-2">
        {kinds.map((k) => (
          <span key={k} className="inline-flex items-center gap-1">
            <span className="h-2.5 w-1.5 rounded-sm" style={{ background: KIND_STYLE[k].hex }} aria-hidden />
            {KIND_STYLE[k].title}
          </span>
        ))}
        <span className="inline-flex items-center gap-1"><span className="inline-block h-0.5 w-5 bg-red-600" aria-hidden /> taint path (untrusted source → write/send)</span>
        <span className="inline-flex items-center gap-1"><span className="inline-block h-0.5 w-5 bg-slate-400" aria-hidden /> causality (parent id, step, provenance, token, approval)</span>
      </div>
    </details>
  );
}
