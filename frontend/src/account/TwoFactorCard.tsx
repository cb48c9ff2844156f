import { useCallback, useEffect, useState, type FormEvent } from "react";

import { api, type Enrollment, type TwoFactorStatus } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button, Field } from "../shared/ui/components";
import { CodeField, EnrollmentView, RecoveryCodeList } from "../shared/ui/TwoFactorParts";

type Mode = "idle" | "enrolling" | "disabling" | "renewing";

/** The account page's two-factor section: set it up (QR code and key), recovery codes, turn it off. */
export function TwoFactorCard() {
  const { t } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [status, setStatus] = useState<TwoFactorStatus | null>(null);
  const [mode, setMode] = useState<Mode>("idle");
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    api.twoFactor().then(setStatus).catch((caught: unknown) => setError(caught));
  }, []);
  useEffect(load, [load]);

  function reset(next: Mode = "idle") {
    setMode(next);
    setCode("");
    setPassword("");
    setError(null);
  }

  async function act(work: () => Promise<void>) {
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
      setCode("");
    }
  }

  const start = () => act(async () => {
    setCodes(null);
    setEnrollment(await api.startTwoFactor());
    reset("enrolling");
  });

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const answer = await api.confirmTwoFactor(code.trim());
      setCodes(answer.recovery_codes);
      setEnrollment(null);
      reset();
      setNotice(t("twoFactor.enabled"));
      load();
    });
  };

  const disable = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await api.disableTwoFactor(password, code.trim());
      setCodes(null);
      reset();
      setNotice(t("twoFactor.disabled"));
      load();
    });
  };

  const renew = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      setCodes((await api.renewRecoveryCodes(code.trim())).recovery_codes);
      reset();
      load();
    });
  };

  const fields = fieldTexts(error);
  const unplaced = error !== null && !fields.code && !fields.password;
  return (
    <section className="card" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">
        {t("twoFactor.title")}{" "}
        {status && (status.enabled
          ? <Badge tone="ok">{t("twoFactor.on")}</Badge>
          : <Badge>{t("twoFactor.off")}</Badge>)}
      </h2>
      <p className="muted">{t("twoFactor.help")}{status?.required ? ` ${t("twoFactor.requiredNote")}` : ""}</p>
      {notice && <Alert tone="ok">{notice}</Alert>}
      {unplaced && <Alert tone="error">{errorText(error)}</Alert>}
      {codes && <Alert tone="warn"><RecoveryCodeList codes={codes} /></Alert>}
      {status && !status.enabled && mode !== "enrolling" && (
        <Button variant="primary" onClick={() => void start()}>{t("twoFactor.start")}</Button>
      )}
      {mode === "enrolling" && enrollment && (
        <form onSubmit={confirm} style={{ maxWidth: 380 }}>
          <EnrollmentView enrollment={enrollment} />
          <CodeField value={code} onChange={setCode} error={fields.code} />
          <div className="row">
            <Button type="submit" variant="primary">{t("twoFactor.confirm")}</Button>
            <Button onClick={() => { setEnrollment(null); reset(); }}>{t("common.cancel")}</Button>
          </div>
        </form>
      )}
      {status?.enabled && mode === "idle" && (
        <>
          <p>{t("twoFactor.codesLeft", { count: String(status.recovery_codes_left) })}</p>
          <div className="row">
            <Button onClick={() => reset("renewing")}>{t("twoFactor.renew")}</Button>
            {!status.required && (
              <Button variant="danger" onClick={() => reset("disabling")}>{t("twoFactor.disable")}</Button>
            )}
          </div>
        </>
      )}
      {mode === "renewing" && (
        <form onSubmit={renew} style={{ maxWidth: 380 }}>
          <p className="muted">{t("twoFactor.renewHelp")}</p>
          <CodeField value={code} onChange={setCode} error={fields.code} />
          <div className="row">
            <Button type="submit" variant="primary">{t("twoFactor.renew")}</Button>
            <Button onClick={() => reset()}>{t("common.cancel")}</Button>
          </div>
        </form>
      )}
      {mode === "disabling" && (
        <form onSubmit={disable} style={{ maxWidth: 380 }}>
          <p className="muted">{t("twoFactor.disableHelp")}</p>
          <Field label={t("twoFactor.password")} type="password" value={password} autoComplete="current-password"
            onChange={(e) => setPassword(e.target.value)} error={fields.password} required />
          <CodeField value={code} onChange={setCode} error={fields.code} />
          <div className="row">
            <Button type="submit" variant="danger">{t("twoFactor.disable")}</Button>
            <Button onClick={() => reset()}>{t("common.cancel")}</Button>
          </div>
        </form>
      )}
    </section>
  );
}
