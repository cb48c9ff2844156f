// An administrator's view of one user's API tokens: list, create (with rights beyond the role), revoke.
import { useCallback, useEffect, useState, type FormEvent } from "react";

import { api, type NewToken, type Token, type TokenScope, type User } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { TokenTable, scopeLabel } from "../account/TokenTable";
import { Alert, Button, Field } from "../shared/ui/components";

/** Every right a token can be given, in the order the form offers them. */
export const TOKEN_SCOPES: TokenScope[] = ["contacts:create"];

export function UserTokens({ user }: { user: User }) {
  const { t } = useI18n();
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [scopes, setScopes] = useState<TokenScope[]>([]);
  const [created, setCreated] = useState<NewToken | null>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api
      .userTokens(user.id)
      .then(setTokens)
      .catch(() => setProblem("users.tokens.loadFailed"));
  }, [user.id]);
  useEffect(load, [load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setProblem(null);
    try {
      setCreated(await api.createUserToken(user.id, { name: name.trim(), expires_days: days ? Number(days) : null, scopes }));
      setName("");
      setDays("");
      setScopes([]);
      load();
    } catch {
      setProblem("users.tokens.createFailed");
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: Token) {
    setProblem(null);
    try {
      await api.revokeUserToken(user.id, token.id);
    } catch {
      setProblem("users.tokens.revokeFailed");
    }
    load();
  }

  const toggle = (scope: TokenScope, on: boolean) =>
    setScopes((current) => (on ? [...current.filter((s) => s !== scope), scope] : current.filter((s) => s !== scope)));

  return (
    <div className="stack" data-testid="user-tokens">
      <p className="muted">{t("users.tokensHelp")}</p>
      {problem && <Alert tone="error">{t(problem)}</Alert>}
      {created && (
        <Alert tone="warn">
          <p style={{ marginTop: 0 }}>{t("account.newToken")}</p>
          <code className="token" data-testid="new-user-token">{created.token}</code>
        </Alert>
      )}
      <form className="stack" onSubmit={(event) => void create(event)}>
        <div className="row" style={{ alignItems: "flex-end" }}>
          <Field label={t("account.tokenName")} value={name} required maxLength={100} autoComplete="off"
            onChange={(event) => setName(event.target.value)} />
          <Field label={t("account.tokenDays")} type="number" min={1} max={3650} value={days}
            onChange={(event) => setDays(event.target.value)} />
        </div>
        <fieldset className="choices">
          <legend>{t("users.tokens.rights")}</legend>
          {TOKEN_SCOPES.map((scope) => (
            <label className="check" key={scope}>
              <input type="checkbox" checked={scopes.includes(scope)} onChange={(event) => toggle(scope, event.target.checked)} />
              {t(scopeLabel(scope))}
            </label>
          ))}
        </fieldset>
        <div className="row" style={{ justifyContent: "flex-end" }}>
          <Button type="submit" variant="primary" disabled={busy || !name.trim()}>{t("account.createToken")}</Button>
        </div>
      </form>
      {tokens && tokens.length === 0 && <p className="muted">{t("account.noTokens")}</p>}
      {tokens && tokens.length > 0 && (
        <TokenTable tokens={tokens} label={t("users.tokens")} showRights onRevoke={(token) => void revoke(token)} />
      )}
    </div>
  );
}
