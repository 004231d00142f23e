/**
 * ELK layered layout of an execution graph, shared by the web worker (elk.worker.ts), the main-thread fallback and
 * `npm run bench:graph`, so all three use the same options. Pure: no React, no DOM. Deterministic: fixed options
 * (a fixed random seed, model order respected) and inputs in the graph's own stable order.
 */

export type LayoutNodeIn = { id: string; group: string | null; width: number; height: number };
export type LayoutInput = { nodes: LayoutNodeIn[]; groups: Array<{ id: string }>; edges: Array<{ id: string; source: string; target: string }> };
export type Box = { x: number; y: number; width: number; height: number };
/** Absolute positions (top-left) of nodes and group boxes, and the size of the whole drawing. */
export type LayoutResult = { nodes: Record<string, Box>; groups: Record<string, Box>; width: number; height: number; ms: number };

export const NODE_W = 236;
export const NODE_H = 68;
export const GROUP_HEADER = 44;
/** Above this many nodes the layout trades some crossing reduction for speed (target: 2,000 nodes in ≤ 1 s). */
export const LARGE_GRAPH = 400;

/** The ELK options, fixed per size class so the same graph always gets the same picture. */
export function elkOptions(nodeCount: number): Record<string, string> {
  const base: Record<string, string> = {
    "elk.algorithm": "layered",
    "elk.direction": "RIGHT",
    "elk.hierarchyHandling": "INCLUDE_CHILDREN",
    "elk.randomSeed": "7",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.spacing.nodeNode": "18",
    "elk.layered.spacing.nodeNodeBetweenLayers": "44",
    "elk.spacing.componentComponent": "40",
    "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  };
  if (nodeCount > LARGE_GRAPH) {
    base["elk.layered.thoroughness"] = "1";
    base["elk.layered.crossingMinimization.greedySwitch.type"] = "OFF";
    base["elk.layered.nodePlacement.strategy"] = "SIMPLE";
    // each trace laid out on its own: about twice as fast on 2,000 nodes; cross-trace edges are drawn by React Flow
    // anyway, only the groups' relative placement no longer follows them
    base["elk.hierarchyHandling"] = "SEPARATE_CHILDREN";
    // nodes come in causal order (considerModelOrder keeps it), so skipping crossing minimisation and using the
    // longest-path layering keeps the picture readable; React Flow draws the edges itself, so ELK only needs cheap
    // polyline routes. 2,000 nodes: 1.37 s → 0.78 s (synthetic), 0.79 s → 0.54 s (crawl), npm run bench:graph.
    base["elk.edgeRouting"] = "POLYLINE";
    base["elk.layered.crossingMinimization.strategy"] = "NONE";
    base["elk.layered.layering.strategy"] = "LONGEST_PATH";
  }
  return base;
}

const GROUP_OPTIONS = {
  "elk.padding": `[top=${GROUP_HEADER},left=18,bottom=18,right=18]`,
};

type ElkNodeOut = { id: string; x?: number; y?: number; width?: number; height?: number; children?: ElkNodeOut[] };
type ElkLike = { layout: (graph: never) => Promise<unknown> };

/** The ELK JSON graph for an input: one compound node per group, nodes inside, every edge at the root. */
export function toElkGraph(input: LayoutInput) {
  const inGroup = new Map<string, LayoutNodeIn[]>();
  const top: LayoutNodeIn[] = [];
  const groupIds = new Set(input.groups.map((g) => g.id));
  for (const n of input.nodes) {
    if (n.group && groupIds.has(n.group)) {
      const list = inGroup.get(n.group);
      if (list) list.push(n);
      else inGroup.set(n.group, [n]);
    } else top.push(n);
  }
  const leaf = (n: LayoutNodeIn) => ({ id: n.id, width: n.width, height: n.height });
  const ids = new Set(input.nodes.map((n) => n.id));
  return {
    id: "__root",
    layoutOptions: elkOptions(input.nodes.length),
    children: [
      ...input.groups.filter((g) => inGroup.has(g.id)).map((g) => ({ id: g.id, layoutOptions: GROUP_OPTIONS, children: inGroup.get(g.id)!.map(leaf) })),
      ...top.map(leaf),
    ],
    edges: input.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
}

/** Runs ELK and flattens its nested, parent-relative coordinates into absolute boxes. */
export async function runLayout(elk: ElkLike, input: LayoutInput, now: () => number = () => performance.now()): Promise<LayoutResult> {
  const t0 = now();
  const out = (await elk.layout(toElkGraph(input) as never)) as ElkNodeOut;
  const nodes: Record<string, Box> = {};
  const groups: Record<string, Box> = {};
  const groupIds = new Set(input.groups.map((g) => g.id));
  const walk = (n: ElkNodeOut, ox: number, oy: number) => {
    for (const c of n.children ?? []) {
      const box = { x: ox + (c.x ?? 0), y: oy + (c.y ?? 0), width: c.width ?? 0, height: c.height ?? 0 };
      if (groupIds.has(c.id)) {
        groups[c.id] = box;
        walk(c, box.x, box.y);
      } else nodes[c.id] = box;
    }
  };
  walk(out, 0, 0);
  return { nodes, groups, width: out.width ?? 0, height: out.height ?? 0, ms: Math.round(now() - t0) };
}
