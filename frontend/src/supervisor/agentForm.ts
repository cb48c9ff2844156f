// An agent's profile form and the PUT /api/agents/{id} payload (pure).
import type { AgentOut, AgentProfileIn } from "./api";
import type { SkillLevel } from "./queueForm";

export type MembershipRow = { queue: string; tier: string; penalty: string };
export type ProfileForm = { capacity: string; skills: SkillLevel[]; memberships: MembershipRow[] };

export function profileForm(agent: AgentOut): ProfileForm {
  return {
    capacity: String(agent.capacity),
    skills: Object.entries(agent.skills).map(([skill, level]) => ({ skill, level: String(level) })),
    memberships: agent.memberships.map((m) => ({ queue: m.queue_id, tier: String(m.tier ?? 1), penalty: String(m.penalty ?? 0) })),
  };
}

const int = (value: string, fallback: number) => {
  const parsed = Number(value.trim());
  return value.trim() && Number.isFinite(parsed) ? parsed : fallback;
};

/** Rows without a skill or queue are dropped; the API checks the ranges and answers with the field.
 * PUT /api/agents/{id} replaces the whole profile: `Required` keeps every field of it in the payload. */
export function buildProfile(form: ProfileForm): Required<AgentProfileIn> {
  const skills: Record<string, number> = {};
  for (const row of form.skills) if (row.skill) skills[row.skill] = int(row.level, 1);
  return {
    capacity: int(form.capacity, 100),
    skills,
    memberships: form.memberships
      .filter((row) => row.queue)
      .map((row) => ({ queue_id: row.queue, tier: int(row.tier, 1), penalty: int(row.penalty, 0) })),
  };
}
