import { useState, type FormEvent } from "react";

import { api, type Language, type Role, type User } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button, Field, SelectField } from "../shared/ui/components";

type Props = { user?: User; onDone: (user: User) => void; onCancel: () => void };

export function UserForm({ user, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [username, setUsername] = useState(user?.username ?? "");
  const [displayName, setDisplayName] = useState(user?.display_name ?? "");
  const [email, setEmail] = useState(user?.email ?? "");
  const [role, setRole] = useState<Role>(user?.role ?? "agent");
  const [language, setLanguage] = useState<Language>(user?.language ?? "en");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldTexts(error);
  const field = (name: string) => fields[name];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = user
        ? // PATCH: every field the form shows is sent (an emptied email is removed: null); the rest is kept.
          await api.updateUser(user.id, {
            display_name: displayName.trim() || user.username,
            email: email.trim() || null,
            role,
            language,
          })
        : await api.createUser({
            username: username.trim(),
            password,
            role,
            language,
            display_name: displayName.trim() || null,
            email: email.trim() || null,
          });
      onDone(saved);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const roles = (["agent", "supervisor", "admin"] as const).map((value) => ({ value, label: t(`role.${value}`) }));
  const languages = [
    { value: "en", label: "English" },
    { value: "vi", label: "Tiếng Việt" },
  ];
  const unplaced = error !== null && !Object.keys(fields).some((name) =>
    ["username", "password", "display_name", "email", "role", "language"].includes(name));
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      {unplaced && <Alert tone="error">{errorText(error)}</Alert>}
      {!user && (
        <Field label={t("users.username")} value={username} onChange={(e) => setUsername(e.target.value)}
          error={field("username")} autoComplete="off" required />
      )}
      <Field label={t("users.displayName")} value={displayName} onChange={(e) => setDisplayName(e.target.value)}
        error={field("display_name")} />
      <Field label={t("users.email")} type="email" value={email} onChange={(e) => setEmail(e.target.value)}
        error={field("email")} />
      <SelectField label={t("users.role")} value={role} onChange={(v) => setRole(v as Role)} options={roles}
        error={field("role")} />
      <SelectField label={t("users.language")} value={language} onChange={(v) => setLanguage(v as Language)}
        options={languages} error={field("language")} />
      {!user && (
        <Field label={t("users.password")} type="password" value={password}
          onChange={(e) => setPassword(e.target.value)} error={field("password")} autoComplete="new-password"
          required />
      )}
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button type="submit" variant="primary" disabled={busy}>
          {user ? t("common.save") : t("common.create")}
        </Button>
      </div>
    </form>
  );
}
