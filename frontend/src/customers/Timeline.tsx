// An interaction's moments as a vertical list: time, what happened, how long after it came in, and details.
import { useI18n } from "../shared/i18n";
import type { Moment } from "./api";
import { formatDuration, formatTime } from "../shared/format";
import { timelineRows } from "./labels";

export function Timeline({ moments }: { moments: Moment[] }) {
  const { t, lang } = useI18n();
  const rows = timelineRows(moments, t, lang);
  if (rows.length === 0) return <p className="muted">{t("interactions.timeline.none")}</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {rows.map((row, index) => (
        <li key={index} className={`timeline-item moment-${row.kind}`}>
          <span className="timeline-dot" aria-hidden="true" />
          <div className="timeline-head">
            <time dateTime={row.at}>{formatTime(row.at, lang)}</time>
            <span className="timeline-kind">{row.label}</span>
            {index > 0 && (
              <span className="muted small" title={t("interactions.timeline.sinceStart")}>
                <span className="sr-only">{t("interactions.timeline.sinceStart")}: </span>+{formatDuration(row.offset, lang)}
              </span>
            )}
          </div>
          {row.details.length > 0 && (
            <ul className="timeline-data small">
              {row.details.map((detail) => (
                <li key={detail.label}>
                  <span className="muted">{detail.label}:</span> {detail.value}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
