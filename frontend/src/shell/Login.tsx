import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { Navigate, useLocation, useNavigate } from "react-router-dom";

import { api, ApiError, type Enrollment, type LoginAnswer, type SecondStep } from "../shared/api/client";
import { useAuth } from "../shared/auth";
import { useI18n, type Lang } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button, Field } from "../shared/ui/components";
import { CodeField, EnrollmentView, RecoveryCodeList } from "../shared/ui/TwoFactorParts";

export function Login() {
  const { me, signIn, completeSignIn } = useAuth();
  const { t, lang, setLang } = useI18n();
  const { errorText } = useErrors();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // After the password: the code (or the enrollment) a second factor asks for.
  const [step, setStep] = useState<SecondStep | null>(null);
  // An enrollment's sign-in, held until its recovery codes have been seen.
  const [enrolled, setEnrolled] = useState<LoginAnswer | null>(null);
  const wanted = (location.state as { from?: string } | null)?.from ?? "/";

  if (me) return <Navigate to={wanted} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const second = await signIn(username.trim(), password);
      if (second) {
        setStep(second);
        setPassword("");
      } else {
        navigate(wanted, { replace: true });
      }
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  function restart(reason: string | null) {
    setStep(null);
    setEnrolled(null);
    setError(reason);
  }

  function finished(answer: LoginAnswer) {
    if (answer.recovery_codes?.length) {
      setEnrolled(answer);
    } else {
      completeSignIn(answer);
      navigate(wanted, { replace: true });
    }
  }

  let body: ReactNode;
  if (enrolled) {
    body = (
      <>
        <Alert tone="ok">{t("twoFactor.enabled")}</Alert>
        <RecoveryCodeList codes={enrolled.recovery_codes ?? []} />
        <Button variant="primary" onClick={() => {
          completeSignIn(enrolled);
          navigate(wanted, { replace: true });
        }}>{t("twoFactor.continue")}</Button>
      </>
    );
  } else if (step) {
    body = <SecondStepForm step={step} onDone={finished} onRestart={restart} />;
  } else {
    body = (
      <form onSubmit={(event) => void submit(event)} className="stack">
        {error && <Alert tone="error">{error}</Alert>}
        <Field label={t("login.username")} value={username} onChange={(e) => setUsername(e.target.value)}
          autoComplete="username" autoFocus required />
        <Field label={t("login.password")} type="password" value={password}
          onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t("login.busy") : t("login.submit")}
        </Button>
      </form>
    );
  }

  return (
    <div className="login">
      <div className="card" role="region" aria-labelledby="login-title">
        <div className="brand">
          <img src="/favicon.svg" alt="" />
          {t("app.name")}
        </div>
        <h1 id="login-title">
          {enrolled ? t("twoFactor.recoveryTitle") : step ? t(step.kind === "enroll" ? "twoFactor.enrollTitle" : "twoFactor.codeTitle") : t("login.title")}
        </h1>
        {!step && <p className="muted">{t("app.tagline")}</p>}
        {body}
        <div className="lang">
          <span className="muted">{t("login.help")}</span>
          <select className="inline" aria-label={t("lang.label")} value={lang}
            onChange={(event) => setLang(event.target.value as Lang)}>
            <option value="en">English</option>
            <option value="vi">Tiếng Việt</option>
          </select>
        </div>
      </div>
    </div>
  );
}

/** The code step: a code from the app (or a recovery code), or, for a role that requires a second
 * factor not yet set up, its enrollment first. Nothing else of the app opens until it is done. */
function SecondStepForm({ step, onDone, onRestart }: {
  step: SecondStep;
  onDone: (answer: LoginAnswer) => void;
  onRestart: (reason: string | null) => void;
}) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const [code, setCode] = useState("");
  const [recovery, setRecovery] = useState(false);
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (step.kind !== "enroll") return;
    api.signInEnrollment(step.challenge).then(setEnrollment).catch((caught: unknown) => setError(errorText(caught)));
  }, [step, errorText]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api.secondStep(step.challenge, code.trim());
      if ("done" in answer) onDone(answer.done);
    } catch (caught) {
      const ended = caught instanceof ApiError && ["sign-in-expired", "account-locked", "account-disabled"].includes(caught.code);
      if (ended) onRestart(errorText(caught));
      else setError(errorText(caught));
      setCode("");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="stack" aria-label={t("twoFactor.codeTitle")}>
      {step.kind === "enroll" && <p>{t("twoFactor.enrollRequired")}</p>}
      {step.kind === "enroll" && enrollment && <EnrollmentView enrollment={enrollment} />}
      {step.kind === "code" && <p className="muted">{recovery ? t("twoFactor.recoveryPrompt") : t("twoFactor.codePrompt")}</p>}
      {error && <Alert tone="error">{error}</Alert>}
      <CodeField value={code} onChange={setCode} recovery={recovery} />
      <Button type="submit" variant="primary" disabled={busy || (step.kind === "enroll" && !enrollment)}>
        {busy ? t("login.busy") : t("twoFactor.verify")}
      </Button>
      <div className="row">
        {step.kind === "code" && (
          <Button type="button" small onClick={() => {
            setRecovery(!recovery);
            setCode("");
            setError(null);
          }}>{recovery ? t("twoFactor.useApp") : t("twoFactor.useRecovery")}</Button>
        )}
        <Button type="button" small onClick={() => onRestart(null)}>{t("twoFactor.back")}</Button>
      </div>
    </form>
  );
}
