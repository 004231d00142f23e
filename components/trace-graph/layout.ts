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

/**
 * Longest chain a layered layout may recurse along: a web worker's stack is about a quarter of the main thread's
 * (Chromium: ~3,500 frames against ~13,000), and ELK (GWT-compiled Java) recurses once per node of a path in
 * LONGEST_PATH layering — a 4,500-node chain overflows in a worker, 3,000 just passes. Beyond this length the
 * (iterative) breadth-first model-order layering is used instead, which gives a chain the same picture.
 */
export const MAX_RECURSIVE_CHAIN = 1200;
/** Width : height that a trace of a moderate graph wraps to (about the canvas's), so it opens whole and readable. */
export const WRAP_ASPECT = 2;

/**
 * The root level: trace boxes stacked top to bottom (parent first, children below), each laid out on its own
 * (SEPARATE_CHILDREN: cross-trace edges are drawn by React Flow, only the boxes' placement ignores them).
 */
export function rootOptions(nodeCount: number, chain = 0): Record<string, string> {
  return {
    ...traceOptions(nodeCount, chain),
    "elk.direction": "DOWN",
    "elk.hierarchyHandling": "SEPARATE_CHILDREN",
    "elk.spacing.nodeNode": "40",
    "elk.layered.spacing.nodeNodeBetweenLayers": "40",
    "elk.layered.wrapping.strategy": "OFF",
  };
}

/**
 * The options inside one trace box, fixed per size class (and, for large graphs, per longest chain) so the same
 * graph always gets the same picture. `chain` is the longest path of that level (see longestChain). ELK reads each
 * box's own options for its inside — nothing is inherited from the root — so toElkGraph puts these on every box.
 */
export function traceOptions(nodeCount: number, chain = 0): Record<string, string> {
  const base: Record<string, string> = {
    "elk.algorithm": "layered",
    "elk.direction": "RIGHT",
    "elk.randomSeed": "7",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.spacing.nodeNode": "18",
    "elk.layered.spacing.nodeNodeBetweenLayers": "44",
    "elk.spacing.componentComponent": "40",
    "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    // a trace is a long causal chain: wrap it into rows at about the canvas's aspect ratio, so a moderate graph
    // opens whole at a readable zoom instead of as one 14,000 px strip
    "elk.layered.wrapping.strategy": "MULTI_EDGE",
    "elk.aspectRatio": String(WRAP_ASPECT),
  };
  if (nodeCount > LARGE_GRAPH) {
    base["elk.layered.wrapping.strategy"] = "OFF"; // too big to see whole anyway; the first view starts at the left
    base["elk.layered.thoroughness"] = "1";
    base["elk.layered.crossingMinimization.greedySwitch.type"] = "OFF";
    base["elk.layered.nodePlacement.strategy"] = "SIMPLE";
    // nodes come in causal order: model-order cycle breaking (iterative; reverses exactly the edges that point
    // back in that order) and no crossing minimisation keep the picture readable; React Flow draws the edges
    // itself, so ELK only needs cheap polyline routes.
    base["elk.edgeRouting"] = "POLYLINE";
    base["elk.layered.crossingMinimization.strategy"] = "NONE";
    base["elk.layered.cycleBreaking.strategy"] = "MODEL_ORDER";
    // LONGEST_PATH recurses along the longest chain: fine for wide graphs, a stack overflow in a worker for the
    // 3,000-node crawl (one long chain). Breadth-first model order is iterative but would stretch wide graphs.
    base["elk.layered.layering.strategy"] = chain > MAX_RECURSIVE_CHAIN ? "BF_MODEL_ORDER" : "LONGEST_PATH";
    // splitting into connected components is a recursive DFS in ELK (one frame per node: it overflowed a worker's
    // stack on the crawl); a trace is nearly always one component anyway
    base["elk.separateConnectedComponents"] = "false";
  }
  return base;
}

/**
 * The longest path (in nodes) once every edge points forward in `order` — what MODEL_ORDER cycle breaking makes
 * of the graph, hence the recursion depth of LONGEST_PATH layering on it. Iterative, O(nodes + edges).
 */
export function longestChain(order: string[], edges: Array<{ source: string; target: string }>): number {
  const index = new Map(order.map((id, i) => [id, i]));
  const next: number[][] = order.map(() => []);
  for (const e of edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    next[Math.min(a, b)].push(Math.max(a, b));
  }
  const depth = new Array<number>(order.length).fill(1);
  let best = order.length ? 1 : 0;
  for (let i = 0; i < order.length; i++) {
    for (const j of next[i]) if (depth[i] + 1 > depth[j]) depth[j] = depth[i] + 1;
    if (depth[i] > best) best = depth[i];
  }
  return best;
}

type ElkNodeOut = { id: string; x?: number; y?: number; width?: number; height?: number; children?: ElkNodeOut[] };
type ElkLike = { layout: (graph: never) => Promise<unknown> };

/**
 * The ELK JSON graph for an input: one compound node per group (trace) with its own options, nodes inside, every
 * edge at the root.
 */
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
  const edges = input.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const count = input.nodes.length;
  const padding = { "elk.padding": `[top=${GROUP_HEADER},left=18,bottom=18,right=18]` };
  const boxes = input.groups.filter((g) => inGroup.has(g.id));
  // the root level, in its model order: one box per group, then the ungrouped nodes (an edge into a group is an
  // edge to its box)
  const boxOf = new Map<string, string>();
  for (const n of input.nodes) boxOf.set(n.id, n.group && inGroup.has(n.group) ? n.group : n.id);
  const rootOrder = [...boxes.map((g) => g.id), ...top.map((n) => n.id)];
  const rootChain = longestChain(rootOrder, edges.map((e) => ({ source: boxOf.get(e.source)!, target: boxOf.get(e.target)! })));
  return {
    id: "__root",
    layoutOptions: rootOptions(count, rootChain),
    children: [
      ...boxes.map((g) => {
        const members = inGroup.get(g.id)!;
        const chain = count > LARGE_GRAPH ? longestChain(members.map((n) => n.id), edges) : 0;
        return { id: g.id, layoutOptions: { ...traceOptions(count, chain), ...padding }, children: members.map(leaf) };
      }),
      ...top.map(leaf),
    ],
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
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
