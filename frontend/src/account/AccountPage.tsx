import { useCallback, useEffect, useState, type FormEvent } from "react";

import { api, type Language, type NewToken, type Token } from "../shared/api/client";
import { useAuth } from "../shared/auth";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { TokenTable } from "./TokenTable";
import { TwoFactorCard } from "./TwoFactorCard";
import { Alert, Button, Field, PageHeader } from "../shared/ui/components";

export function AccountPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t("account.title")} />
      <div className="stack">
        <ProfileCard />
        <PasswordCard />
        <TwoFactorCard />
        <TokensCard />
      </div>
    </>
  );
}

function ProfileCard() {
  const { t } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const { me, updateProfile } = useAuth();
  const [displayName, setDisplayName] = useState(me?.display_name ?? "");
  const [language, setLanguage] = useState<Language>(me?.language ?? "en");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  // The sidebar can change the language too; follow it.
  const serverLanguage = me?.language;
  useEffect(() => {
    if (serverLanguage) setLanguage(serverLanguage);
  }, [serverLanguage]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(false);
    setBusy(true);
    try {
      await updateProfile({ display_name: displayName.trim(), language });
      setDone(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  const fields = fieldTexts(error);
  const placed = "display_name" in fields || "language" in fields;
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t("account.profile")}</h2>
      {done && <Alert tone="ok">{t("account.profileSaved")}</Alert>}
      {error !== null && !placed && <Alert tone="error">{errorText(error)}</Alert>}
      <form onSubmit={(event) => void submit(event)} style={{ maxWidth: 380 }}>
        <Field label={t("account.displayName")} value={displayName} autoComplete="name" required
          onChange={(e) => setDisplayName(e.target.value)} error={fields.display_name} />
        <fieldset className="choices">
          <legend>{t("account.language")}</legend>
          {(["en", "vi"] as const).map((value) => (
            <label key={value} className="check">
              <input type="radio" name="profile-language" value={value} checked={language === value}
                onChange={() => setLanguage(value)} />
              <span lang={value}>{t(`lang.${value}`)}</span>
            </label>
          ))}
          {fields.language && <span className="error">{fields.language}</span>}
        </fieldset>
        <Button type="submit" variant="primary" disabled={busy}>{t("common.save")}</Button>
      </form>
    </section>
  );
}

function PasswordCard() {
  const { t } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(false);
    try {
      await api.changePassword(current, next);
      setDone(true);
      setCurrent("");
      setNext("");
    } catch (caught) {
      setError(caught);
    }
  }
  const fields = fieldTexts(error);
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t("account.password")}</h2>
      {done && <Alert tone="ok">{t("account.changed")}</Alert>}
      <form onSubmit={(event) => void submit(event)} style={{ maxWidth: 380 }}>
        <Field label={t("account.current")} type="password" value={current} autoComplete="current-password"
          onChange={(e) => setCurrent(e.target.value)} error={fields.current_password} required />
        <Field label={t("account.new")} type="password" value={next} autoComplete="new-password"
          onChange={(e) => setNext(e.target.value)} error={fields.password ?? fields.new_password}
          required />
        {error !== null && !fields.current_password && !fields.password && !fields.new_password &&
          <Alert tone="error">{errorText(error)}</Alert>}
        <Button type="submit" variant="primary">{t("common.save")}</Button>
      </form>
    </section>
  );
}

function TokensCard() {
  const { t } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [tokens, setTokens] = useState<Token[]>([]);
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [created, setCreated] = useState<NewToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const load = useCallback(() => {
    api
      .tokens()
      .then((list) => {
        setTokens(list);
        setLoadError(null);
      })
      .catch((caught: unknown) => setLoadError(errorText(caught)));
  }, [errorText]);
  useEffect(load, [load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const token = await api.createToken(name.trim(), days ? Number(days) : null);
      setCreated(token);
      setCopied(false);
      setName("");
      setDays("");
      load();
    } catch (caught) {
      setError(caught);
    }
  }

  async function revoke(token: Token) {
    try {
      await api.revokeToken(token.id);
    } catch (caught) {
      setLoadError(errorText(caught));
    }
    load();
  }

  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t("account.tokens")}</h2>
      <p className="muted">{t("account.tokensHelp")}</p>
      {loadError && <Alert tone="error">{t("account.loadFailed", { detail: loadError })}</Alert>}
      {created && (
        <Alert tone="warn">
          <p style={{ marginTop: 0 }}>{t("account.newToken")}</p>
          <div className="row">
            <code className="token" data-testid="new-token">{created.token}</code>
            <Button small onClick={() => void navigator.clipboard?.writeText(created.token).then(() => setCopied(true))}>
              {copied ? t("common.copied") : t("common.copy")}
            </Button>
          </div>
        </Alert>
      )}
      <form className="row" onSubmit={(event) => void create(event)} style={{ alignItems: "flex-end" }}>
        <Field label={t("account.tokenName")} value={name} onChange={(e) => setName(e.target.value)}
          error={fieldTexts(error).name} required />
        <Field label={t("account.tokenDays")} type="number" min={1} max={3650} value={days}
          onChange={(e) => setDays(e.target.value)} error={fieldTexts(error).expires_days} />
        <div className="field"><Button type="submit" variant="primary">{t("account.createToken")}</Button></div>
      </form>
      {error !== null && !fieldTexts(error).name && !fieldTexts(error).expires_days && (
        <Alert tone="error">{errorText(error)}</Alert>
      )}
      {tokens.length === 0 ? (
        <p className="muted">{t("account.noTokens")}</p>
      ) : (
        <TokenTable tokens={tokens} label={t("account.tokens")} onRevoke={(token) => void revoke(token)} />
      )}
    </section>
  );
}
