"""Questions first: a plain list of questions and answers becomes steps, the way authors are advised to work.

    Is it convenient for you to talk now?
      - Yes
      - No
    When may I call you back?

A line at the left margin is a question; indented or bulleted lines under it are its answers. A question with
answers becomes a closed question (one option per answer), one without becomes a statement. Each leads to the
next question, ready for the author to re-link; the last one is left for the author to finish.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from parley.platform.errors import InvalidInput

BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)])\s+")
MAX_QUESTIONS = 200
MAX_LINE = 500


class QuestionLineTooLong(InvalidInput):
    code = "question-line-too-long"


class AnswerBeforeQuestion(InvalidInput):
    code = "answer-before-question"


class AnswerRepeated(InvalidInput):
    code = "answer-repeated"


class NoQuestions(InvalidInput):
    code = "no-questions"


class TooManyQuestions(InvalidInput):
    code = "too-many-questions"


@dataclass
class Question:
    text: str
    answers: list[str] = field(default_factory=list)


def parse_questions(text: str) -> list[Question]:
    questions: list[Question] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE:
            raise QuestionLineTooLong(
                f"line {number} is longer than {MAX_LINE} characters", field="text", line=number, max=MAX_LINE
            )
        is_answer = raw[0] in " \t" or BULLET.match(raw) is not None
        line = BULLET.sub("", raw).strip()
        if is_answer:
            if not questions:
                raise AnswerBeforeQuestion(
                    f"line {number}: an answer comes before any question", field="text", line=number
                )
            if line.casefold() in (a.casefold() for a in questions[-1].answers):
                raise AnswerRepeated(
                    f"line {number}: the answer {line!r} appears twice",
                    field="text",
                    line=number,
                    answer=line,
                )
            questions[-1].answers.append(line)
        else:
            questions.append(Question(line))
    if not questions:
        raise NoQuestions("paste at least one question", field="text")
    if len(questions) > MAX_QUESTIONS:
        raise TooManyQuestions(
            f"at most {MAX_QUESTIONS} questions at a time", field="text", max=MAX_QUESTIONS
        )
    return questions


def _free_id(base: str, taken: set[str]) -> str:
    number = 1
    while f"{base}{number}" in taken:
        number += 1
    taken.add(f"{base}{number}")
    return f"{base}{number}"


def questions_to_yaml(questions: list[Question], taken: set[str]) -> str:
    """The steps as YAML lines for the `nodes:` mapping (two-space indented), with ids not in `taken`."""
    ids = [_free_id("q", taken) for _ in questions]
    lines: list[str] = []
    for index, (step_id, question) in enumerate(zip(ids, questions, strict=True)):
        after = ids[index + 1] if index + 1 < len(ids) else None
        lines += [f"  {step_id}:", f"    text: {json.dumps(question.text, ensure_ascii=False)}"]
        if question.answers:
            lines.append("    options:")
            for answer in question.answers:
                target = after or "TODO"
                lines.append(f"      - {{answer: {json.dumps(answer, ensure_ascii=False)}, next: {target}}}")
        elif after:
            lines.append(f"    next: {after}")
    return "\n".join(lines) + "\n"


def insert_into_nodes(source: str, snippet: str) -> str:
    """Add `snippet` at the end of the top-level `nodes:` block, keeping the rest of the text as written."""
    lines = source.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^nodes:\s*(#.*)?$", line)), None)
    if start is None:
        return source.rstrip("\n") + "\nnodes:\n" + snippet
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t#"):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    before = "".join(lines[:end])
    if before and not before.endswith("\n"):
        before += "\n"
    return before + snippet + "".join(lines[end:])
