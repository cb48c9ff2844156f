// What the operator says: the step's words, with a highlighted "ask: address" prompt wherever the script names
// a value nobody has yet, so a gap is asked for instead of being read aloud as `[customer.address]`.
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";
import type { components } from "../api/schema";

export type SayPart = components["schemas"]["SayPartOut"];

// Names every script may use (and the card field most scripts read), in the UI's language.
const NAMES: Record<string, MessageKey> = {
  "customer.name": "say.name.customer.name",
  "customer.first_name": "say.name.customer.first_name",
  "customer.company": "say.name.customer.company",
  "customer.email": "say.name.customer.email",
  "customer.phone": "say.name.customer.phone",
  "customer.address": "say.name.customer.address",
  "agent.name": "say.name.agent.name",
  "agent.first_name": "say.name.agent.first_name",
  company: "say.name.company",
};

function plain(name: string): string {
  return (name.split(".").pop() ?? name).replace(/[_-]+/g, " ").trim() || name;
}

type Props = { parts: SayPart[]; className?: string; testId?: string };

export function SayText({ parts, className, testId }: Props) {
  const { t } = useI18n();
  return (
    <p className={className} data-testid={testId}>
      {parts.map((part, index) =>
        part.ask ? (
          <mark key={index} className="say-ask" title={t("say.askTitle")} data-name={part.ask}>
            {t("say.ask", { what: NAMES[part.ask] ? t(NAMES[part.ask]) : part.label || plain(part.ask) })}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}
