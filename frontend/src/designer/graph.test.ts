import { describe, expect, it } from "vitest";

import examples from "./example-graphs.json";
import { exitOf, layout, type EdgeWords, type Graph } from "./ScriptGraph";

const words: EdgeWords = { otherwise: "còn lại", outcome: (outcome) => `khi ${outcome}` };

const graph: Graph = {
  start: "greet",
  nodes: [
    { id: "greet", kind: "statement", text: "Hello", line: 3 },
    { id: "ask", kind: "question", text: "Can you talk?", line: 5 },
    { id: "bye", kind: "end", text: "Bye", line: 9, outcome: "done" },
    { id: "price", kind: "statement", text: "About the price", line: 11 },
  ],
  edges: [
    { source: "greet", target: "ask", kind: "next", label: "" },
    { source: "ask", target: "bye", kind: "answer", label: "Yes", index: 0 },
    { source: "ask", target: "nowhere", kind: "answer", label: "No", index: 1 },
    { source: "", target: "price", kind: "objection", label: "Too expensive", index: 0 },
    { source: "price", target: "return", kind: "return", label: "" },
  ],
};

describe("graph layout", () => {
  it("places every step, top to bottom, and draws every link: objections, returns and missing steps too", () => {
    const { nodes, edges } = layout(graph, [
      { severity: "error", code: "unknown-step", message: "leads to unknown step 'nowhere'", line: 6, step: "ask", suggestion: null },
    ], words);
    expect(nodes.map((n) => n.id)).toEqual(["greet", "ask", "bye", "price", "@objections", "@missing:nowhere", "@return"]);
    const y = Object.fromEntries(nodes.map((n) => [n.id, n.position.y]));
    expect(y.greet).toBeLessThan(y.ask);
    expect(y.ask).toBeLessThan(y.bye);
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target, e.label])).toEqual([
      ["greet", "next", "ask", undefined],
      ["ask", "option-0", "bye", "Yes"],
      ["ask", "option-1", "@missing:nowhere", "No"],
      ["@objections", "objection-0", "price", "Too expensive"],
      ["price", "next", "@return", undefined],
    ]);
    expect((nodes.find((n) => n.id === "ask")?.data as { problems: unknown[] }).problems).toHaveLength(1);
    expect((nodes.find((n) => n.id === "greet")?.data as { start: boolean }).start).toBe(true);
  });
});

describe("large graphs", () => {
  it("lay out 2,000 steps with long links quickly, every step placed once", () => {
    const n = 2000;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, kind: "statement", text: `Step ${i}`, line: i }));
    const edges = nodes.slice(0, -1).flatMap((node, i) => [
      { source: node.id, target: `s${i + 1}`, kind: "next" as const, label: "" },
      ...(i % 4 === 0 ? [{ source: node.id, target: `s${n - 1}`, kind: "next" as const, label: "" }] : []),
    ]);
    const started = performance.now();
    const result = layout({ start: "s0", nodes, edges }, [], words);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(new Set(result.nodes.map((node) => `${node.position.x},${node.position.y}`)).size).toBe(n);
  });
});

describe("every shipped example script", () => {
  // The server's graph of each example, as POST /api/scripts/validate serves it (kept current by
  // tests/integration/scripts/test_examples_api.py).
  const graphs = examples as unknown as Record<string, Graph>;

  it.each(Object.keys(graphs))("%s: one edge per link, each leaving by an exit its node has", (slug) => {
    const graph = graphs[slug];
    const { nodes, edges } = layout(graph, [], words);
    expect(edges).toHaveLength(graph.edges.length);
    const byId = new Map(nodes.map((node) => [node.id, node]));
    for (const edge of edges) {
      const exits = (byId.get(edge.source)?.data as { exits?: { id: string }[] } | undefined)?.exits ?? [];
      expect(exits.map((exit) => exit.id), `${edge.id} leaves by ${edge.sourceHandle}`).toContain(edge.sourceHandle);
      expect(byId.has(edge.target), `${edge.id} ends on a node`).toBe(true);
    }
    expect(nodes.filter((node) => node.type === "missing")).toEqual([]);
    graph.edges.forEach((link, index) => {
      const drawn = edges[index];
      expect(drawn.sourceHandle).toBe(exitOf(link));
      if (link.kind === "condition") expect(drawn.label).toBe(link.label);
      if (link.kind === "otherwise") expect(drawn.label).toBe("còn lại");
      if (link.kind === "outcome") expect(drawn.label).toBe(`khi ${link.label}`);
      if (link.kind === "objection") expect(drawn.source).toBe("@objections");
      if (link.kind === "return") expect(drawn.target).toBe("@return");
    });
  });

  it("insoles-invitation: every branch rule and its else lead on (they were drawn as dead ends)", () => {
    const graph = graphs["insoles-invitation"];
    const { edges } = layout(graph, [], words);
    const leaving = (step: string) => edges.filter((edge) => edge.source === step).map((edge) => [edge.label, edge.target]);
    expect(leaving("by_interest")).toEqual([
      ["interest == 'Fitting in store'", "book"],
      ["interest == 'Email only'", "check_email"],
      ["còn lại", "closing_no"],
    ]);
    expect(leaving("check_email")).toEqual([["customer.email != null", "send_offer"], ["còn lại", "ask_email"]]);
    expect(leaving("@objections")).toEqual([["Too expensive", "price"], ["I already have insoles", "already_have"]]);
    expect(edges.filter((edge) => edge.target === "@return").map((edge) => edge.source)).toEqual(["price", "already_have"]);
  });

  it("cold-call-b2b: a sub-script's outcomes and its fallback leave by their own exits", () => {
    const graph = graphs["cold-call-b2b"];
    const { nodes, edges } = layout(graph, [], words);
    const subscript = graph.nodes.find((node) => node.kind === "subscript")!;
    const exits = (nodes.find((node) => node.id === subscript.id)!.data as { exits: { id: string; label: string }[] }).exits;
    expect(exits).toEqual([
      { id: "outcome-0", label: "refused" }, { id: "outcome-1", label: "callback" }, { id: "next", label: "còn lại" },
    ]);
    expect(edges.filter((edge) => edge.source === subscript.id).map((edge) => edge.label)).toEqual(["khi refused", "khi callback", undefined]);
  });
});
