// The web sites the widget may run on (#15): for each, the origins allowed to embed it, the topics a visitor
// picks from and the queue each routes to, the buttons, the pre-chat form, the texts in English and Vietnamese,
// the theme, and the one-line embed snippet with the site's public key (which can be rotated).
import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from "react";

import { call } from "../shared/api/client";
import type { components } from "../shared/api/schema";
import { useI18n } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button, ConfirmDialog, Field, PageHeader, SelectField, Table, formatTime } from "../shared/ui/components";
import { AdminTabs } from "./AdminTabs";

type WebSite = components["schemas"]["WebSiteOut"];
type WebSiteIn = components["schemas"]["WebSiteIn"];
type Queue = components["schemas"]["QueueOut"];
type Lang = "en" | "vi";
const LANGS: Lang[] = ["en", "vi"];
const TEXT_FIELDS = ["greeting", "offline", "consent"] as const;

export const webSitesApi = {
  list: () => call("GET", "/api/web-sites"),
  queues: () => call("GET", "/api/queues"),
  add: (site: WebSiteIn) => call("POST", "/api/web-sites", { body: site }),
  replace: (id: number, site: WebSiteIn) => call("PUT", "/api/web-sites/{site_id}", { path: { site_id: id }, body: site }),
  rotateKey: (id: number) => call("POST", "/api/web-sites/{site_id}/rotate-key", { path: { site_id: id } }),
  remove: (id: number) => call("DELETE", "/api/web-sites/{site_id}", { path: { site_id: id } }),
};

/** The snippet a site's pages carry: the widget's loader from this server, naming the site by its key. */
export function embedSnippet(origin: string, key: string): string {
  return `<script src="${origin}/widget.js" data-site="${key}" async></script>`;
}

function blank(queue: string): WebSiteIn {
  const texts = { greeting: "", offline: "", consent: "" };
  return {
    name: "",
    enabled: true,
    origins: [""],
    topics: [{ label: { en: "", vi: "" }, queue }],
    buttons: { chat: true, callback: true, call: false },
    prechat: { name: "optional", contact: "either" },
    texts: { en: { ...texts }, vi: { ...texts } },
    theme: { colour: "#1a73e8", position: "bottom-right" },
  };
}

/** Every setting of a site, as the form edits it and the PUT sends it: nothing is left out. */
function settingsOf(site: WebSite): Required<WebSiteIn> {
  return {
    name: site.name,
    enabled: site.enabled,
    origins: [...site.origins],
    topics: site.topics.map((topic) => ({ label: { ...topic.label }, queue: topic.queue })),
    buttons: { ...site.buttons },
    prechat: { ...site.prechat },
    texts: { en: { ...site.texts.en }, vi: { ...site.texts.vi } },
    theme: { ...site.theme },
  };
}

function Check({ label, checked, onChange, disabled, help }: {
  label: string; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean; help?: string;
}) {
  return (
    <div className="field">
      <label>
        <input type="checkbox" checked={checked} disabled={disabled} onChange={(event) => onChange(event.target.checked)} />{" "}
        {label}
      </label>
      {help && <span className="help">{help}</span>}
    </div>
  );
}

function TextArea({ label, value, onChange, maxLength }: {
  label: string; value: string; onChange: (value: string) => void; maxLength: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={2} value={value} maxLength={maxLength} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="stack section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

function SiteForm({ initial, queues, busy, onSave, onCancel }: {
  initial: WebSiteIn; queues: Queue[]; busy: boolean; onSave: (site: WebSiteIn) => void; onCancel: () => void;
}) {
  const { t } = useI18n();
  const [site, setSite] = useState<WebSiteIn>(initial);
  const change = (patch: Partial<WebSiteIn>) => setSite((old) => ({ ...old, ...patch }));
  const queueOptions = queues.map((queue) => ({ value: queue.id, label: `${queue.name} (${queue.id})` }));
  const langName = (lang: Lang) => t(`lang.${lang}` as MessageKey);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSave({ ...site, origins: site.origins.map((origin) => origin.trim()).filter(Boolean) });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t("webSites.form")} className="stack">
      <Field label={t("webSites.name")} value={site.name} maxLength={80} required onChange={(event) => change({ name: event.target.value })} />
      <Check label={t("webSites.enabled")} checked={site.enabled} onChange={(enabled) => change({ enabled })} />

      <Section title={t("webSites.origins")}>
        <span className="help">{t("webSites.originsHelp")}</span>
        {site.origins.map((origin, index) => (
          <div className="row" key={index}>
            <Field label={t("webSites.origin", { n: String(index + 1) })} value={origin} placeholder="https://shop.example"
              spellCheck={false} maxLength={200}
              onChange={(event) => change({ origins: site.origins.map((o, i) => (i === index ? event.target.value : o)) })} />
            <Button small disabled={site.origins.length <= 1}
              aria-label={t("webSites.removeOrigin", { n: String(index + 1) })}
              onClick={() => change({ origins: site.origins.filter((_, i) => i !== index) })}>
              {t("webSites.remove")}
            </Button>
          </div>
        ))}
        <div>
          <Button small disabled={site.origins.length >= 20} onClick={() => change({ origins: [...site.origins, ""] })}>
            {t("webSites.addOrigin")}
          </Button>
        </div>
      </Section>

      <Section title={t("webSites.topics")}>
        <span className="help">{t("webSites.topicsHelp")}</span>
        {site.topics.map((topic, index) => {
          const n = String(index + 1);
          const setTopic = (patch: Partial<typeof topic>) =>
            change({ topics: site.topics.map((old, i) => (i === index ? { ...old, ...patch } : old)) });
          return (
            <div className="row" key={index}>
              {LANGS.map((lang) => (
                <Field key={lang} label={t("webSites.topicLabel", { n, lang: langName(lang) })} value={topic.label[lang]}
                  maxLength={80} onChange={(event) => setTopic({ label: { ...topic.label, [lang]: event.target.value } })} />
              ))}
              <SelectField label={t("webSites.topicQueue", { n })} value={topic.queue} onChange={(queue) => setTopic({ queue })}
                options={queueOptions.some((option) => option.value === topic.queue) || !topic.queue
                  ? queueOptions : [...queueOptions, { value: topic.queue, label: topic.queue }]} />
              <Button small disabled={site.topics.length <= 1} aria-label={t("webSites.removeTopic", { n })}
                onClick={() => change({ topics: site.topics.filter((_, i) => i !== index) })}>
                {t("webSites.remove")}
              </Button>
            </div>
          );
        })}
        <div>
          <Button small disabled={site.topics.length >= 20}
            onClick={() => change({ topics: [...site.topics, { label: { en: "", vi: "" }, queue: queues[0]?.id ?? "" }] })}>
            {t("webSites.addTopic")}
          </Button>
        </div>
      </Section>

      <Section title={t("webSites.buttons")}>
        <Check label={t("webSites.buttonChat")} checked={site.buttons.chat}
          onChange={(chat) => change({ buttons: { ...site.buttons, chat } })} />
        <Check label={t("webSites.buttonCallback")} checked={site.buttons.callback}
          onChange={(callback) => change({ buttons: { ...site.buttons, callback } })} />
        <Check label={t("webSites.buttonCall")} checked={site.buttons.call} disabled help={t("webSites.buttonCallHelp")}
          onChange={(checked) => change({ buttons: { ...site.buttons, call: checked } })} />
      </Section>

      <Section title={t("webSites.prechat")}>
        <SelectField label={t("webSites.askName")} value={site.prechat.name}
          onChange={(name) => change({ prechat: { ...site.prechat, name: name as WebSiteIn["prechat"]["name"] } })}
          options={(["off", "optional", "required"] as const).map((value) => ({ value, label: t(`webSites.askName.${value}`) }))} />
        <SelectField label={t("webSites.askContact")} value={site.prechat.contact}
          onChange={(contact) => change({ prechat: { ...site.prechat, contact: contact as WebSiteIn["prechat"]["contact"] } })}
          options={(["email", "phone", "either"] as const).map((value) => ({ value, label: t(`webSites.askContact.${value}`) }))} />
        <p className="muted">{t(site.topics.length > 1 ? "webSites.topicAsked" : "webSites.topicNotAsked")}</p>
        <p className="muted">{t("webSites.consentHelp")}</p>
      </Section>

      {LANGS.map((lang) => (
        <Section key={lang} title={t("webSites.texts", { lang: langName(lang) })}>
          {TEXT_FIELDS.map((field) => (
            <TextArea key={field} label={t(`webSites.text.${field}`, { lang: langName(lang) })} value={site.texts[lang][field]}
              maxLength={field === "consent" ? 1000 : 500}
              onChange={(value) => change({ texts: { ...site.texts, [lang]: { ...site.texts[lang], [field]: value } } })} />
          ))}
        </Section>
      ))}

      <Section title={t("webSites.theme")}>
        <Field label={t("webSites.colour")} type="color" value={site.theme.colour}
          onChange={(event) => change({ theme: { ...site.theme, colour: event.target.value } })} />
        <SelectField label={t("webSites.position")} value={site.theme.position}
          onChange={(position) => change({ theme: { ...site.theme, position: position as WebSiteIn["theme"]["position"] } })}
          options={(["bottom-right", "bottom-left"] as const).map((value) => ({ value, label: t(`webSites.position.${value}`) }))} />
      </Section>

      <div className="row" style={{ justifyContent: "flex-end" }}>
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button type="submit" variant="primary" disabled={busy}>{t("common.save")}</Button>
      </div>
    </form>
  );
}

function Snippet({ site }: { site: WebSite }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const text = embedSnippet(window.location.origin, site.key);
  useEffect(() => setCopied(false), [text]);
  return (
    <div className="field">
      <span>{t("webSites.snippet")}</span>
      <code aria-label={t("webSites.snippet")}>{text}</code>
      <span className="help">{t("webSites.snippetHelp")}</span>
      <div className="row">
        <Button small onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}>
          {copied ? t("common.copied") : t("common.copy")}
        </Button>
      </div>
    </div>
  );
}

type Editing = { id: number | null; initial: WebSiteIn };

export function WebSitesPage() {
  const { t, lang } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [sites, setSites] = useState<WebSite[] | null>(null);
  const [queues, setQueues] = useState<Queue[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<{ kind: "rotate" | "delete"; site: WebSite } | null>(null);

  const load = useCallback(() => {
    webSitesApi.list().then(setSites).catch(setError);
    webSitesApi.queues().then(setQueues).catch(setError);
  }, []);
  useEffect(load, [load]);

  const current = editing?.id != null ? sites?.find((site) => site.id === editing.id) ?? null : null;

  async function act(work: () => Promise<unknown>, done: MessageKey, keepEditing = false) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
      setNotice(done);
      if (!keepEditing) setEditing(null);
      setSites(await webSitesApi.list());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function save(site: WebSiteIn) {
    const id = editing?.id ?? null;
    void act(async () => {
      const saved = id === null ? await webSitesApi.add(site) : await webSitesApi.replace(id, site);
      setEditing({ id: saved.id, initial: settingsOf(saved) });
    }, "webSites.saved", true);
  }

  function confirmed() {
    if (!confirm) return;
    const { kind, site } = confirm;
    setConfirm(null);
    if (kind === "rotate") void act(() => webSitesApi.rotateKey(site.id), "webSites.rotated", true);
    else void act(() => webSitesApi.remove(site.id), "webSites.deleted");
  }

  const fields = Object.entries(fieldTexts(error));
  return (
    <>
      <PageHeader
        title={t("admin.title")}
        actions={<Button variant="primary" disabled={editing !== null}
          onClick={() => { setNotice(null); setError(null); setEditing({ id: null, initial: blank(queues[0]?.id ?? "") }); }}>
          {t("webSites.new")}</Button>}
      />
      <AdminTabs />
      <p className="muted">{t("webSites.intro")}</p>
      {error !== null && (
        <Alert tone="error">
          {errorText(error)}
          {fields.length > 0 && (
            <ul>{fields.map(([field, text]) => <li key={field}><code>{field}</code>: {text}</li>)}</ul>
          )}
        </Alert>
      )}
      {notice && <Alert tone="ok">{t(notice)}</Alert>}
      {sites && sites.length === 0 && !editing && <p>{t("webSites.empty")}</p>}
      {sites && sites.length > 0 && (
        <Table label={t("webSites.list")}>
          <thead>
            <tr>
              <th>{t("webSites.name")}</th>
              <th>{t("webSites.origins")}</th>
              <th>{t("webSites.topics")}</th>
              <th>{t("webSites.changed")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sites.map((site) => (
              <tr key={site.id}>
                <td>{site.name} {!site.enabled && <Badge tone="warn">{t("webSites.disabled")}</Badge>}</td>
                <td>{site.origins.join(", ")}</td>
                <td>{site.topics.map((topic) => `${topic.label[lang === "vi" ? "vi" : "en"]} → ${topic.queue}`).join(", ")}</td>
                <td>{formatTime(site.updated_at, lang, "")} · {site.updated_by}</td>
                <td>
                  <Button small aria-label={t("webSites.edit", { name: site.name })} disabled={editing !== null}
                    onClick={() => { setNotice(null); setError(null); setEditing({ id: site.id, initial: settingsOf(site) }); }}>
                    {t("common.edit")}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editing && (
        <section className="card stack" aria-label={current ? current.name : t("webSites.new")}>
          <h2>{current ? current.name : t("webSites.new")}</h2>
          {current && (
            <>
              <Snippet site={current} />
              <div className="row">
                <Button onClick={() => setConfirm({ kind: "rotate", site: current })} disabled={busy}>{t("webSites.rotate")}</Button>
                <Button variant="danger" onClick={() => setConfirm({ kind: "delete", site: current })} disabled={busy}>
                  {t("webSites.delete")}
                </Button>
              </div>
            </>
          )}
          <SiteForm key={`${editing.id ?? "new"}-${JSON.stringify(editing.initial)}`} initial={editing.initial} queues={queues} busy={busy}
            onSave={save} onCancel={() => { setEditing(null); setError(null); }} />
        </section>
      )}
      <ConfirmDialog open={confirm !== null} danger
        message={confirm ? t(confirm.kind === "rotate" ? "webSites.rotateConfirm" : "webSites.deleteConfirm", { name: confirm.site.name }) : ""}
        onConfirm={confirmed} onCancel={() => setConfirm(null)} />
    </>
  );
}
