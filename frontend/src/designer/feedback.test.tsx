import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, renderAt, serve } from "../test/helpers";
import { FeedbackPanel, groupByStep, type Feedback } from "./FeedbackPanel";

const report = (id: number, step: string, said: string): Feedback => ({
  id, script_slug: "s", version: 2, step, said, interaction_id: `c-${id}`, agent_id: 2, created_at: "2025-05-06T09:00:00Z",
});
const reports = [report(1, "ask", "Do you ship to Huế?"), report(2, "greet", "Who is this?"), report(3, "ask", "Too expensive")];

afterEach(() => vi.unstubAllGlobals());

describe("script feedback", () => {
  it("groups reports by step: the selected one first, then the most reported", () => {
    expect(groupByStep(reports, null).map(([step, items]) => [step, items.length])).toEqual([["ask", 2], ["greet", 1]]);
    expect(groupByStep(reports, "greet").map(([step]) => step)).toEqual(["greet", "ask"]);
  });

  it("counts all reports and opens the selected step's list", async () => {
    const calls = serve(() => json(200, reports));
    renderAt("/", <FeedbackPanel slug="s" step="ask" />, { lang: "en", auth: false });
    expect(await screen.findByText("“Do you ship to Huế?”")).toBeTruthy();
    expect(calls.map((call) => call.url)).toEqual(["/api/script-feedback?script=s"]);
    expect(screen.getByRole("heading", { name: /No suitable answer/ }).textContent).toContain("3");
    const [ask, greet] = Array.from(document.querySelectorAll("details"));
    expect(ask.open).toBe(true);
    expect(ask.querySelector("summary")?.textContent).toContain("What customers said (2)");
    expect(greet.open).toBe(false);
  });
});
