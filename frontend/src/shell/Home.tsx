import { Link } from "react-router-dom";

import { atLeast, useAuth } from "../shared/auth";
import { useI18n } from "../shared/i18n";
import { PageHeader } from "../shared/ui/components";
import { AREAS } from "./Shell";

export function Home() {
  const { me } = useAuth();
  const { t } = useI18n();
  if (!me) return null;
  return (
    <>
      <PageHeader title={t("home.greeting", { name: me.display_name })} subtitle={t("home.intro")} />
      <div className="grid">
        {AREAS.filter((area) => atLeast(me.role, area.role)).map((area) => (
          <section className="card area" key={area.path} aria-labelledby={`card-${area.path}`}>
            <h2 id={`card-${area.path}`}>{t(area.label)}</h2>
            <p className="muted">{t(area.description)}</p>
            <Link className="button primary" to={area.path} aria-label={`${t("home.open")} ${t(area.label)}`}>
              {t("home.open")}
            </Link>
          </section>
        ))}
      </div>
    </>
  );
}
