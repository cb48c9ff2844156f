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
    expect(nodes.find((n) => n.id === "ask")?.data.problems).toHaveLength(1);
    expect(nodes.find((n) => n.id === "greet")?.data.start).toBe(true);
  });
});
