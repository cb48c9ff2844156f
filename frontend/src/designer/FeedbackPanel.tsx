// "No suitable answer" reports: what customers said at a step that none of its answers fit.
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router-dom";

import { call } from "../shared/api/client";
import type { components } from "../shared/api/schema";
import { useI18n } from "../shared/i18n";
import { Badge, formatTime } from "../shared/ui/components";

export type Feedback = components["schemas"]["FeedbackOut"];

export const feedbackApi = {
  list: (script: string, step?: string) =>
    call("GET", "/api/script-feedback", { query: { script, step: step || undefined } }),
};

/** Reports grouped by step, the selected step first, then the steps with the most reports. */
export function groupByStep(items: Feedback[], selected: string | null): [string, Feedback[]][] {
  const groups = new Map<string, Feedback[]>();
  for (const item of items) groups.set(item.step, [...(groups.get(item.step) ?? []), item]);
  return [...groups.entries()].sort(
    ([a, x], [b, y]) => Number(b === selected) - Number(a === selected) || y.length - x.length || a.localeCompare(b),
  );
}

export function FeedbackPanel({ slug, step }: { slug: string; step: string | null }) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<Feedback[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    feedbackApi
      .list(slug)
      .then((found) => live && setItems(found))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [slug]);

  const groups = useMemo(() => groupByStep(items ?? [], step), [items, step]);
  if (failed) return null; // a nicety: the editor works without it
  const total = items?.length ?? 0;
  return (
    <section className="card" aria-labelledby="feedback-title" data-testid="script-feedback">
      <h2 id="feedback-title">
        {t("feedback.title")} <Badge tone={total > 0 ? "warn" : undefined}>{total}</Badge>
      </h2>
      {!items && <p className="muted">{t("common.loading")}</p>}
      {items && total === 0 && <p className="muted">{t("feedback.none")}</p>}
      {items && total > 0 && <p className="muted small">{t("feedback.help")}</p>}
      {groups.map(([at, reports]) => (
        <details key={`${at}-${at === step}`} open={at === step} className="feedback-step">
          <summary>
            <strong>{at}</strong>
            {at === step && <span className="muted small"> ({t("feedback.selected")})</span>} —{" "}
            {t("feedback.said", { n: String(reports.length) })}
          </summary>
          <ul className="versions">
            {reports.map((report) => (
              <li key={report.id}>
                “{report.said}”
                <div className="muted small">
                  v{report.version} · {formatTime(report.created_at, lang, "")}
                  {report.interaction_id && (
                    <>
                      {" · "}
                      <Link to={`/customers/interactions/${encodeURIComponent(report.interaction_id)}`}>{t("feedback.interaction")}</Link>
                    </>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </details>
      ))}
      {step && items && !groups.some(([at]) => at === step) && total > 0 && (
        <p className="muted small">{t("feedback.noneAtStep", { step })}</p>
      )}
    </section>
  );
}
