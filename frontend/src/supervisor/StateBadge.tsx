import { useI18n } from "../shared/i18n";
import { stateLabel } from "./labels";

/** An agent's state as a coloured badge that always carries its name (colour is never the only cue). */
export function StateBadge({ state }: { state: string }) {
  const { t } = useI18n();
  const key = stateLabel(state);
  return (
    <span className={`badge agent-state state-${state}`}>
      <span className="state-dot" aria-hidden="true" />
      {key ? t(key) : state}
    </span>
  );
}
