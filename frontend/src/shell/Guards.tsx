import type { ReactNode } from "react";
import { Link, Navigate, useLocation } from "react-router-dom";

import type { Role } from "../shared/api/client";
import { atLeast, useAuth } from "../shared/auth";
import { useI18n } from "../shared/i18n";
import { PageHeader } from "../shared/ui/components";

export function RequireSignIn({ children }: { children: ReactNode }) {
  const { me, loading, signedOut } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  if (loading) return <p className="muted" style={{ padding: "2rem" }}>{t("common.loading")}</p>;
  if (!me) {
    const from = location.pathname + location.search + location.hash;
    return <Navigate to="/login" replace state={signedOut ? undefined : { from }} />;
  }
  return <>{children}</>;
}

export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const { me } = useAuth();
  const { t } = useI18n();
  if (!me || !atLeast(me.role, role)) {
    return (
      <>
        <PageHeader title={t("noAccess")} subtitle={t("noAccess.help")} />
        <Link className="button" to="/">{t("backHome")}</Link>
      </>
    );
  }
  return <>{children}</>;
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t("notFound")} />
      <Link className="button" to="/">{t("backHome")}</Link>
    </>
  );
}
