import { describe, expect, it } from "vitest";

import { layout, type Graph } from "./ScriptGraph";

const graph: Graph = {
  start: "greet",
  nodes: [
    { id: "greet", kind: "statement", text: "Hello", line: 3 },
    { id: "ask", kind: "question", text: "Can you talk?", line: 5 },
    { id: "bye", kind: "end", text: "Bye", line: 9, outcome: "done" },
    { id: "price", kind: "statement", text: "About the price", line: 11 },
  ],
  edges: [
    { source: "greet", target: "ask", label: "" },
    { source: "ask", target: "bye", label: "Yes" },
    { source: "ask", target: "nowhere", label: "No" },
    { source: "", target: "price", label: "Too expensive" },
  ],
};

describe("graph layout", () => {
  it("places every step, top to bottom, and draws only edges between known steps", () => {
    const { nodes, edges } = layout(graph, [
      { severity: "error", code: "unknown-step", message: "leads to unknown step 'nowhere'", line: 6, step: "ask", suggestion: null },
    ]);
    expect(nodes.map((n) => n.id)).toEqual(["greet", "ask", "bye", "price"]);
    const y = Object.fromEntries(nodes.map((n) => [n.id, n.position.y]));
    expect(y.greet).toBeLessThan(y.ask);
    expect(y.ask).toBeLessThan(y.bye);
    expect(edges.map((e) => [e.source, e.target, e.label])).toEqual([["greet", "ask", undefined], ["ask", "bye", "Yes"]]);
    expect((nodes.find((n) => n.id === "ask")?.data as { problems: unknown[] }).problems).toHaveLength(1);
    expect((nodes.find((n) => n.id === "greet")?.data as { start: boolean }).start).toBe(true);
  });
});

describe("large graphs", () => {
  it("lay out 2,000 steps with long links quickly, every step placed once", () => {
    const n = 2000;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, kind: "statement", text: `Step ${i}`, line: i }));
    const edges = nodes.slice(0, -1).flatMap((node, i) => [
      { source: node.id, target: `s${i + 1}`, label: "" },
      ...(i % 4 === 0 ? [{ source: node.id, target: `s${n - 1}`, label: "No" }] : []),
    ]);
    const started = performance.now();
    const result = layout({ start: "s0", nodes, edges }, []);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(new Set(result.nodes.map((node) => `${node.position.x},${node.position.y}`)).size).toBe(n);
  });
});
