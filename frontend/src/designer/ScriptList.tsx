import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent } from "react";
import { Link, useNavigate } from "react-router-dom";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button, ConfirmDialog, Dialog, Field, PageHeader, formatTime } from "../shared/ui/components";
import {
  NEW_SCRIPT, SLUG_PATTERN, scriptsApi, withNewSlug, type ScriptDirection, type ScriptLanguage, type ScriptSummary,
} from "./api";

type Status = "all" | "draft" | "published" | "changed";

function statusOf(script: ScriptSummary): Exclude<Status, "all"> {
  if (script.published_version === null || script.published_version === undefined) return "draft";
  return script.changed_since_publish ? "changed" : "published";
}

export function ScriptList() {
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const navigate = useNavigate();
  const [scripts, setScripts] = useState<ScriptSummary[] | null>(null);
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<Status>("all");
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState<{ from?: ScriptSummary } | null>(null);
  const [deleting, setDeleting] = useState<ScriptSummary | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    scriptsApi.list().then(setScripts).catch((caught: unknown) => setError(errorText(caught)));
  }, [errorText]);
  useEffect(load, [load]);

  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return (scripts ?? []).filter(
      (script) =>
        (status === "all" || statusOf(script) === status) &&
        (!needle || script.name.toLowerCase().includes(needle) || script.slug.includes(needle)),
    );
  }, [scripts, query, status]);

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    try {
      const created = await scriptsApi.create(await file.text());
      navigate(`/designer/${created.slug}`);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  async function remove(script: ScriptSummary) {
    setDeleting(null);
    try {
      await scriptsApi.remove(script.slug);
      load();
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  const badge = (script: ScriptSummary) => {
    const state = statusOf(script);
    if (state === "draft") return <Badge tone="warn">{t("designer.status.draft")}</Badge>;
    if (state === "changed") return <Badge>{t("designer.status.changed", { n: String(script.published_version) })}</Badge>;
    return <Badge tone="ok">{t("designer.status.published", { n: String(script.published_version) })}</Badge>;
  };

  return (
    <>
      <PageHeader title={t("designer.title")} subtitle={t("designer.subtitle")}
        actions={
          <>
            <input ref={fileInput} type="file" accept=".yaml,.yml,.json" hidden aria-label={t("designer.importFile")}
              onChange={(event) => void importFile(event)} />
            <Button onClick={() => fileInput.current?.click()}>{t("designer.import")}</Button>
            <Button variant="primary" onClick={() => setCreating({})}>{t("designer.new")}</Button>
          </>
        } />
      {error && <Alert tone="error">{error}</Alert>}
      <div className="row" style={{ marginBottom: "1rem" }}>
        <input className="inline search" type="search" placeholder={t("designer.search")} aria-label={t("designer.search")}
          value={query} onChange={(event) => setQuery(event.target.value)} />
        <select className="inline" aria-label={t("designer.filter")} value={status}
          onChange={(event) => setStatus(event.target.value as Status)}>
          <option value="all">{t("designer.filter.all")}</option>
          <option value="draft">{t("designer.status.draft")}</option>
          <option value="published">{t("designer.filter.published")}</option>
          <option value="changed">{t("designer.filter.changed")}</option>
        </select>
      </div>
      {!scripts ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t("designer.name")}</th>
                <th>{t("designer.status")}</th>
                <th>{t("designer.lastEdit")}</th>
                <th>{t("users.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.length === 0 && (
                <tr><td colSpan={4} className="muted">{t("designer.none")}</td></tr>
              )}
              {shown.map((script) => (
                <tr key={script.slug}>
                  <td>
                    <Link to={`/designer/${script.slug}`}>{script.name}</Link>
                    <div className="muted small">{script.slug} · {script.direction} · {script.language}</div>
                  </td>
                  <td>{badge(script)}</td>
                  <td>
                    {script.draft_updated_by}, {formatTime(script.draft_updated_at, lang, "")}
                  </td>
                  <td>
                    <div className="row">
                      <Button small onClick={() => setCreating({ from: script })}
                        aria-label={`${t("designer.duplicate")} ${script.name}`}>{t("designer.duplicate")}</Button>
                      <a className="button small" href={scriptsApi.exportUrl(script.slug)} download>
                        {t("designer.export")}
                      </a>
                      <Button small variant="danger" onClick={() => setDeleting(script)}
                        aria-label={`${t("designer.delete")} ${script.name}`}>{t("designer.delete")}</Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={creating !== null} title={creating?.from ? t("designer.duplicate") : t("designer.new")}
        onClose={() => setCreating(null)}>
        {creating && (
          <NewScriptForm from={creating.from} onCancel={() => setCreating(null)}
            onCreated={(slug) => navigate(`/designer/${slug}?view=graph`)} />
        )}
      </Dialog>
      <ConfirmDialog open={deleting !== null} danger message={deleting ? t("designer.confirmDelete", { name: deleting.name }) : ""}
        onCancel={() => setDeleting(null)} onConfirm={() => deleting && void remove(deleting)} />
    </>
  );
}

/** The identifier a name suggests: ASCII lowercase words joined by dashes ("Khảo sát đơn hàng" -> "khao-sat-don-hang"). */
export function slugOf(name: string): string {
  return name.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")
    .replace(/[^a-z0-9]+/g, "-").slice(0, 80).replace(/^-+|-+$/g, "");
}

function NewScriptForm({ from, onCancel, onCreated }: { from?: ScriptSummary; onCancel: () => void; onCreated: (slug: string) => void }) {
  const { t, lang } = useI18n();
  const { errorText } = useErrors();
  const [name, setName] = useState(from ? t("designer.copyName", { name: from.name }) : "");
  const [slug, setSlug] = useState(from ? `${from.slug}-copy` : "");
  const [language, setLanguage] = useState<ScriptLanguage>(lang);
  const [direction, setDirection] = useState<ScriptDirection>("inbound");
  const [error, setError] = useState<string | null>(null);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    try {
      const source = from
        ? withNewSlug((await scriptsApi.get(from.slug)).source, slug, name)
        : NEW_SCRIPT(slug, name, language, direction);
      onCreated((await scriptsApi.create(source)).slug);
    } catch (caught) {
      setError(errorText(caught));
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)}>
      {error && <Alert tone="error">{error}</Alert>}
      <Field label={t("designer.name")} value={name} required
        onChange={(event) => {
          setName(event.target.value);
          if (!from) setSlug(slugOf(event.target.value));
        }} />
      <Field label={t("designer.slug")} value={slug} required pattern={SLUG_PATTERN} maxLength={80}
        onChange={(event) => setSlug(event.target.value)} help={t("designer.slugHelp")} />
      {!from && (
        <>
          <div className="field">
            <label htmlFor="new-script-language">{t("designer.language")}</label>
            <select id="new-script-language" value={language} onChange={(event) => setLanguage(event.target.value as ScriptLanguage)}>
              <option value="en">{t("lang.en")}</option>
              <option value="vi">{t("lang.vi")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-script-direction">{t("designer.direction")}</label>
            <select id="new-script-direction" value={direction} onChange={(event) => setDirection(event.target.value as ScriptDirection)}>
              <option value="inbound">{t("designer.direction.inbound")}</option>
              <option value="outbound">{t("designer.direction.outbound")}</option>
            </select>
          </div>
        </>
      )}
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button type="submit" variant="primary">{t("common.create")}</Button>
      </div>
    </form>
  );
}
