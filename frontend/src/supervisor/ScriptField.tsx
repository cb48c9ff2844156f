// The queue's script: one of the published scripts, each shown with its language and direction.
import { useI18n } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { SelectField } from "../shared/ui/components";
import type { PublishedScript } from "./api";

type T = (key: MessageKey, vars?: Record<string, string>) => string;

/** A language code as a name in the interface's language ("vi" -> "Tiếng Việt" or "Vietnamese"). */
export function languageName(code: string, lang: string, t: T): string {
  if (code === "en" || code === "vi") return t(`lang.${code}`);
  try {
    return new Intl.DisplayNames([lang], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The picker's options: none, every published script, and the queue's current script when it is not
 * published (any more) or the list could not be loaded (null), so that saving other settings keeps it. */
export function scriptOptions(scripts: PublishedScript[] | null, current: string, t: T, lang: string) {
  const options = [{ value: "", label: t("supervisor.form.noScript") }];
  for (const script of [...(scripts ?? [])].sort((a, b) => a.name.localeCompare(b.name, lang))) {
    const direction = script.direction === "outbound" ? "interactions.direction.outbound" : "interactions.direction.inbound";
    options.push({
      value: script.slug,
      label: t("supervisor.form.scriptOption", {
        name: script.name,
        language: languageName(script.language, lang, t),
        direction: t(direction),
      }),
    });
  }
  if (current && !(scripts ?? []).some((script) => script.slug === current)) {
    const label = scripts === null ? current : t("supervisor.form.scriptUnpublished", { slug: current });
    options.push({ value: current, label });
  }
  return options;
}

type Props = {
  value: string;
  onChange: (slug: string) => void;
  /** The published scripts, or null when they could not be loaded. */
  scripts: PublishedScript[] | null;
  error?: string;
};

export function ScriptField({ value, onChange, scripts, error }: Props) {
  const { t, lang } = useI18n();
  return (
    <div className="queue-script">
      <SelectField
        label={t("supervisor.form.script")}
        value={value}
        onChange={onChange}
        options={scriptOptions(scripts, value, t, lang)}
        error={error}
      />
      <p className="help">{scripts === null ? t("supervisor.form.scriptsFailed") : t("supervisor.form.scriptHelp")}</p>
    </div>
  );
}
