import { NavLink } from "react-router-dom";

import { useI18n } from "../shared/i18n";

export function AdminTabs() {
  const { t } = useI18n();
  return (
    <nav className="tabs" aria-label={t("admin.title")}>
      <NavLink to="/admin/users">{t("users.title")}</NavLink>
      <NavLink to="/admin/audit">{t("audit.title")}</NavLink>
      <NavLink to="/admin/mailbox">{t("mailbox.title")}</NavLink>
      <NavLink to="/admin/network">{t("network.title")}</NavLink>
      <NavLink to="/admin/web-sites">{t("webSites.title")}</NavLink>
    </nav>
  );
}
