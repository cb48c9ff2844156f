// Rehearse the draft as the operator will see it: from the start or from any step, with sample customer data.
import { useState, type FormEvent } from "react";

import { call } from "../shared/api/client";
import type { components } from "../shared/api/schema";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button, Field } from "../shared/ui/components";
import { MarkupPreview } from "../shared/ui/MarkupEditor";
import { SayText } from "../shared/ui/SayText";

type Rehearsal = components["schemas"]["RehearseOut"];
type Action = "start" | "answer" | "back" | "objection";

export function RehearsalPane({ source, steps }: { source: string; steps: string[] }) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const [customer, setCustomer] = useState({ name: "Anna Tran", first_name: "Anna", orders_count: "2", email: "anna@example.com" });
  const [at, setAt] = useState("");
  const [run, setRun] = useState<Rehearsal | null>(null);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(action: Action, answer?: string | null) {
    if (busy) return;  // one action at a time: each one continues from the state the previous returned
    setBusy(true);
    setError(null);
    try {
      const body = {
        source, action, answer: answer ?? null, state: action === "start" ? null : run?.state ?? null,
        at: action === "start" && at ? at : null,
        customer: { ...customer, orders_count: Number(customer.orders_count) || 0 },
      };
      setRun(await call("POST", "/api/scripts/rehearse", { body }));
      setValue("");
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  function submitValue(event: FormEvent) {
    event.preventDefault();
    void act("answer", value);
  }

  const view = run?.view;
  return (
    <div className="rehearsal" data-testid="rehearsal" aria-busy={busy}>
      <details open={!run}>
        <summary>{t("designer.sampleData")}</summary>
        <div className="grid">
          <Field label={t("designer.customerName")} value={customer.name} onChange={(e) => setCustomer({ ...customer, name: e.target.value })} />
          <Field label={t("designer.customerFirstName")} value={customer.first_name} onChange={(e) => setCustomer({ ...customer, first_name: e.target.value })} />
          <Field label={t("designer.customerOrders")} type="number" value={customer.orders_count} onChange={(e) => setCustomer({ ...customer, orders_count: e.target.value })} />
          <Field label={t("designer.customerEmail")} value={customer.email} onChange={(e) => setCustomer({ ...customer, email: e.target.value })} />
        </div>
      </details>
      <div className="row" style={{ margin: "0.8rem 0" }}>
        <select className="inline" aria-label={t("designer.startFrom")} value={at} onChange={(event) => setAt(event.target.value)}>
          <option value="">{t("designer.fromStart")}</option>
          {steps.map((step) => <option key={step} value={step}>{step}</option>)}
        </select>
        <Button variant="primary" onClick={() => void act("start")}>{run ? t("designer.restart") : t("designer.startRehearsal")}</Button>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {view && (
        <section className="card operator-view" aria-live="polite">
          <div className="muted small">{view.slug} · {view.step}</div>
          {view.finished ? (
            <div>
              {view.parts.length > 0 && <SayText parts={view.parts} className="say" />}
              <h2>
                {t("designer.ended")}: {view.outcome_label ?? view.outcome}{" "}
                {view.success ? <Badge tone="ok">{t("designer.success")}</Badge> : <Badge>{view.outcome}</Badge>}
              </h2>
            </div>
          ) : (
            <>
              {view.parts.length > 0 && <SayText parts={view.parts} className="say" />}
              {view.hint && <p className="hint">💡 {view.hint}</p>}
              {view.email && (
                <div className="email-preview">
                  <strong>{view.email.subject}</strong>
                  <MarkupPreview body={view.email.body as string} title={view.email.subject} />
                </div>
              )}
              {view.transfer && <p className="muted">→ {view.transfer.queue} ({view.transfer.mode})</p>}
              {view.options.length > 0 && (
                <div className="row">
                  {view.options.map((option) => (
                    <Button key={option} onClick={() => void act("answer", option)}>{option}</Button>
                  ))}
                </div>
              )}
              {view.field && (
                <form className="row" onSubmit={submitValue} style={{ alignItems: "flex-end" }}>
                  <Field label={view.field.label} value={value} onChange={(e) => setValue(e.target.value)}
                    help={view.field.type} />
                  <div className="field"><Button type="submit" variant="primary">{t("designer.answer")}</Button></div>
                </form>
              )}
              {view.options.length === 0 && !view.field && (
                <Button variant="primary" onClick={() => void act("answer", null)}>{t("designer.continue")}</Button>
              )}
              <div className="row" style={{ marginTop: "0.8rem" }}>
                <Button small disabled={!view.can_go_back} onClick={() => void act("back")}>{t("designer.back")}</Button>
                {view.objections.map((objection) => (
                  <Button small key={objection} onClick={() => void act("objection", objection)}>⚑ {objection}</Button>
                ))}
              </div>
            </>
          )}
          {Object.keys(view.fields).length > 0 && (
            <dl className="captured">
              {Object.entries(view.fields).map(([name, captured]) => (
                <div key={name}><dt>{view.labels[name] ?? name}</dt><dd>{String(captured)}</dd></div>
              ))}
            </dl>
          )}
        </section>
      )}
    </div>
  );
}
