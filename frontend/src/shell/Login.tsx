import { useState, type FormEvent } from "react";
import { Navigate, useLocation, useNavigate } from "react-router-dom";

import { useAuth } from "../shared/auth";
import { useI18n, type Lang } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button, Field } from "../shared/ui/components";

export function Login() {
  const { me, signIn } = useAuth();
  const { t, lang, setLang } = useI18n();
  const { errorText } = useErrors();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const wanted = (location.state as { from?: string } | null)?.from ?? "/";

  if (me) return <Navigate to={wanted} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      navigate(wanted, { replace: true });
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login">
      <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <div className="brand">
          <img src="/favicon.svg" alt="" />
          {t("app.name")}
        </div>
        <h1 id="login-title">{t("login.title")}</h1>
        <p className="muted">{t("app.tagline")}</p>
        {error && <Alert tone="error">{error}</Alert>}
        <Field label={t("login.username")} value={username} onChange={(e) => setUsername(e.target.value)}
          autoComplete="username" autoFocus required />
        <Field label={t("login.password")} type="password" value={password}
          onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t("login.busy") : t("login.submit")}
        </Button>
        <div className="lang">
          <span className="muted">{t("login.help")}</span>
          <select className="inline" aria-label={t("lang.label")} value={lang}
            onChange={(event) => setLang(event.target.value as Lang)}>
            <option value="en">English</option>
            <option value="vi">Tiếng Việt</option>
          </select>
        </div>
      </form>
    </div>
  );
}
