import { useState, type FormEvent } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button, ConfirmDialog, Field, Table } from "../shared/ui/components";
import { routingApi, type SkillOut } from "./api";

/** The skill catalog: what queues may require and agents may hold. */
export function SkillsCatalog({ skills, onChanged }: { skills: SkillOut[]; onChanged: () => void }) {
  const { t } = useI18n();
  const { errorText, fieldTexts } = useErrors();
  const [name, setName] = useState("");
  const [label, setLabel] = useState("");
  const [description, setDescription] = useState("");
  const [problem, setProblem] = useState<unknown>(null);
  const [deleting, setDeleting] = useState<SkillOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setNotice(null);
    try {
      const created = await routingApi.addSkill({
        name: name.trim(),
        label: label.trim() || name.trim(),
        description: description.trim(),
      });
      setName("");
      setLabel("");
      setDescription("");
      setNotice(t("supervisor.skills.added", { name: created.label }));
      onChanged();
    } catch (caught) {
      setProblem(caught);
    }
  }

  async function remove(skill: SkillOut) {
    setDeleting(null);
    setError(null);
    setNotice(null);
    try {
      await routingApi.deleteSkill(skill.name);
      setNotice(t("supervisor.skills.deleted", { name: skill.label }));
      onChanged();
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  const fields = fieldTexts(problem);
  const field = (key: string) => fields[key];
  const unplaced = problem !== null && !["name", "label", "description"].some((key) => fields[key]);
  return (
    <section className="board-section" aria-labelledby="skills-heading">
      <h2 id="skills-heading">{t("supervisor.skills.title")}</h2>
      {notice && <Alert tone="ok">{notice}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      <Table label={t("supervisor.skills.title")}>
        <thead>
          <tr>
            <th>{t("supervisor.skills.name")}</th>
            <th>{t("supervisor.skills.label")}</th>
            <th>{t("supervisor.skills.description")}</th>
            <th>{t("supervisor.skills.usedByQueues")}</th>
            <th>{t("supervisor.skills.usedByAgents")}</th>
            <th>{t("supervisor.agents.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {skills.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {t("supervisor.skills.empty")}
              </td>
            </tr>
          )}
          {skills.map((skill) => (
            <tr key={skill.name} data-testid={`skill-${skill.name}`}>
              <td>
                <code>{skill.name}</code>
              </td>
              <td>{skill.label}</td>
              <td className="small muted">{skill.description}</td>
              <td className="tabular">{skill.used_by_queues}</td>
              <td className="tabular">{skill.used_by_agents}</td>
              <td>
                <Button small variant="danger" onClick={() => setDeleting(skill)} aria-label={`${t("supervisor.delete")} ${skill.label}`}>
                  {t("supervisor.delete")}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      <form className="card add-skill" onSubmit={(event) => void add(event)} noValidate aria-labelledby="add-skill-heading">
        <h3 id="add-skill-heading">{t("supervisor.skills.new")}</h3>
        <div className="form-grid">
          <Field
            label={t("supervisor.skills.name")}
            value={name}
            required
            autoComplete="off"
            placeholder="japanese"
            help={t("supervisor.skills.nameHelp")}
            error={field("name")}
            onChange={(event) => setName(event.target.value)}
          />
          <Field
            label={t("supervisor.skills.label")}
            value={label}
            error={field("label")}
            onChange={(event) => setLabel(event.target.value)}
          />
          <Field
            label={t("supervisor.skills.description")}
            value={description}
            error={field("description")}
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        {unplaced && <Alert tone="error">{errorText(problem)}</Alert>}
        <div className="row" style={{ justifyContent: "flex-end" }}>
          <Button type="submit" variant="primary">
            {t("supervisor.skills.addButton")}
          </Button>
        </div>
      </form>
      <ConfirmDialog
        open={deleting !== null}
        danger
        message={deleting ? t("supervisor.skills.confirmDelete", { name: deleting.label }) : ""}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && void remove(deleting)}
      />
    </section>
  );
}
