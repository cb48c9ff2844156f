// The network allowlists (the article's firewall): from which addresses staff may sign in, and use the staff API.
// Customers' pages are never restricted. The server refuses a change that would lock out the admin making it.
import { useEffect, useId, useState, type FormEvent } from "react";

import { call } from "../shared/api/client";
import type { components } from "../shared/api/schema";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button, PageHeader, formatTime } from "../shared/ui/components";
import { AdminTabs } from "./AdminTabs";

type NetworkAccess = components["schemas"]["NetworkAccessOut"];
type ListName = "sign_in" | "api";

export const networkAccessApi = {
  get: () => call("GET", "/api/network-access"),
  put: (lists: Record<ListName, string[]>) => call("PUT", "/api/network-access", { body: lists }),
};

const lines = (text: string) => text.split(/[\s,]+/).filter(Boolean);

function ListField({ name, value, onChange, fromConfig, errors }: {
  name: ListName; value: string; onChange: (value: string) => void; fromConfig: boolean; errors: string[];
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {t(name === "sign_in" ? "network.signIn" : "network.api")}{" "}
        {fromConfig && <Badge tone="warn">{t("network.fromConfig")}</Badge>}
      </label>
      <textarea id={id} rows={5} value={value} disabled={fromConfig} spellCheck={false}
        aria-invalid={errors.length > 0 ? true : undefined} onChange={(event) => onChange(event.target.value)} />
      {errors.map((error) => <span key={error} className="error">{error}</span>)}
      <span className="help">{t(name === "sign_in" ? "network.signInHelp" : "network.apiHelp")}</span>
    </div>
  );
}

export function NetworkAccessPage() {
  const { t, lang } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [current, setCurrent] = useState<NetworkAccess | null>(null);
  const [texts, setTexts] = useState<Record<ListName, string>>({ sign_in: "", api: "" });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  function show(access: NetworkAccess) {
    setCurrent(access);
    setTexts({ sign_in: access.sign_in.networks.join("\n"), api: access.api.networks.join("\n") });
  }

  useEffect(() => {
    networkAccessApi.get().then(show).catch(setError);
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      show(await networkAccessApi.put({ sign_in: lines(texts.sign_in), api: lines(texts.api) }));
      setSaved(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const fields = fieldTexts(error);
  const errorsOf = (name: ListName) =>
    Object.entries(fields).filter(([field]) => field === name || field.startsWith(`${name}.`)).map(([, text]) => text);
  const unplaced = error !== null && errorsOf("sign_in").length === 0 && errorsOf("api").length === 0;
  return (
    <>
      <PageHeader title={t("admin.title")} />
      <AdminTabs />
      <p className="muted">{t("network.intro")}</p>
      {current && (
        <p>
          {t("network.yourAddress", { address: current.your_address ?? "?" })}
          {current.updated_at && (
            <span className="muted small">
              {" · "}{t("network.updated", { time: formatTime(current.updated_at, lang, ""), by: current.updated_by ?? "" })}
            </span>
          )}
        </p>
      )}
      {unplaced && <Alert tone="error">{errorText(error)}</Alert>}
      {saved && <Alert tone="ok">{t("network.saved")}</Alert>}
      {current && (
        <form onSubmit={(event) => void save(event)} noValidate aria-label={t("network.title")}>
          {(["sign_in", "api"] as const).map((name) => (
            <ListField key={name} name={name} value={texts[name]} fromConfig={current[name].source === "config"}
              errors={errorsOf(name)} onChange={(value) => setTexts((old) => ({ ...old, [name]: value }))} />
          ))}
          <div className="row" style={{ justifyContent: "flex-end" }}>
            <Button type="submit" variant="primary" disabled={busy}>{t("network.save")}</Button>
          </div>
        </form>
      )}
    </>
  );
}
