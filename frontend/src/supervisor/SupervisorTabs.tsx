import { NavLink } from "react-router-dom";

import { useI18n } from "../shared/i18n";

export function SupervisorTabs() {
  const { t } = useI18n();
  return (
    <nav className="tabs" aria-label={t("supervisor.sections")}>
      <NavLink to="/supervisor" end>
        {t("supervisor.tab.live")}
      </NavLink>
      <NavLink to="/supervisor/queues">{t("supervisor.tab.queues")}</NavLink>
      <NavLink to="/supervisor/agents">{t("supervisor.tab.agents")}</NavLink>
      <NavLink to="/supervisor/interactions">{t("interactions.tab")}</NavLink>
    </nav>
  );
}
