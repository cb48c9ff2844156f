import { useI18n } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { Badge } from "../shared/ui/components";

export function ComingSoon({ title, points }: { title: MessageKey; points: MessageKey[] }) {
  const { t } = useI18n();
  return (
    <>
      <div className="page-header">
        <div>
          <div className="with-badge">
            <h1>{t(title)}</h1>
            <Badge tone="warn">{t("coming.badge")}</Badge>
          </div>
          <div className="muted">{t("coming.intro")}</div>
        </div>
      </div>
      <section className="card coming" aria-label={t("coming.badge")}>
        <ul>
          {points.map((point) => (
            <li key={point}>{t(point)}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
