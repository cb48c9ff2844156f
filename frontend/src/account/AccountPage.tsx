import { useCallback, useEffect, useState, type FormEvent } from "react";

import { ApiError, api, type NewToken, type Token } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import { Alert, Badge, Button, ConfirmDialog, Field, PageHeader, formatTime } from "../shared/ui/components";

export function AccountPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t("account.title")} />
      <div className="stack">
        <PasswordCard />
        <TokensCard />
      </div>
    </>
  );
}

function PasswordCard() {
  const { t } = useI18n();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
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
      setError(caught instanceof ApiError ? caught : new ApiError(0, "error", String(caught)));
    }
  }
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t("account.password")}</h2>
      {done && <Alert tone="ok">{t("account.changed")}</Alert>}
      <form onSubmit={(event) => void submit(event)} style={{ maxWidth: 380 }}>
        <Field label={t("account.current")} type="password" value={current} autoComplete="current-password"
          onChange={(e) => setCurrent(e.target.value)} error={error?.fieldErrors.current_password} required />
        <Field label={t("account.new")} type="password" value={next} autoComplete="new-password"
          onChange={(e) => setNext(e.target.value)} error={error?.fieldErrors.password ?? error?.fieldErrors.new_password}
          required />
        {error && Object.keys(error.fieldErrors).length === 0 && <Alert tone="error">{error.detail}</Alert>}
        <Button type="submit" variant="primary">{t("common.save")}</Button>
      </form>
    </section>
  );
}

function TokensCard() {
  const { t, lang } = useI18n();
  const [tokens, setTokens] = useState<Token[]>([]);
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [created, setCreated] = useState<NewToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(() => void api.tokens().then(setTokens), []);
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
      setError(caught instanceof ApiError ? caught : new ApiError(0, "error", String(caught)));
    }
  }

  async function revoke(token: Token) {
    setRevoking(null);
    await api.revokeToken(token.id);
    load();
  }

  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t("account.tokens")}</h2>
      <p className="muted">{t("account.tokensHelp")}</p>
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
          error={error?.fieldErrors.name} required />
        <Field label={t("account.tokenDays")} type="number" min={1} max={3650} value={days}
          onChange={(e) => setDays(e.target.value)} error={error?.fieldErrors.expires_days} />
        <div className="field"><Button type="submit" variant="primary">{t("account.createToken")}</Button></div>
      </form>
      {tokens.length === 0 ? (
        <p className="muted">{t("account.noTokens")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t("account.tokenName")}</th>
                <th>{t("account.expires")}</th>
                <th>{t("account.lastUsed")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name} <span className="muted">({token.prefix}…)</span></td>
                  <td>{formatTime(token.expires_at, lang, "—")}</td>
                  <td>{formatTime(token.last_used_at, lang, t("common.never"))}</td>
                  <td>
                    {token.revoked_at ? (
                      <Badge tone="danger">{t("account.revoked")}</Badge>
                    ) : (
                      <Button small variant="danger" onClick={() => setRevoking(token)}>{t("account.revoke")}</Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog open={revoking !== null} danger
        message={revoking ? t("account.confirmRevoke", { name: revoking.name }) : ""}
        onCancel={() => setRevoking(null)} onConfirm={() => revoking && void revoke(revoking)} />
    </section>
  );
}
