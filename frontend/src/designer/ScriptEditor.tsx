import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";

import { ApiError } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Badge, Button, Dialog, Field, PageHeader, formatTime } from "../shared/ui/components";
import {
  EditRefused, addNote, addStep, connect, copyStep, deleteNote, deleteStep, duplicateStep, pasteStep, readNote, readStep,
  setNoteText,
} from "./edit";
import { FeedbackPanel } from "./FeedbackPanel";
import { Inspector } from "./Inspector";
import { QuestionsForm } from "./QuestionsForm";
import { ScriptSettings } from "./ScriptSettings";
import { scriptsApi, type Diagnostic, type Diff, type ScriptOut, type VersionOut } from "./api";
import { RehearsalPane } from "./Rehearsal";
import type { Graph, Mark } from "./ScriptGraph";

// The graph editor (React Flow, dagre) loads only when an author opens the graph.
const ScriptGraph = lazy(() => import("./ScriptGraph").then((module) => ({ default: module.ScriptGraph })));

const AUTOSAVE_MS = 3000;
const VALIDATE_MS = 400;

type Conflict = { theirs: string; revision: number; by: string };
type View = "source" | "graph" | "rehearse";
const VIEWS: readonly string[] = ["source", "graph", "rehearse"];

export function ScriptEditor() {
  const { slug = "" } = useParams();
  const { t, lang } = useI18n();
  const { errorText, diagnosticText } = useErrors();
  const [script, setScript] = useState<ScriptOut | null>(null);
  const [source, setSource] = useState("");
  const [revision, setRevision] = useState(0);
  const [saved, setSaved] = useState("");
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [versions, setVersions] = useState<VersionOut[]>([]);
  const [diff, setDiff] = useState<Diff | null>(null);
  const diffMarks = useMemo<Record<string, Mark>>(() => {
    if (!diff) return {};
    const marks: Record<string, Mark> = {};
    for (const step of diff.added) marks[step] = "added";
    for (const change of diff.changed) marks[change.step] = "changed";
    return marks;
  }, [diff]);
  const [note, setNote] = useState("");
  const [graph, setGraph] = useState<Graph | null>(null);
  // The open tab lives in the address (`?view=graph`): a new script opens on its canvas, a reload stays put.
  const [params, setParams] = useSearchParams();
  const view: View = VIEWS.includes(params.get("view") ?? "") ? (params.get("view") as View) : "source";
  const setView = useCallback(
    (next: View) => setParams((current) => {
      const changed = new URLSearchParams(current);
      if (next === "source") changed.delete("view");
      else changed.set("view", next);
      return changed;
    }, { replace: true }),
    [setParams],
  );
  const [pasting, setPasting] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [undo, setUndo] = useState<string[]>([]);
  const [redo, setRedo] = useState<string[]>([]);

  /** A structured edit (canvas, inspector, questions): undoable with Ctrl+Z / Ctrl+Shift+Z. */
  const edit = useCallback(
    (next: string) => {
      if (next === source) return;
      setUndo((stack) => [...stack.slice(-199), source]);
      setRedo([]);
      setSource(next);
    },
    [source],
  );

  const step = useCallback(
    (direction: "undo" | "redo") => {
      const from = direction === "undo" ? undo : redo;
      const previous = from[from.length - 1];
      if (previous === undefined) return;
      const rest = from.slice(0, -1);
      if (direction === "undo") {
        setUndo(rest);
        setRedo((stack) => [...stack, source]);
      } else {
        setRedo(rest);
        setUndo((stack) => [...stack, source]);
      }
      setSource(previous);
    },
    [undo, redo, source],
  );

  useEffect(() => {
    const keys = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && ["TEXTAREA", "INPUT", "SELECT"].includes(target.tagName)) return;  // fields keep their own undo
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === "z") {
        event.preventDefault();
        step(event.shiftKey ? "redo" : "undo");
      } else if (key === "c" && view === "graph" && selected && copyStep(source, selected)) {
        setNotice(t("designer.copied", { step: selected }));
      } else if (key === "v" && view === "graph") {
        const pasted = pasteStep(source);
        if (pasted) {
          edit(pasted.source);
          setSelected(pasted.id);
        }
      }
    };
    window.addEventListener("keydown", keys);
    return () => window.removeEventListener("keydown", keys);
  }, [step, view, selected, source, edit, t]);

  function editAndSelect(result: { source: string; id: string }) {
    edit(result.source);
    setSelected(result.id);
  }

  function guarded(change: () => void) {
    try {
      change();
    } catch (caught) {
      setError(caught instanceof EditRefused ? t(caught.key, caught.vars) : t("designer.cannotEdit"));
    }
  }
  const editor = useRef<HTMLTextAreaElement>(null);
  /** The source as it is now, for async work that must not overwrite what was typed meanwhile. */
  const latest = useRef(source);
  latest.current = source;
  const dirty = source !== saved;
  const errors = diagnostics.filter((d) => d.severity === "error");

  const adopt = useCallback((loaded: ScriptOut) => {
    setScript(loaded);
    setSource(loaded.source);
    setSaved(loaded.source);
    setRevision(loaded.draft_revision);
    setDiagnostics(loaded.diagnostics);
  }, []);

  const loadVersions = useCallback(() => void scriptsApi.versions(slug).then(setVersions), [slug]);
  useEffect(() => {
    scriptsApi.get(slug).then(adopt).catch((caught: unknown) => setError(errorText(caught)));
    loadVersions();
  }, [slug, adopt, loadVersions, errorText]);

  // Live validation: the server is the single source of truth for every rule.
  useEffect(() => {
    if (!script) return;
    const timer = setTimeout(() => {
      scriptsApi
        .validate(source)
        .then((answer) => {
          setDiagnostics(answer.diagnostics);
          if (answer.graph) setGraph(answer.graph);
        })
        .catch(() => undefined);
    }, VALIDATE_MS);
    return () => clearTimeout(timer);
  }, [source, script]);

  const save = useCallback(
    async (base = revision) => {
      setError(null);
      try {
        const answer = await scriptsApi.save(slug, source, base);
        setScript(answer);
        setSaved(source);
        setRevision(answer.draft_revision);
        setConflict(null);
        setNotice(t("designer.saved"));
      } catch (caught) {
        if (caught instanceof ApiError && caught.code === "draft-conflict") {
          const body = caught.body as { current_source?: string; current_revision?: number; updated_by?: string };
          setConflict({ theirs: body.current_source ?? "", revision: body.current_revision ?? base, by: body.updated_by ?? "" });
        } else {
          setError(errorText(caught));
        }
      }
    },
    [slug, source, revision, t, errorText],
  );

  // Autosave a while after the last keystroke, unless a conflict waits for the author's decision.
  useEffect(() => {
    if (!dirty || conflict) return;
    const timer = setTimeout(() => void save(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [dirty, conflict, save]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  function goToLine(line: number | null | undefined) {
    setView("source");
    const area = editor.current;
    if (!area || !line) return;
    const lines = source.split("\n");
    const start = lines.slice(0, line - 1).reduce((total, text) => total + text.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    area.scrollTop = Math.max(0, (line - 5) * 20);
  }

  async function publish() {
    setError(null);
    try {
      if (dirty) await save();
      const sent = latest.current;
      const version = await scriptsApi.publish(slug, note);
      const fresh = await scriptsApi.get(slug);
      if (latest.current === sent) {
        adopt(fresh);
      } else {
        // The author typed while it published: keep their text (autosave stores it), take the rest.
        setScript(fresh);
        setRevision(fresh.draft_revision);
      }
      setNote("");
      setNotice(t("designer.published", { n: String(version.number) }));
      loadVersions();
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  async function restore(number: number, publishToo: boolean) {
    const answer = await scriptsApi.restore(slug, number, publishToo);
    adopt(await scriptsApi.get(slug));
    setRevision(answer.draft_revision);
    setNotice(t(publishToo ? "designer.rolledBack" : "designer.restored", { n: String(number) }));
    loadVersions();
  }

  if (error && !script) return <Alert tone="error">{error}</Alert>;
  if (!script) return <p className="muted">{t("common.loading")}</p>;

  return (
    <>
      <PageHeader
        title={script.name}
        subtitle={<><Link to="/designer">{t("designer.title")}</Link> · {script.slug} · {dirty ? t("designer.unsaved") : t("designer.allSaved")}</>}
        actions={
          <>
            <Button onClick={() => step("undo")} disabled={undo.length === 0} aria-keyshortcuts="Control+Z">{t("designer.undo")}</Button>
            <Button onClick={() => step("redo")} disabled={redo.length === 0} aria-keyshortcuts="Control+Shift+Z">{t("designer.redo")}</Button>
            <Button onClick={() => setPasting(true)}>{t("designer.pasteQuestions")}</Button>
            <Button onClick={() => void save()} disabled={!dirty}>{t("common.save")}</Button>
            <a className="button" href={scriptsApi.exportUrl(slug)} download>{t("designer.export")}</a>
          </>
        }
      />
      <Dialog open={pasting} title={t("designer.pasteQuestions")} onClose={() => setPasting(false)}>
        {pasting && (
          <QuestionsForm source={source} onCancel={() => setPasting(false)}
            onDone={(next, added) => {
              edit(next);
              setPasting(false);
              setNotice(t("designer.questionsAdded", { steps: added.join(", ") }));
            }} />
        )}
      </Dialog>
      {notice && <Alert tone="ok">{notice}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      {conflict && (
        <div className="alert warn" role="alert" data-testid="conflict">
          <p style={{ marginTop: 0 }}>{t("designer.conflict", { name: conflict.by })}</p>
          <details>
            <summary>{t("designer.theirVersion")}</summary>
            <pre className="source-preview">{conflict.theirs}</pre>
          </details>
          <div className="row">
            <Button onClick={() => { setSource(conflict.theirs); setSaved(conflict.theirs); setRevision(conflict.revision); setConflict(null); }}>
              {t("designer.takeTheirs")}
            </Button>
            <Button variant="danger" onClick={() => void save(conflict.revision)}>{t("designer.keepMine")}</Button>
          </div>
        </div>
      )}
      <div className="editor-layout">
        <div className="editor-pane">
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={view === "source"} className={view === "source" ? "active" : ""}
              onClick={() => setView("source")}>{t("designer.sourceTab")}</button>
            <button type="button" role="tab" aria-selected={view === "graph"} className={view === "graph" ? "active" : ""}
              onClick={() => setView("graph")} disabled={!graph}>{t("designer.graphTab")}</button>
            <button type="button" role="tab" aria-selected={view === "rehearse"} className={view === "rehearse" ? "active" : ""}
              onClick={() => setView("rehearse")}>{t("designer.rehearseTab")}</button>
          </div>
          {view === "rehearse" && <RehearsalPane source={source} steps={graph?.nodes.map((n) => n.id) ?? []} />}
          {view === "graph" && !graph && <p className="muted">{t("common.loading")}</p>}
          {view === "graph" && graph && (
            <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
              <ScriptGraph graph={graph} diagnostics={diagnostics} editing={{
                layoutKey: slug,
                marks: diffMarks,
                selected,
                onSelectStep: setSelected,
                onConnect: (from, handle, to) => guarded(() => edit(connect(source, from, handle, to))),
                onAdd: (kind) => guarded(() => editAndSelect(
                  kind === "note" ? addNote(source, selected && !selected.startsWith("note-") ? selected : null) : addStep(source, kind),
                )),
                onDelete: (ids) => guarded(() => {
                  // Notes go from the highest index down, so the remaining indexes stay right.
                  const notes = ids.filter((id) => id.startsWith("note-")).map((id) => Number(id.slice(5))).sort((a, b) => b - a);
                  let next = ids.filter((id) => !id.startsWith("note-")).reduce(deleteStep, source);
                  next = notes.reduce(deleteNote, next);
                  edit(next);
                  setSelected(null);
                }),
              }} />
            </Suspense>
          )}
          <div hidden={view !== "source"}>
          <label htmlFor="script-source" className="sr-only">{t("designer.source")}</label>
          <textarea id="script-source" ref={editor} className="code" spellCheck={false} wrap="off" value={source}
            onChange={(event) => setSource(event.target.value)}
            onKeyDown={(event) => {
              if ((event.ctrlKey || event.metaKey) && event.key === "s") {
                event.preventDefault();
                void save();
              }
            }} />
          </div>
        </div>
        <aside className="side-pane stack">
          {view === "graph" && !selected && (
            <ScriptSettings source={source} onEdit={(next) => guarded(() => edit(next))} onError={setError} />
          )}
          {view === "graph" && selected?.startsWith("note-") && readNote(source, Number(selected.slice(5))) !== null && (
            <section className="card inspector" data-testid="note-inspector" aria-label={t("designer.kind.note")}>
              <h2>{t("designer.kind.note")}</h2>
              <div className="field">
                <label htmlFor="note-text">{t("designer.text")}</label>
                <textarea id="note-text" value={readNote(source, Number(selected.slice(5))) ?? ""}
                  onChange={(e) => guarded(() => edit(setNoteText(source, Number(selected.slice(5)), e.target.value)))} />
              </div>
              <Button small variant="danger" onClick={() => guarded(() => { edit(deleteNote(source, Number(selected.slice(5)))); setSelected(null); })}>
                {t("designer.delete")}
              </Button>
            </section>
          )}
          {view === "graph" && selected && readStep(source, selected) && (
            <Inspector source={source} id={selected} onEdit={(next) => guarded(() => edit(next))}
              onDelete={() => guarded(() => { edit(deleteStep(source, selected)); setSelected(null); })}
              onDuplicate={() => guarded(() => editAndSelect(duplicateStep(source, selected)))}
              onShowSource={() => goToLine(graph?.nodes.find((n) => n.id === selected)?.line)} />
          )}
          <FeedbackPanel slug={slug} step={view === "graph" && selected && !selected.startsWith("note-") ? selected : null} />
          <section className="card" aria-labelledby="problems-title">
            <h2 id="problems-title">
              {t("designer.problems")}{" "}
              {errors.length > 0 ? <Badge tone="danger">{errors.length}</Badge> : <Badge tone="ok">{t("designer.valid")}</Badge>}
            </h2>
            {diagnostics.length === 0 && <p className="muted">{t("designer.noProblems")}</p>}
            <ul className="diagnostics" data-testid="diagnostics">
              {diagnostics.map((d, index) => (
                <li key={index} className={d.severity}>
                  <button type="button" className="link"
                    onClick={() => (view === "graph" && d.step && graph?.nodes.some((n) => n.id === d.step) ? setSelected(d.step) : goToLine(d.line))}>
                    {d.line ? `${t("designer.line")} ${d.line}${d.step ? ` (${d.step})` : ""}: ` : ""}{diagnosticText(d)}
                  </button>
                  {d.suggestion && (
                    <div className="muted small">
                      {t("designer.try")} “{d.suggestion}”{" "}
                      {d.matched && (
                        <Button small onClick={() => setSource(applySuggestion(source, d))}>{t("designer.useIt")}</Button>
                      )}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="publish-title">
            <h2 id="publish-title">{t("designer.publish")}</h2>
            <Field label={t("designer.note")} value={note} onChange={(event) => setNote(event.target.value)} maxLength={500} />
            <Button variant="primary" disabled={errors.length > 0} onClick={() => void publish()}>{t("designer.publish")}</Button>
          </section>
          <section className="card" aria-labelledby="versions-title">
            <h2 id="versions-title">{t("designer.versions")}</h2>
            {versions.length === 0 && <p className="muted">{t("designer.noVersions")}</p>}
            <ul className="versions">
              {versions.map((version) => (
                <li key={version.number}>
                  <strong>v{version.number}</strong> · {version.author} · {formatTime(version.published_at, lang, "")}
                  {version.note && <div className="muted small">{version.note}</div>}
                  <div className="row">
                    <Button small onClick={() => void scriptsApi.diff(slug, version.number).then(setDiff)}>
                      {t("designer.compare")} v{version.number}
                    </Button>
                    <Button small onClick={() => void restore(version.number, false)}>{t("designer.restoreDraft")} v{version.number}</Button>
                    <Button small onClick={() => void restore(version.number, true)}>{t("designer.rollBack")} v{version.number}</Button>
                  </div>
                </li>
              ))}
            </ul>
          </section>
          {diff && (
            <section className="card" aria-labelledby="diff-title" data-testid="diff">
              <h2 id="diff-title">{diff.before} → {diff.after}</h2>
              <div className="row" style={{ marginBottom: "0.5rem" }}>
                <Button small onClick={() => setView("graph")} disabled={!graph}>{t("designer.showOnCanvas")}</Button>
                <Button small onClick={() => setDiff(null)}>{t("common.close")}</Button>
              </div>
              {diff.added.length + diff.removed.length + diff.changed.length + diff.script.length === 0 && Object.keys(diff.sections).length === 0 && (
                <p className="muted">{t("designer.same")}</p>
              )}
              {diff.added.map((step) => <div key={`a-${step}`} className="diff added">+ {step}</div>)}
              {diff.removed.map((step) => <div key={`r-${step}`} className="diff removed">− {step}</div>)}
              {diff.changed.map((change) => (
                <div key={`c-${change.step}`} className="diff changed">~ {change.step}: {change.changed.join(", ")}</div>
              ))}
              {diff.script.length > 0 && <div className="diff changed">~ {diff.script.join(", ")}</div>}
              {Object.entries(diff.sections).map(([section, change]) => (
                <div key={section} className="diff changed">~ {section}: {Object.entries(change).filter(([, v]) => v.length).map(([k, v]) => `${k} ${v.join(", ")}`).join("; ")}</div>
              ))}
            </section>
          )}
        </aside>
      </div>
    </>
  );
}


/** Swap a flagged phrase for the suggestion: the first occurrence at or after the step's line. */
export function applySuggestion(source: string, diagnostic: Diagnostic): string {
  if (!diagnostic.matched || !diagnostic.suggestion) return source;
  const lines = source.split("\n");
  const from = lines.slice(0, Math.max(0, (diagnostic.line ?? 1) - 1)).reduce((n, text) => n + text.length + 1, 0);
  const at = source.indexOf(diagnostic.matched, from);
  if (at < 0) return source;
  const replacement = diagnostic.suggestion.replace(/…$|\.\.\.$/, "");
  return source.slice(0, at) + replacement + source.slice(at + diagnostic.matched.length);
}
