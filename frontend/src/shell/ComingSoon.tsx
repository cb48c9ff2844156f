import { useI18n } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { Badge, PageHeader } from "../shared/ui/components";

export function ComingSoon({ title, points }: { title: MessageKey; points: MessageKey[] }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t(title)} actions={<Badge tone="warn">{t("coming.badge")}</Badge>} />
      <section className="card coming">
        <p>{t("coming.intro")}</p>
        <ul>
          {points.map((point) => (
            <li key={point}>{t(point)}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
