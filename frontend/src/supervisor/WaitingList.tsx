import { useI18n } from "../shared/i18n";
import { Badge, Table } from "../shared/ui/components";
import type { ContactOut } from "./api";
import { formatDuration, secondsSince } from "../shared/format";
import { CHANNEL_LABEL } from "./labels";

type Props = { contacts: ContactOut[]; queueNames: Record<string, string>; now: number };

/** Every contact waiting in a line, with its place and how long it has waited. */
export function WaitingList({ contacts, queueNames, now }: Props) {
  const { t, lang } = useI18n();
  return (
    <Table label={t("supervisor.live.waiting")}>
      <thead>
        <tr>
          <th>{t("supervisor.waiting.queue")}</th>
          <th>{t("supervisor.waiting.position")}</th>
          <th>{t("supervisor.waiting.from")}</th>
          <th>{t("supervisor.waiting.subject")}</th>
          <th>{t("supervisor.waiting.channel")}</th>
          <th>{t("supervisor.waiting.priority")}</th>
          <th>{t("supervisor.waiting.time")}</th>
          <th>{t("supervisor.waiting.callback")}</th>
        </tr>
      </thead>
      <tbody>
        {contacts.length === 0 && (
          <tr>
            <td colSpan={8} className="muted">
              {t("supervisor.waiting.none")}
            </td>
          </tr>
        )}
        {contacts.map((contact) => (
          <tr key={contact.id} data-testid={`waiting-${contact.id}`}>
            <td>{queueNames[contact.queue_id] ?? contact.queue_id}</td>
            <td className="tabular">{contact.position ?? "—"}</td>
            <td>{contact.from || "—"}</td>
            <td>
              <span>{contact.subject || "—"}</span>
              {contact.transfer && (
                <>
                  {" "}
                  <span title={contact.transfer.note || undefined}>
                    <Badge>{t("supervisor.waiting.transferred", { name: contact.transfer.from_agent_name || contact.transfer.from_agent })}</Badge>
                  </span>
                </>
              )}
            </td>
            <td>{t(CHANNEL_LABEL[contact.channel])}</td>
            <td className="tabular">{contact.priority}</td>
            <td className="nowrap tabular">{formatDuration(secondsSince(contact.arrived_at, now), lang)}</td>
            <td>
              {contact.callback ? (
                <Badge tone="warn">{t("supervisor.waiting.callbackYes")}</Badge>
              ) : (
                <span className="muted">{t("supervisor.waiting.callbackNo")}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
