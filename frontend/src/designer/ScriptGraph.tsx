// The script as a graph: steps as nodes (one look per kind), answers and rules as labelled edges,
// laid out automatically. The server's validation is the source of the graph and of the problems shown on it.
import dagre from "@dagrejs/dagre";
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";

import type { components } from "../shared/api/schema";
import { useI18n } from "../shared/i18n";
import { Button } from "../shared/ui/components";
import type { Diagnostic } from "./api";

export type Graph = components["schemas"]["GraphOut"];
type StepData = components["schemas"]["GraphNode"] & { problems: Diagnostic[]; start: boolean; mark?: Mark };
export type Mark = "added" | "changed";

const WIDTH = 230;
const HEIGHT = 96;
const KIND_LABEL: Record<string, string> = {
  statement: "Statement", question: "Closed question", input: "Open question", branch: "Branch",
  email: "Email offer", transfer: "Transfer", subscript: "Sub-script", end: "End",
};

function StepNode({ data, selected }: NodeProps<Node<StepData>>) {
  const errors = data.problems.filter((d) => d.severity === "error").length;
  const warnings = data.problems.length - errors;
  const detail = data.field ? `→ ${data.field}` : data.outcome ? `⏹ ${data.outcome}` : data.detail ?? "";
  return (
    <div className={`step-node kind-${data.kind}${selected ? " selected" : ""}${errors ? " has-errors" : ""}${data.mark ? ` diff-${data.mark}` : ""}`}
      title={data.problems.map((d) => d.message).join("\n")} data-testid={`step-${data.id}`}>
      <Handle type="target" position={Position.Top} />
      <div className="step-head">
        <span className="step-kind">{data.start ? "▶ " : ""}{KIND_LABEL[data.kind] ?? data.kind}</span>
        <span className="step-id">{data.id}</span>
      </div>
      <div className="step-text">{data.text || <em className="muted">{detail}</em>}</div>
      {data.text && detail && <div className="step-detail">{detail}</div>}
      {(errors > 0 || warnings > 0) && (
        <div className="step-problems">
          {errors > 0 && <span className="badge danger">{errors} ✕</span>}
          {warnings > 0 && <span className="badge warn">{warnings} !</span>}
        </div>
      )}
      {data.kind === "question" ? (
        <div className="option-handles">
          {(data.options ?? []).map((answer, index) => (
            <div className="option-handle" key={index} style={{ left: `${((index + 0.5) / data.options!.length) * 100}%` }}>
              <span>{answer}</span>
              <Handle type="source" id={`option-${index}`} position={Position.Bottom} />
            </div>
          ))}
        </div>
      ) : (
        data.kind !== "end" && data.kind !== "branch" && <Handle type="source" id="next" position={Position.Bottom} />
      )}
    </div>
  );
}

type NoteData = { text: string; index: number };

function NoteNode({ data, selected }: NodeProps<Node<NoteData>>) {
  return (
    <div className={`note-node${selected ? " selected" : ""}`} data-testid={`note-${data.index}`}>{data.text}</div>
  );
}

const nodeTypes = { step: StepNode, note: NoteNode };

// dagre draws the nicest layered graphs but its cost grows fast with long edges (a "goodbye" step linked
// from everywhere): above this size the designer switches to a linear-time layered layout.
const DAGRE_LIMIT = 150;

type Point = { x: number; y: number };

function dagreCentres(graph: Graph, edges: Graph["edges"]): Map<string, Point> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 70 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: WIDTH, height: HEIGHT });
  for (const edge of edges) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  return new Map(graph.nodes.map((node) => [node.id, { x: g.node(node.id).x, y: g.node(node.id).y }]));
}

/** Ranks by breadth-first distance from the start; each rank a row in discovery order. O(steps + links). */
export function layeredCentres(graph: Graph, edges: Graph["edges"]): Map<string, Point> {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const rank = new Map<string, number>();
  const queue = graph.nodes.some((n) => n.id === graph.start) ? [graph.start] : [];
  if (queue.length) rank.set(graph.start, 0);
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
  for (const id of [...queue, ...graph.nodes.map((n) => n.id).filter((id) => !rank.has(id))]) {
    const row = rank.get(id) ?? last;
    rows.set(row, [...(rows.get(row) ?? []), id]);
  }
  const centres = new Map<string, Point>();
  for (const [row, ids] of rows) {
    ids.forEach((id, index) => centres.set(id, { x: (index - (ids.length - 1) / 2) * (WIDTH + 40), y: row * (HEIGHT + 70) }));
  }
  return centres;
}

export function layout(
  graph: Graph, diagnostics: Diagnostic[], selected: string | null = null,
  marks: Record<string, Mark> = {}, placed: Record<string, Point> = {},
): { nodes: Node<StepData | NoteData>[]; edges: Edge[] } {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => e.source && ids.has(e.source) && ids.has(e.target));
  const centres = graph.nodes.length <= DAGRE_LIMIT ? dagreCentres(graph, edges) : layeredCentres(graph, edges);
  const nodes = graph.nodes.map((node) => {
    const centre = centres.get(node.id);
    const position = placed[node.id] ?? { x: (centre?.x ?? 0) - WIDTH / 2, y: (centre?.y ?? 0) - HEIGHT / 2 };
    return {
      id: node.id,
      type: "step",
      position,
      selected: node.id === selected,
      data: {
        ...node, problems: diagnostics.filter((d) => d.step === node.id), start: node.id === graph.start,
        mark: marks[node.id],
      },
    };
  });
  const byId = new Map(nodes.map((node) => [node.id, node.position]));
  const notes = (graph.notes ?? []).map((note) => {
    const id = `note-${note.index}`;
    const near = note.step ? byId.get(note.step) : undefined;
    const position = placed[id] ?? (near ? { x: near.x + WIDTH + 24, y: near.y } : { x: -WIDTH - 80, y: note.index * 110 });
    return { id, type: "note", position, selected: id === selected, data: { text: note.text, index: note.index } };
  });
  const answers = new Map(graph.nodes.map((node) => [node.id, node.kind === "question" ? node.options ?? [] : null]));
  return {
    nodes: [...nodes, ...notes],
    edges: edges.map((edge, index) => ({
      id: `${edge.source}-${edge.target}-${index}`,
      source: edge.source,
      sourceHandle: answers.get(edge.source) ? `option-${answers.get(edge.source)!.indexOf(edge.label)}` : (graph.nodes.find((n) => n.id === edge.source)?.kind === "branch" ? undefined : "next"),
      target: edge.target,
      label: edge.label || undefined,
      markerEnd: { type: MarkerType.ArrowClosed },
      labelBgPadding: [4, 2] as [number, number],
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
  const { nodes, edges } = useMemo(
    () => layout(graph, diagnostics, editing.selected, editing.marks, placed),
    [graph, diagnostics, editing.selected, editing.marks, placed],
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
    const hit = nodes.find((n) => n.type === "step" && (n.id.toLowerCase().includes(needle) || n.data.text.toLowerCase().includes(needle)));
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
      <ReactFlow defaultNodes={nodes} defaultEdges={edges} nodeTypes={nodeTypes} fitView minZoom={0.05}
        fitViewOptions={{ padding: 0.15 }} onlyRenderVisibleElements
        onNodeClick={(_, node) => {
          fromCanvas.current = true;
          editing.onSelectStep(node.id);
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
