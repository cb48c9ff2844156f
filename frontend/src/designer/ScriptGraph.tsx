// The script as a graph: steps as nodes (one look per kind), every link the server reports as an edge leaving
// by its own exit (answers, branch rules with their condition, `else`, `next`, sub-script outcomes, objections
// and their return), laid out automatically. The server's validation is the source of the graph and of the
// problems shown on it; links that point nowhere known end on a marked "missing step" node.
import dagre from "@dagrejs/dagre";
import {
  Background,
  BaseEdge,
  Controls,
  getBezierPath,
  useInternalNode,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";

import type { components } from "../shared/api/schema";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Button } from "../shared/ui/components";
import type { Diagnostic } from "./api";
import { MISSING_NODE, OBJECTIONS_NODE, RETURN_NODE } from "./edit";

export type Graph = components["schemas"]["GraphOut"];
type GraphEdge = Graph["edges"][number];
type GraphNode = components["schemas"]["GraphNode"];
/** One way out of a node: a source handle, labelled on the node when it needs telling apart. */
type Exit = { id: string; label: string };
type StepData = GraphNode & { problems: Diagnostic[]; start: boolean; mark?: Mark; exits: Exit[] };
export type Mark = "added" | "changed";
/** The words the canvas puts on edges, in the author's language. */
export type EdgeWords = { otherwise: string; outcome: (outcome: string) => string };

const WIDTH = 230;
const HEIGHT = 96;
const LABEL_MAX = 80;
const KINDS = ["statement", "question", "input", "branch", "email", "transfer", "subscript", "end"] as const;

function Exits({ exits }: { exits: Exit[] }) {
  if (exits.length === 1 && exits[0].id === "next" && !exits[0].label) {
    return <Handle type="source" id="next" position={Position.Bottom} />;
  }
  return (
    <div className="option-handles">
      {exits.map((exit, index) => (
        <div className="option-handle" key={exit.id} data-exit={exit.id}
          style={{ left: `${((index + 0.5) / exits.length) * 100}%` }}>
          <span>{exit.label}</span>
          <Handle type="source" id={exit.id} position={Position.Bottom} />
        </div>
      ))}
    </div>
  );
}

function StepNode({ data, selected }: NodeProps<Node<StepData>>) {
  const { t } = useI18n();
  const { diagnosticText } = useErrors();
  const errors = data.problems.filter((d) => d.severity === "error").length;
  const warnings = data.problems.length - errors;
  const detail = data.field ? `→ ${data.field}` : data.outcome ? `■ ${data.outcome}` : data.detail ?? "";
  const kind = (KINDS as readonly string[]).includes(data.kind) ? t(`designer.kind.${data.kind as (typeof KINDS)[number]}`) : data.kind;
  const conditions = (data.conditions ?? []).flatMap((condition, index) => (condition === null ? [] : [{ condition, index }]));
  return (
    <div className={`step-node kind-${data.kind}${selected ? " selected" : ""}${errors ? " has-errors" : ""}${data.mark ? ` diff-${data.mark}` : ""}`}
      title={data.problems.map((d) => diagnosticText(d)).join("\n")} data-testid={`step-${data.id}`}>
      <Handle type="target" position={Position.Top} />
      <div className="step-head">
        <span className="step-kind">{data.start ? "▶ " : ""}{kind}</span>
        <span className="step-id">{data.id}</span>
      </div>
      {data.kind === "branch" ? (
        <ol className="step-rules">
          {conditions.map(({ condition, index }) => <li key={index} value={index + 1}>{condition}</li>)}
        </ol>
      ) : (
        <>
          <div className="step-text">{data.text || <em className="muted">{detail}</em>}</div>
          {data.text && detail && <div className="step-detail">{detail}</div>}
        </>
      )}
      {(errors > 0 || warnings > 0) && (
        <div className="step-problems">
          {errors > 0 && <span className="badge danger">{errors} ✕</span>}
          {warnings > 0 && <span className="badge warn">{warnings} !</span>}
        </div>
      )}
      {data.exits.length > 0 && <Exits exits={data.exits} />}
    </div>
  );
}

type ObjectionsData = { exits: Exit[] };

/** Objections can be raised at any step: their handlers hang off this one node. */
function ObjectionsNode({ data }: NodeProps<Node<ObjectionsData>>) {
  const { t } = useI18n();
  return (
    <div className="step-node kind-objections" data-testid="objections-node">
      <div className="step-head"><span className="step-kind">{t("designer.objections")}</span></div>
      <div className="step-text muted">{t("designer.objectionsAnyStep")}</div>
      <Exits exits={data.exits} />
    </div>
  );
}

function ReturnNode() {
  const { t } = useI18n();
  return (
    <div className="terminal-node return-node" data-testid="return-node">
      <Handle type="target" position={Position.Top} />
      ↩ {t("designer.returnNode")}
    </div>
  );
}

function MissingNode({ data }: NodeProps<Node<{ target: string }>>) {
  const { t } = useI18n();
  return (
    <div className="terminal-node missing-node" data-testid={`missing-${data.target}`}>
      <Handle type="target" position={Position.Top} />
      <strong>{data.target}</strong> · {t("designer.missingStep")}
    </div>
  );
}

type NoteData = { text: string; index: number };

function NoteNode({ data, selected }: NodeProps<Node<NoteData>>) {
  return (
    <div className={`note-node${selected ? " selected" : ""}`} data-testid={`note-${data.index}`}>{data.text}</div>
  );
}

const nodeTypes = { step: StepNode, note: NoteNode, objections: ObjectionsNode, return: ReturnNode, missing: MissingNode };

// dagre draws the nicest layered graphs but its cost grows fast with long edges (a "goodbye" step linked
// from everywhere): above this size the designer switches to a linear-time layered layout.
const DAGRE_LIMIT = 150;

type Point = { x: number; y: number };
type Box = { id: string; width: number; height: number };
type Link = { source: string; target: string };

/** Where dagre routed a link: the bends between its ends and the centre of its label, plus where it placed
 * the two nodes (top-left), so a link whose step was moved by hand falls back to a plain curve. */
type Route = { bends: Point[]; label: Point | null; from: Point; to: Point };
type Placement = { centres: Map<string, Point>; routes: (Route | null)[] };

function dagrePlacement(boxes: Box[], links: (Link & { label?: string })[]): Placement {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 80, edgesep: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const box of boxes) g.setNode(box.id, { width: box.width, height: box.height });
  // Labelled links get room for their label, so a condition never ends up under a step.
  links.forEach((link, index) => g.setEdge(link.source, link.target, link.label
    ? { width: Math.min(7 * link.label.length, 7 * LABEL_MAX), height: 18, labelpos: "c" }
    : {}, String(index)));
  dagre.layout(g);
  const centres = new Map(boxes.map((box) => [box.id, { x: g.node(box.id).x, y: g.node(box.id).y }]));
  const routes = links.map((link, index): Route | null => {
    const routed = g.edge({ v: link.source, w: link.target, name: String(index) }) as { points?: Point[]; x?: number; y?: number } | undefined;
    if (!routed?.points || link.source === link.target) return null;
    return {
      bends: routed.points.slice(1, -1),
      label: link.label && routed.x !== undefined && routed.y !== undefined ? { x: routed.x, y: routed.y } : null,
      from: topLeft(centres.get(link.source)!, boxes.find((box) => box.id === link.source)!),
      to: topLeft(centres.get(link.target)!, boxes.find((box) => box.id === link.target)!),
    };
  });
  return { centres, routes };
}

function topLeft(centre: Point, box: Box): Point {
  return { x: centre.x - box.width / 2, y: centre.y - box.height / 2 };
}

const near = (a: Point | undefined, b: Point) => a !== undefined && Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1;

/** A smooth curve through the points (Catmull-Rom as cubic Béziers). */
function throughPoints(points: Point[]): string {
  let path = `M ${points[0].x},${points[0].y}`;
  for (let i = 0; i < points.length - 1; i++) {
    const [p0, p1, p2, p3] = [points[i - 1] ?? points[i], points[i], points[i + 1], points[i + 2] ?? points[i + 1]];
    path += ` C ${p1.x + (p2.x - p0.x) / 6},${p1.y + (p2.y - p0.y) / 6} ${p2.x - (p3.x - p1.x) / 6},${p2.y - (p3.y - p1.y) / 6} ${p2.x},${p2.y}`;
  }
  return path;
}

type LinkData = { kind: GraphEdge["kind"]; route: Route | null };

/** A link along dagre's route (around other steps, label where room was made for it); a plain curve once
 * either end has been moved away from where the layout put it. */
function RoutedEdge(props: EdgeProps<Edge<LinkData>>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const route = data?.route;
  const from = useInternalNode(props.source)?.internals.positionAbsolute;
  const to = useInternalNode(props.target)?.internals.positionAbsolute;
  const inPlace = route && near(from, route.from) && near(to, route.to);
  let path: string;
  let labelX: number;
  let labelY: number;
  if (route && inPlace && (route.bends.length > 0 || route.label)) {
    path = throughPoints([{ x: sourceX, y: sourceY }, ...route.bends, { x: targetX, y: targetY }]);
    const middle = route.bends[Math.floor(route.bends.length / 2)] ?? { x: (sourceX + targetX) / 2, y: (sourceY + targetY) / 2 };
    ({ x: labelX, y: labelY } = route.label ?? middle);
  } else {
    [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  }
  return (
    <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} label={props.label} labelX={labelX} labelY={labelY}
      labelBgPadding={[4, 2]} labelBgBorderRadius={3} />
  );
}

const edgeTypes = { routed: RoutedEdge };

/** Ranks by breadth-first distance from the roots; each rank a row in discovery order. O(steps + links). */
export function layeredCentres(boxes: Box[], links: Link[], roots: string[]): Map<string, Point> {
  const next = new Map<string, string[]>();
  for (const link of links) next.set(link.source, [...(next.get(link.source) ?? []), link.target]);
  const rank = new Map<string, number>();
  const known = new Set(boxes.map((box) => box.id));
  const queue = roots.filter((root) => known.has(root));
  for (const root of queue) rank.set(root, 0);
  for (let i = 0; i < queue.length; i++) {
    for (const target of next.get(queue[i]) ?? []) {
      if (!rank.has(target)) {
        rank.set(target, (rank.get(queue[i]) ?? 0) + 1);
        queue.push(target);
      }
    }
  }
  const last = Math.max(-1, ...rank.values()) + 1;
  const rows = new Map<number, string[]>();
  for (const id of [...queue, ...boxes.map((box) => box.id).filter((id) => !rank.has(id))]) {
    const row = rank.get(id) ?? last;
    rows.set(row, [...(rows.get(row) ?? []), id]);
  }
  const centres = new Map<string, Point>();
  for (const [row, ids] of rows) {
    ids.forEach((id, index) => centres.set(id, { x: (index - (ids.length - 1) / 2) * (WIDTH + 40), y: row * (HEIGHT + 70) }));
  }
  return centres;
}

/** The exit (source handle) a link leaves its node by. */
export function exitOf(edge: GraphEdge): string {
  const index = edge.index ?? 0;
  switch (edge.kind) {
    case "answer": return `option-${index}`;
    case "condition": return `rule-${index}`;
    case "otherwise": return "else";
    case "outcome": return `outcome-${index}`;
    case "objection": return `objection-${index}`;
    default: return "next";
  }
}

function exitsOf(node: GraphNode, leaving: GraphEdge[], words: EdgeWords): Exit[] {
  const outcomes = leaving.filter((edge) => edge.kind === "outcome").map((edge) => ({ id: exitOf(edge), label: edge.label }));
  let exits: Exit[];
  if (node.kind === "question") {
    exits = (node.options ?? []).map((answer, index) => ({ id: `option-${index}`, label: answer }));
  } else if (node.kind === "branch") {
    const rules = (node.conditions ?? []).flatMap((condition, index) => (condition === null ? [] : [{ id: `rule-${index}`, label: String(index + 1) }]));
    exits = [...rules, { id: "else", label: words.otherwise }];
  } else if (node.kind === "end") {
    exits = [];
  } else {
    // A sub-script goes on by `next` when its outcome has no `on` entry of its own.
    exits = [...outcomes, { id: "next", label: outcomes.length ? words.otherwise : "" }];
  }
  for (const edge of leaving) {
    const id = exitOf(edge);
    if (!exits.some((exit) => exit.id === id)) exits.push({ id, label: "" });  // a link the step's kind does not expect
  }
  return exits;
}

function edgeLabel(edge: GraphEdge, words: EdgeWords): string | undefined {
  switch (edge.kind) {
    case "condition": return edge.label.length > LABEL_MAX ? `${edge.label.slice(0, LABEL_MAX - 1)}…` : edge.label;
    case "otherwise": return words.otherwise;
    case "outcome": return words.outcome(edge.label);
    case "answer":
    case "objection": return edge.label;
    default: return undefined;
  }
}

type View = { selected?: string | null; marks?: Record<string, Mark>; placed?: Record<string, Point> };

export function layout(
  graph: Graph, diagnostics: Diagnostic[], words: EdgeWords, { selected = null, marks = {}, placed = {} }: View = {},
): { nodes: Node[]; edges: Edge[] } {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const targetOf = (target: string) => (ids.has(target) ? target : target === "return" ? RETURN_NODE : `${MISSING_NODE}${target}`);
  const drawn = graph.edges
    .filter((edge) => edge.target && (edge.source === "" || ids.has(edge.source)))
    .map((edge) => ({ edge, source: edge.source || OBJECTIONS_NODE, target: targetOf(edge.target) }));
  const leaving = new Map<string, GraphEdge[]>();
  for (const { edge, source } of drawn) leaving.set(source, [...(leaving.get(source) ?? []), edge]);
  const extra: Node[] = [];
  const objections = leaving.get(OBJECTIONS_NODE) ?? [];
  if (objections.length) {
    const exits = objections.map((edge) => ({ id: exitOf(edge), label: edge.label }));
    extra.push({ id: OBJECTIONS_NODE, type: "objections", position: { x: 0, y: 0 }, data: { exits }, deletable: false, selectable: false });
  }
  for (const target of new Set(drawn.map((link) => link.target).filter((target) => !ids.has(target)))) {
    extra.push(target === RETURN_NODE
      ? { id: target, type: "return", position: { x: 0, y: 0 }, data: {}, deletable: false, selectable: false }
      : { id: target, type: "missing", position: { x: 0, y: 0 }, data: { target: target.slice(MISSING_NODE.length) }, deletable: false, selectable: false, connectable: false });
  }
  const boxes: Box[] = [
    ...graph.nodes.map((node) => ({ id: node.id, width: WIDTH, height: HEIGHT })),
    ...extra.map((node) => ({ id: node.id, width: node.type === "objections" ? WIDTH : 170, height: node.type === "objections" ? 80 : 40 })),
  ];
  const { centres, routes } = boxes.length <= DAGRE_LIMIT
    ? dagrePlacement(boxes, drawn.map((link) => ({ ...link, label: edgeLabel(link.edge, words) })))
    : { centres: layeredCentres(boxes, drawn, [graph.start, OBJECTIONS_NODE]), routes: [] };
  const size = new Map(boxes.map((box) => [box.id, box]));
  const positionOf = (id: string) => {
    const centre = centres.get(id);
    const box = size.get(id)!;
    return placed[id] ?? { x: (centre?.x ?? 0) - box.width / 2, y: (centre?.y ?? 0) - box.height / 2 };
  };
  const nodes: Node[] = graph.nodes.map((node) => ({
    id: node.id,
    type: "step",
    position: positionOf(node.id),
    selected: node.id === selected,
    data: {
      ...node, problems: diagnostics.filter((d) => d.step === node.id), start: node.id === graph.start,
      mark: marks[node.id], exits: exitsOf(node, leaving.get(node.id) ?? [], words),
    },
  }));
  for (const node of extra) nodes.push({ ...node, position: positionOf(node.id) });
  const byId = new Map(nodes.map((node) => [node.id, node.position]));
  const notes = (graph.notes ?? []).map((note) => {
    const id = `note-${note.index}`;
    const near = note.step ? byId.get(note.step) : undefined;
    const position = placed[id] ?? (near ? { x: near.x + WIDTH + 24, y: near.y } : { x: -WIDTH - 80, y: note.index * 110 });
    return { id, type: "note", position, selected: id === selected, data: { text: note.text, index: note.index } };
  });
  return {
    nodes: [...nodes, ...notes],
    edges: drawn.map(({ edge, source, target }, index) => ({
      id: `${index}:${source}>${target}`,
      source,
      sourceHandle: exitOf(edge),
      target,
      label: edgeLabel(edge, words),
      className: `edge-${edge.kind}`,
      type: "routed",
      data: { kind: edge.kind, route: placed[source] || placed[target] ? null : routes[index] ?? null },
      markerEnd: { type: MarkerType.ArrowClosed },
    })),
  };
}

export type GraphEditing = {
  layoutKey: string;
  marks: Record<string, Mark>;
  selected: string | null;
  onSelectStep: (id: string | null) => void;
  onConnect: (from: string, handle: string | null, to: string) => void;
  onAdd: (kind: "statement" | "question" | "input" | "end" | "branch" | "email" | "transfer" | "subscript" | "note") => void;
  onDelete: (ids: string[]) => void;
};
type Props = { graph: Graph; diagnostics: Diagnostic[]; editing: GraphEditing };

function GraphCanvas({ graph, diagnostics, editing }: Props) {
  const { t } = useI18n();
  const flow = useReactFlow();
  const storage = `parley.layout.${editing.layoutKey}`;
  const [placed, setPlaced] = useState<Record<string, Point>>(() => JSON.parse(localStorage.getItem(storage) ?? "{}"));
  const words = useMemo<EdgeWords>(
    () => ({ otherwise: t("designer.otherwise"), outcome: (outcome) => t("designer.onOutcome", { outcome }) }),
    [t],
  );
  const { nodes, edges } = useMemo(
    () => layout(graph, diagnostics, words, { selected: editing.selected, marks: editing.marks, placed }),
    [graph, diagnostics, words, editing.selected, editing.marks, placed],
  );

  function keepPositions(moved: Node[]) {
    // Positions an author chose by hand are kept (per browser) until they ask for an automatic layout again.
    const next = { ...placed };
    for (const node of moved) next[node.id] = node.position;
    localStorage.setItem(storage, JSON.stringify(next));
    setPlaced(next);
  }

  function autoLayout() {
    localStorage.removeItem(storage);
    setPlaced({});
  }
  const [query, setQuery] = useState("");
  const fromCanvas = useRef(false);
  useEffect(() => {
    // The canvas keeps its own node state (with multi-selection); mirror a selection made elsewhere (find,
    // the problems list) into it, but leave the canvas alone when the click came from the canvas itself.
    if (fromCanvas.current) {
      fromCanvas.current = false;
      return;
    }
    flow.setNodes((current) => current.map((node) => ({ ...node, selected: node.id === editing.selected })));
  }, [flow, editing.selected]);
  const [missing, setMissing] = useState(false);

  function find(event: FormEvent) {
    event.preventDefault();
    const needle = query.trim().toLowerCase();
    const hit = nodes.find((n) => n.type === "step" && (n.id.toLowerCase().includes(needle) || String(n.data.text).toLowerCase().includes(needle)));
    setMissing(!hit);
    if (hit) {
      void flow.setCenter(hit.position.x + WIDTH / 2, hit.position.y + HEIGHT / 2, { zoom: 1.2, duration: 300 });
      editing.onSelectStep(hit.id);
    }
  }

  return (
    <div className="graph-wrap">
      <form className="row graph-tools" onSubmit={find}>
        <input className="inline" type="search" aria-label={t("designer.findStep")} placeholder={t("designer.findStep")}
          value={query} onChange={(event) => setQuery(event.target.value)} />
        <Button type="submit" small>{t("designer.find")}</Button>
        <Button small onClick={() => void flow.fitView({ duration: 300 })}>{t("designer.fit")}</Button>
        <Button small onClick={autoLayout}>{t("designer.autoLayout")}</Button>
        <span className="palette" role="group" aria-label={t("designer.palette")}>
          <Button small onClick={() => editing.onAdd("statement")}>+ {t("designer.kind.statement")}</Button>
          <Button small onClick={() => editing.onAdd("question")}>+ {t("designer.kind.question")}</Button>
          <Button small onClick={() => editing.onAdd("input")}>+ {t("designer.kind.input")}</Button>
          <Button small onClick={() => editing.onAdd("branch")}>+ {t("designer.kind.branch")}</Button>
          <Button small onClick={() => editing.onAdd("email")}>+ {t("designer.kind.email")}</Button>
          <Button small onClick={() => editing.onAdd("transfer")}>+ {t("designer.kind.transfer")}</Button>
          <Button small onClick={() => editing.onAdd("subscript")}>+ {t("designer.kind.subscript")}</Button>
          <Button small onClick={() => editing.onAdd("end")}>+ {t("designer.kind.end")}</Button>
          <Button small onClick={() => editing.onAdd("note")}>+ {t("designer.kind.note")}</Button>
        </span>
        {missing && <span className="muted small">{t("designer.noStep")}</span>}
      </form>
      <div className="graph-canvas">
      <ReactFlow defaultNodes={nodes} defaultEdges={edges} nodeTypes={nodeTypes} edgeTypes={edgeTypes} fitView minZoom={0.05}
        fitViewOptions={{ padding: 0.15 }} onlyRenderVisibleElements
        onNodeClick={(_, node) => {
          fromCanvas.current = true;
          editing.onSelectStep(node.id.startsWith("@") ? null : node.id);  // objections, return, missing: not steps
        }} onPaneClick={() => editing.onSelectStep(null)}
        onConnect={(link) => link.source && link.target && editing.onConnect(link.source, link.sourceHandle ?? null, link.target)}
        onNodesDelete={(removed) => editing.onDelete(removed.map((node) => node.id))}
        deleteKeyCode={["Delete", "Backspace"]} multiSelectionKeyCode={["Control", "Meta"]}
        onNodeDragStop={(_, __, moved) => keepPositions(moved)}
        key={JSON.stringify([graph, placed, editing.marks])}>
        <Background />
        <MiniMap pannable zoomable />
        <Controls showInteractive={false} />
      </ReactFlow>
      </div>
    </div>
  );
}

export function ScriptGraph(props: Props) {
  return (
    <ReactFlowProvider>
      <GraphCanvas {...props} />
    </ReactFlowProvider>
  );
}
