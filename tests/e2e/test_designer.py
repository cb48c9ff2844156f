"""Script authors in the designer: create, see a validation error and fix it, publish, compare, restore, and
two authors editing one draft get the conflict message instead of a silent overwrite."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from parley.scripts.library import EXAMPLES_DIR
from tests.e2e.conftest import Server, refusal_expected, sign_in

pytestmark = pytest.mark.e2e
EXAMPLES = sorted(path.stem for path in EXAMPLES_DIR.glob("*.yaml"))


def create_script(page: Page, name: str) -> None:
    page.goto("/designer")
    page.get_by_role("button", name="New script").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()


def wait_until_stored(page: Page, text: str) -> None:
    """The draft on the server holds `text`: the status line can still say "all changes saved" from before
    the edit for a moment, so the test waits for the server itself before comparing versions."""
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    for _ in range(100):
        response = page.request.get(f"/api/scripts/{slug}")
        if response.ok and text in response.json()["source"]:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the draft of {slug} never contained {text!r}")


def edit_source(page: Page, old: str, new: str) -> None:
    page.get_by_role("tab", name="Source").click()  # a new script opens on the canvas
    editor = page.get_by_label("Script source (YAML)")
    editor.fill(editor.input_value().replace(old, new))


def test_author_builds_validates_publishes_compares_and_restores(page: Page) -> None:
    sign_in(page, "supervisor")
    create_script(page, "Delivery check")
    problems = page.get_by_test_id("diagnostics")
    edit_source(page, "next: closing", "next: nowhere")
    expect(problems).to_contain_text("Leads to step nowhere, which does not exist.")
    expect(page.get_by_role("button", name="Publish", exact=True)).to_be_disabled()
    problems.get_by_role("button", name=re.compile("step nowhere")).click()
    edit_source(page, "next: nowhere", "next: closing")
    expect(problems).not_to_contain_text("nowhere")
    page.get_by_label("Script source (YAML)").press("End")
    page.keyboard.type("\n")  # a change that stays: autosave stores it a moment after typing
    expect(page.get_by_text("unsaved changes")).to_be_visible()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_text("all changes saved")).to_be_visible()
    page.get_by_label("Version note").fill("first")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Published as version 1.")).to_be_visible()
    edit_source(page, "Did I answer all your questions?", "Did I answer every question you had?")
    page.keyboard.press("Control+s")
    expect(page.get_by_text("all changes saved")).to_be_visible()
    wait_until_stored(page, "Did I answer every question you had?")
    page.get_by_role("button", name="Compare v1").click()
    expect(page.get_by_test_id("diff")).to_contain_text("~ closing: text")
    page.get_by_role("button", name="Show on the canvas").click()
    expect(page.get_by_test_id("step-closing")).to_have_class(re.compile("diff-changed"))
    expect(page.get_by_test_id("step-greet")).not_to_have_class(re.compile("diff-"))
    page.get_by_role("button", name="Restore as draft v1").click()
    expect(page.get_by_text("Version 1 restored as the draft.")).to_be_visible()
    expect(page.get_by_label("Script source (YAML)")).to_have_value(
        re.compile("Did I answer all your questions")
    )


def test_etiquette_warning_shows_the_better_phrase(page: Page) -> None:
    sign_in(page, "supervisor")
    create_script(page, "Rude script")
    edit_source(
        page, "Did I answer all your questions?", "You must pay now. Did I answer all your questions?"
    )
    expect(page.get_by_test_id("diagnostics")).to_contain_text("Try:")


def test_two_authors_get_the_conflict_message(page: Page, browser: Browser, server: Server) -> None:
    sign_in(page, "supervisor")
    create_script(page, "Shared draft")
    slug_url = page.url
    other_context = browser.new_context(base_url=server.url)
    other = other_context.new_page()
    sign_in(other, "admin")
    other.goto(slug_url)
    edit_source(other, "Thank you, goodbye!", "Thank you, and goodbye!")
    other.get_by_role("button", name="Save").click()
    expect(other.get_by_text("Draft saved.")).to_be_visible()
    refusal_expected(409, "/api/scripts/")
    edit_source(page, "Thank you, goodbye!", "Goodbye and thank you!")
    page.get_by_role("button", name="Save").click()
    conflict = page.get_by_test_id("conflict")
    expect(conflict).to_contain_text("admin saved this draft")
    conflict.get_by_role("button", name="Load their version").click()
    expect(page.get_by_label("Script source (YAML)")).to_have_value(re.compile("Thank you, and goodbye!"))
    other_context.close()


def test_script_list_filters_and_shows_the_examples(page: Page) -> None:
    sign_in(page, "supervisor")
    page.goto("/designer")
    page.get_by_label("Search scripts").fill("complaint")
    expect(page.get_by_role("link", name="Handle a complaint")).to_be_visible()
    expect(page.get_by_role("link", name="Confirm a paid order")).to_have_count(0)
    page.get_by_label("Search scripts").fill("")
    page.get_by_label("Status filter").select_option("draft")
    expect(page.get_by_role("link", name="Confirm a paid order")).to_have_count(0)


def test_graph_view_shows_steps_finds_one_and_leads_to_its_source(page: Page) -> None:
    sign_in(page, "supervisor")
    page.goto("/designer/handle-complaint")
    page.get_by_role("tab", name="Graph").click()
    expect(page.get_by_test_id("step-greet")).to_be_visible()
    expect(page.get_by_test_id("step-route")).to_contain_text("Branch")
    expect(page.get_by_test_id("step-expert")).to_contain_text("experts (consult)")
    page.get_by_label("Find a step").fill("recap")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.locator(".react-flow__node.selected")).to_contain_text("recap")
    page.get_by_test_id("step-recap").click()
    expect(page.get_by_test_id("inspector")).to_contain_text("Step recap")
    page.get_by_test_id("inspector").get_by_role("button", name="Show source").click()
    editor = page.get_by_label("Script source (YAML)")
    expect(editor).to_be_visible()
    selected = editor.evaluate("area => area.value.slice(area.selectionStart, area.selectionEnd)")
    assert selected.strip() == "recap:"


def test_rehearse_a_script_to_an_outcome_and_from_a_chosen_step(page: Page) -> None:
    sign_in(page, "supervisor")
    page.goto("/designer/confirm-paid-order")
    page.get_by_role("tab", name="Rehearse").click()
    page.get_by_label("Customer name").fill("Minh Le")
    page.get_by_role("button", name="Start rehearsal").click()
    rehearsal = page.get_by_test_id("rehearsal")
    expect(rehearsal).to_contain_text("Am I speaking with Minh Le?")
    rehearsal.get_by_role("button", name="Yes", exact=True).click()
    expect(rehearsal).to_contain_text("Is it convenient for you to talk now?")
    rehearsal.get_by_role("button", name="Yes", exact=True).click()
    expect(rehearsal).to_contain_text(
        "Thank you for ordering from us again"
    )  # the sample customer has 2 orders
    rehearsal.get_by_role("button", name="Continue").click()
    expect(rehearsal).to_contain_text("Is the address correct?")
    # the sample customer has no address: a prompt to ask for it, not "[customer.address]" to read out
    expect(rehearsal.locator("mark.say-ask")).to_have_text("ask: address")
    expect(rehearsal).not_to_contain_text("[customer.address]")
    rehearsal.get_by_role("button", name="Yes", exact=True).click()
    rehearsal.get_by_label("Delivery date").fill("31/12/2026")
    rehearsal.get_by_role("button", name="Answer").click()
    expect(rehearsal).to_contain_text("delivery on 31 December 2026")
    rehearsal.get_by_role("button", name="Yes", exact=True).click()
    expect(rehearsal).to_contain_text("Did I answer all your questions?")
    rehearsal.get_by_role("button", name="Continue").click()
    expect(rehearsal).to_contain_text("Ended: Order confirmed")
    expect(rehearsal).to_contain_text("success")
    page.get_by_label("Start from").select_option("ask_date")
    page.get_by_role("button", name="Start again").click()
    refusal_expected(422, "/api/scripts/rehearse")
    rehearsal.get_by_label("Delivery date").fill("someday")
    rehearsal.get_by_role("button", name="Answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Delivery date: someday is not a date")


def test_paste_questions_first_then_link_them(page: Page) -> None:
    sign_in(page, "supervisor")
    create_script(page, "Questions first")
    page.get_by_role("button", name="Paste questions").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Questions and answers").fill(
        "Is it convenient for you to talk now?\n  - Yes\n  - No\nWhen may I call you back?\n"
    )
    dialog.get_by_role("button", name="Add steps").click()
    expect(page.get_by_text("Steps added: q1, q2.")).to_be_visible()
    source = page.get_by_label("Script source (YAML)")
    expect(source).to_have_value(re.compile(r'q1:\n    text: "Is it convenient for you to talk now\?"'))
    expect(page.get_by_test_id("diagnostics")).to_contain_text("q2")  # the last question still needs a link


def test_build_a_branching_script_on_the_canvas_with_mouse_and_keyboard(page: Page) -> None:
    sign_in(page, "supervisor")
    create_script(page, "Built on canvas")
    page.get_by_role("tab", name="Graph").click()
    expect(page.get_by_test_id("step-greet")).to_be_visible()
    inspector = page.get_by_test_id("inspector")

    page.get_by_role("group", name="Add a step").get_by_role("button", name="+ Question").click()
    expect(inspector).to_contain_text("Step question1")
    inspector.get_by_label("Text").fill("Is it convenient for you to talk now?")
    inspector.get_by_role("button", name="+ Add answer").click()
    inspector.get_by_label("Answer 3", exact=True).fill("Later")

    page.get_by_role("group", name="Add a step").get_by_role("button", name="+ Open question").click()
    expect(inspector).to_contain_text("Step ask1")
    inspector.get_by_label("Text").fill("When may I call you back?")
    inspector.get_by_label("Next step").select_option("bye")

    page.get_by_role("group", name="Add a step").get_by_role("button", name="+ End").click()
    expect(inspector).to_contain_text("Step end1")

    page.get_by_test_id("step-question1").click()
    inspector.get_by_label("Answer leads to 2").select_option("ask1")
    inspector.get_by_label("Answer leads to 3").select_option("end1")
    page.get_by_test_id("step-greet").click()
    inspector.get_by_label("Next step").select_option("question1")

    # Drag the "Yes" answer onto the closing question.
    expect(page.get_by_test_id("step-question1")).to_contain_text("Yes")
    handle = page.locator('[data-testid="step-question1"] .react-flow__handle[data-handleid="option-0"]')
    handle.drag_to(page.locator('[data-testid="step-closing"] .react-flow__handle.target'))
    expect(page.get_by_label("Script source (YAML)")).to_have_value(
        re.compile(r"answer: Yes\n\s+next: closing"), timeout=5000
    )
    problems = page.get_by_role("heading", name=re.compile("Problems"))
    expect(problems).to_contain_text("valid")

    # Undo and redo the drag from the keyboard.
    page.locator(".react-flow__pane").click()
    page.keyboard.press("Control+z")
    expect(page.get_by_label("Script source (YAML)")).not_to_have_value(
        re.compile(r"answer: Yes\n\s+next: closing")
    )
    page.keyboard.press("Control+Shift+z")
    source = page.get_by_label("Script source (YAML)")
    expect(source).to_have_value(re.compile(r"answer: Yes\n\s+next: closing"))

    page.get_by_role("tab", name="Rehearse").click()
    page.get_by_role("button", name="Start rehearsal").click()
    rehearsal = page.get_by_test_id("rehearsal")
    rehearsal.get_by_role("button", name="Continue").click()
    expect(rehearsal).to_contain_text("Is it convenient for you to talk now?")
    rehearsal.get_by_role("button", name="No", exact=True).click()
    rehearsal.get_by_label("Answer").fill("after six")
    rehearsal.get_by_role("button", name="Answer", exact=True).click()
    expect(rehearsal).to_contain_text("Ended: Done")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Published as version 1.")).to_be_visible()


def test_copy_a_step_from_one_script_and_paste_it_into_another(page: Page) -> None:
    sign_in(page, "supervisor")
    page.goto("/designer/handle-complaint")
    page.get_by_role("tab", name="Graph").click()
    page.get_by_test_id("step-recap").click()
    page.keyboard.press("Control+c")
    expect(page.get_by_text("Step recap copied")).to_be_visible()
    create_script(page, "Borrowing a step")
    page.get_by_role("tab", name="Graph").click()
    expect(page.get_by_test_id("step-greet")).to_be_visible()
    page.locator(".react-flow__pane").click()
    page.keyboard.press("Control+v")
    expect(page.get_by_test_id("step-recap")).to_be_visible()
    expect(page.get_by_test_id("inspector")).to_contain_text("Step recap")


def test_fields_and_outcomes_are_edited_in_forms(page: Page) -> None:
    sign_in(page, "supervisor")
    create_script(page, "With settings")
    page.get_by_role("tab", name="Graph").click()
    settings = page.get_by_test_id("settings")
    settings.get_by_label("Language of the script").select_option("vi")
    settings.get_by_label("Direction").select_option("outbound")
    settings.get_by_role("tab", name="Fields").click()
    settings.get_by_label("New name").fill("order_number")
    settings.get_by_role("button", name="+ Add").click()
    settings.get_by_label("Type (order_number)").select_option("number")
    settings.get_by_label("Minimum (order_number)").fill("1")
    settings.get_by_label("Maximum (order_number)").fill("999999")
    settings.get_by_label("New name").fill("email")
    settings.get_by_role("button", name="+ Add").click()
    settings.get_by_label("Type (email)").select_option("email")
    settings.get_by_label("Saved on the customer card as (email)").select_option("email")
    settings.get_by_role("tab", name="Outcomes").click()
    settings.get_by_label("New name").fill("callback")
    settings.get_by_role("button", name="+ Add").click()
    settings.get_by_label("Label (callback)").fill("Call back later")
    source = page.get_by_label("Script source (YAML)")
    expect(source).to_have_value(
        re.compile(r"order_number:\n\s+type: number\n\s+label: order_number\n\s+min: 1\n\s+max: 999999")
    )
    expect(source).to_have_value(re.compile(r"callback:\n\s+label: Call back later"))
    expect(source).to_have_value(
        re.compile(r"email:\n\s+type: email\n\s+label: email\n\s+customer_field: email")
    )
    expect(source).to_have_value(
        re.compile(r"^slug: with-settings\nname: With settings\nlanguage: vi\ndirection: outbound\n")
    )
    never_reached = re.compile(r"outcome callback is never reached", re.IGNORECASE)
    expect(page.get_by_test_id("diagnostics")).to_contain_text(never_reached)


def test_sticky_note_comments_on_the_canvas(page: Page) -> None:
    sign_in(page, "supervisor")
    create_script(page, "With a note")
    page.get_by_role("tab", name="Graph").click()
    page.get_by_test_id("step-greet").click()
    page.get_by_role("group", name="Add a step").get_by_role("button", name="+ Note").click()
    page.get_by_test_id("note-inspector").get_by_label("Text").fill("Check the greeting with legal")
    expect(page.get_by_test_id("note-0")).to_contain_text("Check the greeting with legal")
    source = page.get_by_label("Script source (YAML)")
    expect(source).to_have_value(
        re.compile(r"notes:\n\s+- text: Check the greeting with legal\n\s+step: greet")
    )
    expect(page.get_by_role("heading", name=re.compile("Problems"))).to_contain_text("valid")
    page.get_by_test_id("note-inspector").get_by_role("button", name="Delete").click()
    expect(page.get_by_test_id("note-0")).to_have_count(0)


def test_branch_step_from_the_palette(page: Page) -> None:
    sign_in(page, "supervisor")
    create_script(page, "With a branch")
    page.get_by_role("tab", name="Graph").click()
    page.get_by_role("group", name="Add a step").get_by_role("button", name="+ Branch").click()
    inspector = page.get_by_test_id("inspector")
    expect(inspector).to_contain_text("Step branch1")
    inspector.get_by_label("Condition 1").fill("customer.orders_count > 0")
    inspector.get_by_label("Rule leads to 1").select_option("closing")
    inspector.get_by_label("Rule leads to 2").select_option("bye")
    page.get_by_test_id("step-greet").click()
    inspector.get_by_label("Next step").select_option("branch1")
    expect(page.get_by_role("heading", name=re.compile("Problems"))).to_contain_text("valid")
    expect(page.get_by_test_id("step-branch1")).to_contain_text("Branch")


def test_clicking_a_problem_in_the_graph_selects_its_step(page: Page) -> None:
    sign_in(page, "supervisor")
    create_script(page, "Problem selects")
    edit_source(page, "next: bye", "next: nowhere")
    page.get_by_role("tab", name="Graph").click()
    problems = page.get_by_test_id("diagnostics")
    problems.get_by_role("button", name=re.compile("step nowhere, which does not exist")).click()
    expect(page.get_by_test_id("inspector")).to_contain_text("Step closing")
    expect(page.get_by_test_id("step-closing")).to_have_class(re.compile("has-errors"))


def test_select_several_steps_and_delete_them_together(page: Page) -> None:
    sign_in(page, "supervisor")
    create_script(page, "Multi select")
    page.get_by_role("tab", name="Graph").click()
    page.get_by_test_id("step-closing").click()
    page.get_by_test_id("step-bye").click(modifiers=["Control"])
    expect(page.locator(".react-flow__node.selected")).to_have_count(2)
    page.keyboard.press("Delete")
    expect(page.get_by_test_id("step-closing")).to_have_count(0)
    expect(page.get_by_test_id("step-bye")).to_have_count(0)
    expect(page.get_by_label("Script source (YAML)")).not_to_have_value(re.compile("closing:"))


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_canvas_draws_every_link_of_a_shipped_example(page: Page, slug: str) -> None:
    """Branch rules were drawn as dead ends (insoles-invitation looked like islands): each link the server's
    graph reports is one edge on the canvas, leaving its step, and a branch edge shows its condition."""
    sign_in(page, "supervisor")
    with page.expect_response(lambda response: response.url.endswith("/api/scripts/validate")) as answer:
        page.goto(f"/designer/{slug}")
    graph = answer.value.json()["graph"]
    page.get_by_role("tab", name="Graph").click()
    expect(page.get_by_test_id(f"step-{graph['start']}")).to_be_visible()
    expect(page.locator(".react-flow__edge")).to_have_count(len(graph["edges"]))
    for index, link in enumerate(graph["edges"]):
        source = link["source"] or "@objections"
        target = "@return" if link["target"] == "return" else link["target"]
        edge = page.get_by_test_id(f"rf__edge-{index}:{source}>{target}")
        expect(edge).to_have_count(1)
        if link["kind"] == "condition":
            expect(edge).to_contain_text(link["label"])
        elif link["kind"] == "otherwise":
            expect(edge).to_contain_text("otherwise")
        elif link["kind"] in ("answer", "objection"):
            expect(edge).to_contain_text(link["label"])
    branches = [node["id"] for node in graph["nodes"] if node["kind"] == "branch"]
    for step in branches:
        expect(page.get_by_test_id(f"step-{step}").locator(".react-flow__handle.source")).to_have_count(
            len(next(node["conditions"] for node in graph["nodes"] if node["id"] == step))
        )


def test_a_new_script_opens_on_the_canvas_in_its_language_and_direction(page: Page) -> None:
    """The "New script" dialog checks the identifier in the browser (its pattern was not a valid `v`-flag
    regular expression, so Chromium logged an error and dropped the check) and the script opens on the canvas
    with its start step, in the chosen language and direction, with nothing to fix."""
    console_errors: list[str] = []
    page.on(
        "console", lambda message: console_errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, "supervisor")
    page.goto("/designer")
    page.get_by_role("button", name="New script").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Khảo sát sau giao hàng")
    slug = dialog.get_by_label("Identifier")
    expect(slug).to_have_value("khao-sat-sau-giao-hang")
    slug.fill("Bad slug!")
    expect(dialog.locator("input:invalid")).to_have_count(1)
    assert slug.evaluate("input => input.validity.patternMismatch") is True
    dialog.get_by_role("button", name="Create").click()
    expect(dialog).to_be_visible()  # the browser refused to submit
    slug.fill("after-delivery-vi")
    expect(dialog.locator("input:invalid")).to_have_count(0)
    dialog.get_by_label("Language of the script").select_option("vi")
    dialog.get_by_label("Direction").select_option("outbound")
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="Khảo sát sau giao hàng")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/designer/after-delivery-vi\?view=graph$"))
    expect(page.get_by_role("tab", name="Graph")).to_have_attribute("aria-selected", "true")
    start = page.get_by_test_id("step-greet")
    expect(start).to_contain_text("▶")
    expect(start).to_contain_text("Chào anh/chị")
    expect(page.get_by_test_id("step-can_talk")).to_contain_text("Có")
    expect(page.get_by_test_id("diagnostics").locator("li")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("Problems"))).to_contain_text("valid")
    source = page.get_by_label("Script source (YAML)")
    expect(source).to_have_value(re.compile(r"language: vi\ndirection: outbound\nstart: greet\n"))
    page.reload()
    expect(page.get_by_test_id("step-greet")).to_be_visible()  # the canvas stays open
    assert console_errors == []
