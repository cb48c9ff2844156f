// Who is on the line: the customer card, why they came, how long they waited, and their earlier requests.
import { Link } from "react-router-dom";

import { useI18n } from "../shared/i18n";
import { Badge } from "../shared/ui/components";
import type { DeskItem } from "./api";
import { formatDateTime, formatDuration } from "../shared/format";
import { humanize, showValue } from "./format";
import { channelLabel, outcomeLabel, phaseLabel } from "./labels";
import { useCustomerFieldLabels } from "./fieldLabels";
import { earlierContacts } from "./history";
import { transferOrigin, TransferredFrom } from "./Transfer";

type Props = { item: DeskItem; queueName: string; queueNames?: Record<string, string> };

export function CallerCard({ item, queueName, queueNames = {} }: Props) {
  const { t, lang } = useI18n();
  const { customer, interaction } = item;
  const words = { yes: t("desk.yes"), no: t("desk.no") };
  const custom = Object.entries(customer?.fields ?? {});
  const fieldLabels = useCustomerFieldLabels();
  const origin = transferOrigin(interaction);
  // The other legs of this very call (transferred to or from it) are not earlier requests.
  const { previous, count: previousCount, returning } = earlierContacts(item);
  const scriptLabels = Object.fromEntries((item.outcomes ?? []).map((outcome) => [outcome.id, outcome.label]));
  return (
    <section className="card desk-caller" aria-label={t("desk.caller.title")} data-testid="caller-card">
      <div className="desk-caller-head">
        <h2>{customer?.name || interaction.from || t("desk.caller.unknown")}</h2>
        {customer && (
          <Badge tone={returning ? undefined : "ok"}>{returning ? t("desk.caller.returning") : t("desk.caller.new")}</Badge>
        )}
      </div>
      <dl className="desk-facts">
        <div>
          <dt>{t("desk.caller.reason")}</dt>
          <dd>{interaction.subject || t("desk.noSubject")}</dd>
        </div>
        <div>
          <dt>{t("desk.queue")}</dt>
          <dd>
            {queueName} · {channelLabel(t, interaction.channel)}
          </dd>
        </div>
        {origin && (
          <div data-testid="transferred-from">
            <dt>{t("desk.transfer.from")}</dt>
            <dd>
              <TransferredFrom origin={origin} queueNames={queueNames} />
            </dd>
          </div>
        )}
        <div>
          <dt>{t("desk.caller.waited")}</dt>
          <dd data-testid="waited">{formatDuration(interaction.durations.wait, lang)}</dd>
        </div>
        {customer && customer.phones.length > 0 && (
          <div>
            <dt>{t("desk.caller.phones")}</dt>
            <dd>{customer.phones.join(", ")}</dd>
          </div>
        )}
        {customer && customer.emails.length > 0 && (
          <div>
            <dt>{t("desk.caller.emails")}</dt>
            <dd>{customer.emails.join(", ")}</dd>
          </div>
        )}
        {customer?.company && (
          <div>
            <dt>{t("desk.caller.company")}</dt>
            <dd>{customer.company}</dd>
          </div>
        )}
        {custom.map(([name, value]) => (
          <div key={name}>
            <dt>{fieldLabels[name] ?? humanize(name)}</dt>
            <dd>{showValue(value, words)}</dd>
          </div>
        ))}
      </dl>
      {customer && customer.tags.length > 0 && (
        <div className="row desk-tags" aria-label={t("desk.caller.tags")}>
          {customer.tags.map((tag) => (
            <Badge key={tag}>{tag}</Badge>
          ))}
        </div>
      )}
      {!customer && <p className="muted small">{t("desk.caller.noCard")}</p>}
      {customer && (
        <div className="desk-history">
          <h3>{t("desk.caller.previous", { n: String(previousCount) })}</h3>
          {previous.length > 0 ? (
            <ul>
              {previous.map((entry) => (
                <li key={entry.id}>
                  <Link to={`/desk/interactions/${encodeURIComponent(entry.id)}`}>{entry.subject || t("desk.noSubject")}</Link>
                  <span className="muted small">
                    {" "}
                    {formatDateTime(entry.received_at, lang)} · {entry.outcome ? outcomeLabel(t, entry.outcome, scriptLabels) : phaseLabel(t, entry.phase)}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{t("desk.caller.firstTime")}</p>
          )}
        </div>
      )}
    </section>
  );
}
