// Message keys for the routing vocabulary (checked by TypeScript against the catalog).
import type { MessageKey } from "../shared/i18n/en";
import type { AgentState, Channel, ClosedBehaviour, Strategy } from "./api";
import type { Day } from "./queueForm";

export const STATE_LABEL: Record<AgentState, MessageKey> = {
  ready: "supervisor.state.ready",
  offered: "supervisor.state.offered",
  busy: "supervisor.state.busy",
  "wrap-up": "supervisor.state.wrapUp",
  "not-ready": "supervisor.state.notReady",
  offline: "supervisor.state.offline",
};

export const CHANNEL_LABEL: Record<Channel, MessageKey> = {
  voice: "supervisor.channel.voice",
  webcall: "supervisor.channel.webcall",
  chat: "supervisor.channel.chat",
  email: "supervisor.channel.email",
  callback: "supervisor.channel.callback",
};

export const STRATEGY_LABEL: Record<Strategy, MessageKey> = {
  "longest-idle": "supervisor.strategy.longestIdle",
  "fewest-handled": "supervisor.strategy.fewestHandled",
  "round-robin": "supervisor.strategy.roundRobin",
  "best-skill": "supervisor.strategy.bestSkill",
  random: "supervisor.strategy.random",
  "ring-all": "supervisor.strategy.ringAll",
};

export const STRATEGY_HELP: Record<Strategy, MessageKey> = {
  "longest-idle": "supervisor.strategy.longestIdle.help",
  "fewest-handled": "supervisor.strategy.fewestHandled.help",
  "round-robin": "supervisor.strategy.roundRobin.help",
  "best-skill": "supervisor.strategy.bestSkill.help",
  random: "supervisor.strategy.random.help",
  "ring-all": "supervisor.strategy.ringAll.help",
};

export const CLOSED_LABEL: Record<ClosedBehaviour, MessageKey> = {
  refuse: "supervisor.closed.refuse",
  callback: "supervisor.closed.callback",
  overflow: "supervisor.closed.overflow",
  queue: "supervisor.closed.queue",
};

export const DAY_LABEL: Record<Day, MessageKey> = {
  mon: "supervisor.day.mon",
  tue: "supervisor.day.tue",
  wed: "supervisor.day.wed",
  thu: "supervisor.day.thu",
  fri: "supervisor.day.fri",
  sat: "supervisor.day.sat",
  sun: "supervisor.day.sun",
};

export const DAY_SHORT: Record<Day, MessageKey> = {
  mon: "supervisor.dayShort.mon",
  tue: "supervisor.dayShort.tue",
  wed: "supervisor.dayShort.wed",
  thu: "supervisor.dayShort.thu",
  fri: "supervisor.dayShort.fri",
  sat: "supervisor.dayShort.sat",
  sun: "supervisor.dayShort.sun",
};

export function stateLabel(state: string): MessageKey | null {
  return state in STATE_LABEL ? STATE_LABEL[state as AgentState] : null;
}
