import { Suspense, lazy } from "react";
import { BrowserRouter, Route, Routes } from "react-router-dom";

import { AccountPage } from "./account/AccountPage";
import { AuditPage } from "./admin/AuditPage";
import { MailboxPage } from "./admin/MailboxPage";
import { NetworkAccessPage } from "./admin/NetworkAccessPage";
import { UsersPage } from "./admin/UsersPage";
import { WebSitesPage } from "./admin/WebSitesPage";
import { DeskPage } from "./desk/DeskPage";
import { AuthProvider } from "./shared/auth";
import { I18nProvider, useI18n } from "./shared/i18n";
import { NotFound, RequireRole, RequireSignIn } from "./shell/Guards";
import { Home } from "./shell/Home";
import { Login } from "./shell/Login";
import { Shell } from "./shell/Shell";

// The supervisor area is loaded when first opened: agents never download it.
// The designer (a large graph editor) too: operators on the desk never need it.
const DesignerPage = lazy(() => import("./designer/DesignerPage").then((module) => ({ default: module.DesignerPage })));
const SupervisorPage = lazy(() => import("./supervisor/SupervisorPage").then((module) => ({ default: module.SupervisorPage })));
// Customers and the interaction view, loaded when first opened.
const CustomersArea = lazy(() => import("./customers/CustomersArea").then((module) => ({ default: module.CustomersArea })));

function Loading() {
  const { t } = useI18n();
  return <p className="muted">{t("common.loading")}</p>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<Login />} />
      <Route element={<RequireSignIn><Shell /></RequireSignIn>}>
        <Route index element={<Home />} />
        <Route path="designer/*" element={<RequireRole role="supervisor"><Suspense fallback={<Loading />}><DesignerPage /></Suspense></RequireRole>} />
        <Route path="desk/*" element={<DeskPage />} />
        <Route path="customers/*" element={<Suspense fallback={<Loading />}><CustomersArea /></Suspense>} />
        <Route
          path="supervisor/*"
          element={<RequireRole role="supervisor"><Suspense fallback={<Loading />}><SupervisorPage /></Suspense></RequireRole>}
        />
        <Route path="admin/users" element={<RequireRole role="admin"><UsersPage /></RequireRole>} />
        <Route path="admin/audit" element={<RequireRole role="admin"><AuditPage /></RequireRole>} />
        <Route path="admin/mailbox" element={<RequireRole role="admin"><MailboxPage /></RequireRole>} />
        <Route path="admin/network" element={<RequireRole role="admin"><NetworkAccessPage /></RequireRole>} />
        <Route path="admin/web-sites" element={<RequireRole role="admin"><WebSitesPage /></RequireRole>} />
        <Route path="admin" element={<RequireRole role="admin"><UsersPage /></RequireRole>} />
        <Route path="account" element={<AccountPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </AuthProvider>
    </I18nProvider>
  );
}
