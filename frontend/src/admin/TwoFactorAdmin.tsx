import { useEffect, useState } from "react";

import { api, type Role, type TwoFactorStatus, type User } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button, ConfirmDialog } from "../shared/ui/components";

const ROLES: Role[] = ["agent", "supervisor", "admin"];

/** The administrator's policy: the roles whose users must sign in with a second factor. */
export function TwoFactorPolicyCard() {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const [required, setRequired] = useState<Role[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.twoFactorPolicy().then((policy) => setRequired(policy.required_roles))
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [errorText]);

  async function toggle(role: Role, on: boolean) {
    if (!required) return;
    const before = required;
    const next = on ? [...required, role] : required.filter((r) => r !== role);
    setRequired(next); // at once; put back if the server refuses
    setNotice(null);
    setError(null);
    try {
      setRequired((await api.setTwoFactorPolicy(next)).required_roles);
      setNotice(t("twoFactor.policySaved"));
    } catch (caught) {
      setRequired(before);
      setError(errorText(caught));
    }
  }

  return (
    <section className="card" aria-labelledby="two-factor-policy-title" style={{ marginTop: "1rem" }}>
      <h2 id="two-factor-policy-title">{t("twoFactor.policyTitle")}</h2>
      <p className="muted">{t("twoFactor.policyHelp")}</p>
      {notice && <Alert tone="ok">{notice}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      {required && (
        <fieldset className="choices">
          <legend className="sr-only">{t("twoFactor.policyTitle")}</legend>
          {ROLES.map((role) => (
            <label key={role} className="check">
              <input type="checkbox" checked={required.includes(role)}
                onChange={(event) => void toggle(role, event.target.checked)} />
              <span>{t("twoFactor.requiredFor", { role: t(`role.${role}`) })}</span>
            </label>
          ))}
        </fieldset>
      )}
    </section>
  );
}

/** In a user's edit dialog: whether they sign in with a second factor, and the reset (a lost phone). */
export function UserTwoFactor({ user, onReset }: { user: User; onReset: (message: string) => void }) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const [status, setStatus] = useState<TwoFactorStatus | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.userTwoFactor(user.id).then(setStatus).catch((caught: unknown) => setError(errorText(caught)));
  }, [user.id, errorText]);

  async function reset() {
    setConfirming(false);
    try {
      await api.resetUserTwoFactor(user.id);
      setStatus(await api.userTwoFactor(user.id));
      onReset(t("twoFactor.resetDone", { name: user.username }));
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  if (!status) return error ? <Alert tone="error">{error}</Alert> : null;
  const on = status.enabled || status.pending;
  return (
    <div className="row" style={{ alignItems: "center", marginTop: "1rem" }} data-testid="user-two-factor">
      <span>
        {t("twoFactor.title")}{" "}
        <Badge tone={status.enabled ? "ok" : undefined}>{status.enabled ? t("twoFactor.on") : t("twoFactor.off")}</Badge>
      </span>
      {on && <Button small variant="danger" onClick={() => setConfirming(true)}>{t("twoFactor.reset")}</Button>}
      {error && <Alert tone="error">{error}</Alert>}
      <ConfirmDialog open={confirming} danger message={t("twoFactor.confirmReset", { name: user.username })}
        onCancel={() => setConfirming(false)} onConfirm={() => void reset()} />
    </div>
  );
}
