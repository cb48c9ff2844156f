import { useState } from "react";
import { NavLink, Outlet } from "react-router-dom";

import { type Language, type Role } from "../shared/api/client";
import { atLeast, useAuth } from "../shared/auth";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import type { MessageKey } from "../shared/i18n/en";
import { Button } from "../shared/ui/components";

export type Area = { path: string; label: MessageKey; description: MessageKey; role: Role };

export const AREAS: Area[] = [
  { path: "/designer", label: "nav.designer", description: "area.designer", role: "supervisor" },
  { path: "/desk", label: "nav.desk", description: "area.desk", role: "agent" },
  { path: "/customers", label: "customers.nav", description: "customers.area", role: "agent" },
  { path: "/supervisor", label: "nav.supervisor", description: "area.supervisor", role: "supervisor" },
  { path: "/admin/users", label: "nav.admin", description: "area.admin", role: "admin" },
];

export function Shell() {
  const { me, signOut, setLanguage } = useAuth();
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const [languageError, setLanguageError] = useState<string | null>(null);
  if (!me) return null;
  const areas = AREAS.filter((area) => atLeast(me.role, area.role));
  return (
    <div className="shell" data-testid="shell">
      <aside className="sidebar">
        <div className="brand">
          <img src="/favicon.svg" alt="" />
          {t("app.name")}
        </div>
        <nav className="nav" aria-label={t("nav.main")}>
          <NavLink to="/" end>
            {t("nav.home")}
          </NavLink>
          {areas.map((area) => (
            <NavLink key={area.path} to={area.path}>
              {t(area.label)}
            </NavLink>
          ))}
        </nav>
        <div className="user" data-testid="user-menu">
          <div className="name">{me.display_name}</div>
          <div className="role">
            {me.username} · <span className="role-name">{t(`role.${me.role}` as MessageKey)}</span>
          </div>
          <NavLink to="/account">{t("nav.account")}</NavLink>
          <label htmlFor="language-select">{t("lang.label")}</label>
          <select
            id="language-select"
            value={lang}
            aria-describedby={languageError ? "language-error" : undefined}
            onChange={(event) => {
              setLanguageError(null);
              setLanguage(event.target.value as Language).catch((caught: unknown) =>
                setLanguageError(errorText(caught)),
              );
            }}
          >
            <option value="en">{t("lang.en")}</option>
            <option value="vi">{t("lang.vi")}</option>
          </select>
          {languageError && (
            <p className="sidebar-error" id="language-error" role="alert">
              {t("shell.languageFailed", { detail: languageError })}
            </p>
          )}
          <Button onClick={() => void signOut()}>{t("nav.signOut")}</Button>
        </div>
      </aside>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
