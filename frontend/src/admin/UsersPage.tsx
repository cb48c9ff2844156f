import { useCallback, useEffect, useState, type FormEvent } from "react";

import { api, type User } from "../shared/api/client";
import { useAuth } from "../shared/auth";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import type { MessageKey } from "../shared/i18n/en";
import { Alert, Badge, Button, ConfirmDialog, Dialog, Field, PageHeader, Table, formatTime } from "../shared/ui/components";
import { AdminTabs } from "./AdminTabs";
import { TwoFactorPolicyCard, UserTwoFactor } from "./TwoFactorAdmin";
import { UserForm } from "./UserForm";
import { UserTokens } from "./UserTokens";

type Editing =
  | { kind: "new" }
  | { kind: "edit"; user: User }
  | { kind: "password"; user: User }
  | { kind: "tokens"; user: User }
  | null;

export function UsersPage() {
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const { me } = useAuth();
  const [users, setUsers] = useState<User[] | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [toggling, setToggling] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api.users().then(setUsers).catch((caught: unknown) => setError(errorText(caught)));
  }, [errorText]);
  useEffect(load, [load]);

  function status(user: User) {
    if (user.disabled) return <Badge tone="danger">{t("users.disabled")}</Badge>;
    if (user.locked_until && new Date(user.locked_until) > new Date()) return <Badge tone="warn">{t("users.locked")}</Badge>;
    return <Badge tone="ok">{t("users.active")}</Badge>;
  }

  async function toggle(user: User) {
    setToggling(null);
    try {
      await api.updateUser(user.id, { disabled: !user.disabled });
      setNotice(t("users.saved"));
      load();
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  return (
    <>
      <PageHeader title={t("admin.title")}
        actions={<Button variant="primary" onClick={() => setEditing({ kind: "new" })}>{t("users.new")}</Button>} />
      <AdminTabs />
      {notice && <Alert tone="ok">{notice}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      {!users ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <Table label={t("users.title")}>
            <thead>
              <tr>
                <th>{t("users.username")}</th>
                <th>{t("users.displayName")}</th>
                <th>{t("users.role")}</th>
                <th>{t("users.language")}</th>
                <th>{t("users.status")}</th>
                <th>{t("users.lastLogin")}</th>
                <th>{t("users.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <td>
                    {user.username}
                    {user.id === me?.id && <> <Badge>{t("users.you")}</Badge></>}
                  </td>
                  <td>{user.display_name}</td>
                  <td>{t(`role.${user.role}` as MessageKey)}</td>
                  <td>{t(`lang.${user.language}` as MessageKey)}</td>
                  <td>{status(user)}</td>
                  <td className="nowrap">{formatTime(user.last_login_at, lang, t("common.never"))}</td>
                  <td>
                    <div className="row actions">
                      <Button small onClick={() => setEditing({ kind: "edit", user })}
                        aria-label={`${t("common.edit")} ${user.username}`}>{t("common.edit")}</Button>
                      {user.id !== me?.id && (
                        <Button small variant={user.disabled ? undefined : "danger"} onClick={() => setToggling(user)}
                          aria-label={`${user.disabled ? t("users.enable") : t("users.disable")} ${user.username}`}>
                          {user.disabled ? t("users.enable") : t("users.disable")}
                        </Button>
                      )}
                      <Button small onClick={() => setEditing({ kind: "password", user })}
                        aria-label={`${t("users.resetPassword")} ${user.username}`}>{t("users.resetPassword")}</Button>
                      <Button small onClick={() => setEditing({ kind: "tokens", user })}
                        aria-label={t("users.tokensNamed", { name: user.username })}>{t("users.tokens")}</Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
        </Table>
      )}
      <TwoFactorPolicyCard />
      <Dialog open={editing?.kind === "new" || editing?.kind === "edit"}
        title={editing?.kind === "edit" ? `${t("common.edit")} ${editing.user.username}` : t("users.new")}
        onClose={() => setEditing(null)}>
        {(editing?.kind === "new" || editing?.kind === "edit") && (
          <UserForm user={editing.kind === "edit" ? editing.user : undefined} onCancel={() => setEditing(null)}
            onDone={(saved) => {
              setEditing(null);
              setNotice(editing.kind === "new" ? t("users.created", { name: saved.username }) : t("users.saved"));
              load();
            }} />
        )}
        {editing?.kind === "edit" && <UserTwoFactor user={editing.user} onReset={setNotice} />}
      </Dialog>
      <Dialog open={editing?.kind === "password"} title={t("users.resetPassword")} onClose={() => setEditing(null)}>
        {editing?.kind === "password" && (
          <PasswordReset user={editing.user} onDone={() => { setEditing(null); setNotice(t("users.passwordSet")); }}
            onCancel={() => setEditing(null)} />
        )}
      </Dialog>
      <Dialog open={editing?.kind === "tokens"} wide onClose={() => setEditing(null)}
        title={editing?.kind === "tokens" ? t("users.tokensNamed", { name: editing.user.username }) : ""}>
        {editing?.kind === "tokens" && (
          <>
            <UserTokens user={editing.user} />
            <div className="row" style={{ justifyContent: "flex-end" }}>
              <Button onClick={() => setEditing(null)}>{t("common.close")}</Button>
            </div>
          </>
        )}
      </Dialog>
      <ConfirmDialog open={toggling !== null} danger={!toggling?.disabled}
        message={toggling ? t(toggling.disabled ? "users.confirmEnable" : "users.confirmDisable", { name: toggling.username }) : ""}
        onCancel={() => setToggling(null)} onConfirm={() => toggling && void toggle(toggling)} />
    </>
  );
}

function PasswordReset({ user, onDone, onCancel }: { user: User; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await api.resetPassword(user.id, password);
      onDone();
    } catch (caught) {
      setError(fieldTexts(caught).password ?? errorText(caught));
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)}>
      <Field label={t("users.newPassword")} type="password" value={password} error={error}
        onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required />
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button type="submit" variant="primary">{t("common.save")}</Button>
      </div>
    </form>
  );
}
