import { useCallback, useEffect, useState, type FormEvent } from "react";

import { api, type AuditEntry } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button, Field, PageHeader, Table, formatTime } from "../shared/ui/components";
import { AdminTabs } from "./AdminTabs";

const PAGE = 50;

export function AuditPage() {
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [filters, setFilters] = useState({ action: "", actor: "" });
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (before?: number) => {
      api
        .audit({ limit: PAGE, before, ...filters })
        .then((page) => {
          setEntries((current) => (before ? [...current, ...page] : page));
          setMore(page.length === PAGE);
        })
        .catch((caught: unknown) => setError(errorText(caught)));
    },
    [filters],
  );
  useEffect(() => load(), [load]);

  function filter(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setFilters({ action: action.trim(), actor: actor.trim() });
  }

  function clear() {
    setAction("");
    setActor("");
    setError(null);
    setFilters({ action: "", actor: "" });
  }

  return (
    <>
      <PageHeader title={t("admin.title")} />
      <AdminTabs />
      {error && <Alert tone="error">{error}</Alert>}
      <form className="row" onSubmit={filter} style={{ alignItems: "flex-end" }}>
        <Field label={t("audit.action")} value={action} onChange={(e) => setAction(e.target.value)} placeholder="login.failed" />
        <Field label={t("audit.actor")} value={actor} onChange={(e) => setActor(e.target.value)} />
        <div className="field"><Button type="submit">{t("audit.filter")}</Button></div>
        {(filters.action || filters.actor) && (
          <div className="field"><Button onClick={clear}>{t("audit.clear")}</Button></div>
        )}
      </form>
      <Table label={t("audit.title")}>
          <thead>
            <tr>
              <th>{t("audit.time")}</th>
              <th>{t("audit.actor")}</th>
              <th>{t("audit.action")}</th>
              <th>{t("audit.target")}</th>
              <th>{t("audit.ip")}</th>
              <th>{t("audit.details")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 && (
              <tr><td colSpan={6} className="muted">{t("audit.empty")}</td></tr>
            )}
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className="nowrap">{formatTime(entry.at, lang, "")}</td>
                <td>{entry.actor}</td>
                <td><code>{entry.action}</code></td>
                <td>{entry.target}</td>
                <td>{entry.ip}</td>
                <td className="muted small">{describeDetails(entry.details)}</td>
              </tr>
            ))}
          </tbody>
      </Table>
      {more && (
        <p><Button onClick={() => load(entries[entries.length - 1]?.id)}>{t("audit.more")}</Button></p>
      )}
    </>
  );
}

/** Audit details as short "key: value" text; nested values are summarised, never dumped as JSON. */
export function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${describeValue(value)}`)
    .join("; ");
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(describeValue).join(", ");
  if (value === null || value === undefined) return "—";
  if (typeof value === "object") return Object.keys(value).join(", ");
  return String(value);
}
