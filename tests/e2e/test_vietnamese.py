"""The Vietnamese walk: Lan signs in (a wrong password first) and takes a call on the desk; a Vietnamese
supervisor breaks a line of a script in the designer and looks through the supervisor's pages. Nowhere does
the interface show English (no text of the English catalog that Vietnamese words differently), and the
browser logs no error (the harness fails the test on any)."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ROOT, Server
from tests.e2e.test_desk import api_as, finish_leftovers, screenshot

pytestmark = pytest.mark.e2e

I18N = ROOT / "frontend" / "src" / "shared" / "i18n"
ENTRY = re.compile(r'^\s*"(?P<key>[^"]+)":\s*"(?P<text>(?:[^"\\]|\\.)*)",?\s*$')
PLACEHOLDER = re.compile(r"\{\{?\s*[\w.]+\s*\}?\}")
SUPERVISOR_VI = ("giam-sat-thu", "thu-password-2026")
#: Data that happens to spell an English word of the interface: the demo accounts' usernames ("agent").
USERNAMES = {"admin", "supervisor", "agent", "lan", SUPERVISOR_VI[0]}


def _messages(name: str) -> dict[str, str]:
    entries = (ENTRY.match(line) for line in (I18N / name).read_text().splitlines())
    return {m["key"]: json.loads(f'"{m["text"]}"') for m in entries if m}


def _flatten(catalog: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in catalog.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


@cache
def english_only() -> tuple[list[re.Pattern[str]], list[str]]:
    """What of the English interface Vietnamese says differently: each such text as a pattern a whole text of
    the page must not match (placeholders match anything), and its literal phrases of two words or more,
    which no text of the page may contain (a phrase Vietnamese also uses, like a brand, is left out)."""
    en = _messages("en.ts") | _flatten(json.loads((I18N / "errors.en.json").read_text()))
    vi = _messages("vi.ts") | _flatten(json.loads((I18N / "errors.vi.json").read_text()))
    vietnamese = "\n".join(vi.values()).casefold()
    wholes: list[re.Pattern[str]] = []
    phrases: set[str] = set()
    for key, text in en.items():
        if vi.get(key) == text:
            continue
        parts = [p.strip(" .,:;!?()“”'\"—–-…→") for p in PLACEHOLDER.split(text)]
        literal = [p for p in parts if len(p) > 3 and re.search(r"[A-Za-z]{2}", p)]
        if not literal:
            continue
        pattern = ".+?".join(re.escape(p) for p in PLACEHOLDER.split(text))
        wholes.append(re.compile(pattern.strip()))
        phrases.update(p for p in literal if " " in p and p.casefold() not in vietnamese)
    return wholes, sorted(phrases)


SHOWN_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !element || element.closest("script, style, textarea, [aria-hidden=true]")) continue;
    if (element.getClientRects().length === 0) continue;
    texts.push(text);
  }
  for (const element of document.querySelectorAll("[placeholder], [title], [aria-label]")) {
    if (element.getClientRects().length === 0) continue;
    for (const name of ["placeholder", "title", "aria-label"]) {
      const value = element.getAttribute(name);
      if (value && value.trim()) texts.push(value.trim());
    }
  }
  return texts;
}"""


def english_on(page: Page) -> list[str]:
    """The texts shown on the page that are the English interface's."""
    wholes, phrases = english_only()
    found = []
    for text in page.evaluate(SHOWN_TEXTS):
        if text in USERNAMES:
            continue
        if any(pattern.fullmatch(text) for pattern in wholes) or any(p in text for p in phrases):
            found.append(text)
    return sorted(set(found))


def assert_vietnamese(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.wait_for_load_state("networkidle")
    assert english_on(page) == [], page.url


def test_the_checker_finds_english(page: Page) -> None:
    """The check below is not vacuous: the English interface fails it."""
    page.goto("/login")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert "Sign in" in english_on(page)


@pytest.fixture
def supervisor_vi(browser: Browser, server: Server) -> None:
    """A supervisor whose language is Vietnamese (made once; nobody else's language changes)."""
    context, admin, csrf = api_as(browser, server, "admin")
    username, password = SUPERVISOR_VI
    if all(u["username"] != username for u in admin.get("/api/users").json()):
        made = admin.post(
            "/api/users",
            data={
                "username": username,
                "password": password,
                "role": "supervisor",
                "display_name": "Trần Thu",
                "language": "vi",
            },
            headers=csrf,
        )
        assert made.status == 201, made.text()
    context.close()


def sign_in_as_lan(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Language").select_option("vi")  # a Vietnamese operator's browser
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill("not-her-password")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_have_text("Sai tên đăng nhập hoặc mật khẩu.")
    assert_vietnamese(page)
    page.get_by_label("Mật khẩu").fill("agent-parley")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    assert_vietnamese(page)


def test_lan_works_in_vietnamese_on_the_desk(page: Page, browser: Browser, server: Server) -> None:
    context, supervisor, csrf = api_as(browser, server, "supervisor")
    for waiting in supervisor.get("/api/contacts", params={"state": "waiting"}).json():
        supervisor.post(f"/api/contacts/{waiting['id']}/abandon", headers=csrf)  # nothing else may ring first
    context.close()
    sign_in_as_lan(page)
    page.get_by_role("link", name="Bàn làm việc").first.click()
    expect(page.get_by_test_id("desk-link")).to_contain_text("Trực tiếp")
    finish_leftovers(page)  # what earlier tests left on Lan's desk
    expect(page.get_by_test_id("desk-link")).to_contain_text("Trực tiếp")
    assert_vietnamese(page)
    ready = page.get_by_role("button", name="Sẵn sàng", exact=True)
    if ready.is_enabled():
        ready.click()
    expect(page.get_by_test_id("agent-state")).to_have_text("Sẵn sàng")
    page.get_by_role("button", name="Tạo liên hệ mẫu").click()
    expect(page.get_by_test_id("offer")).to_contain_text("Đơn hàng (tiếng Việt)")
    assert_vietnamese(page)
    page.keyboard.press("a")
    expect(page.get_by_test_id("say")).to_contain_text("Em có thể giúp gì cho anh/chị ạ?")
    expect(page.get_by_test_id("caller-card")).to_be_visible()
    expect(page.get_by_test_id("waited")).to_have_text(re.compile(r"^\d+ (giây|phút)"))  # a duration in words
    page.evaluate("document.activeElement.blur()")
    page.wait_for_timeout(1100)  # the call's timer has ticked
    assert_vietnamese(page)
    screenshot(page, "desk-vi.png")

    # A refused answer is worded in Vietnamese too: the date field takes a date.
    page.keyboard.press("1")
    expect(page.get_by_test_id("say")).to_contain_text("có phải em đang nói chuyện với anh/chị")
    assert_vietnamese(page)

    page.get_by_role("button", name="Kết thúc trò chuyện").click()
    page.get_by_role("dialog").get_by_role("button", name="Xác nhận").click()
    wrap_up = page.get_by_test_id("wrap-up")
    expect(wrap_up).to_contain_text("Hoàn tất")
    assert_vietnamese(page)
    wrap_up.get_by_role("button", name="Xong — Chưa sẵn sàng").click()
    page.get_by_role("button", name="Ngoại tuyến", exact=True).click()  # leave Lan as found
    expect(page.get_by_test_id("agent-state")).to_have_text("Ngoại tuyến")
    assert_vietnamese(page)


def test_a_vietnamese_supervisor_breaks_a_script_and_reads_the_supervisor_pages(
    page: Page, supervisor_vi: None
) -> None:
    username, password = SUPERVISOR_VI
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()  # her language, from her profile
    assert_vietnamese(page)

    # The designer: a new Vietnamese script, then a line that leads nowhere.
    page.get_by_role("link", name="Thiết kế kịch bản").first.click()
    expect(page.get_by_role("heading", name="Thiết kế kịch bản")).to_be_visible()
    assert_vietnamese(page)
    page.get_by_role("button", name="Kịch bản mới").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Tên", exact=True).fill("Hỏi thăm sau giao hàng")
    dialog.get_by_role("button", name="Tạo").click()
    expect(page.get_by_role("tab", name="Mã nguồn")).to_be_visible()  # the new script, on its canvas
    expect(page.get_by_role("heading", name="Vấn đề")).to_be_visible()
    assert_vietnamese(page)
    page.get_by_role("tab", name="Mã nguồn").click()
    source = page.get_by_label("Mã nguồn kịch bản (YAML)")
    text = source.input_value()
    target = re.search(r"next: (\S+)", text)
    assert target, text
    source.fill(text.replace(target.group(0), "next: khong-co-buoc-nay", 1))
    problems = page.get_by_test_id("diagnostics")
    expect(problems).to_contain_text("Dẫn tới bước khong-co-buoc-nay, nhưng bước này không tồn tại.")
    expect(page.get_by_role("button", name="Xuất bản", exact=True)).to_be_disabled()
    assert_vietnamese(page)
    page.get_by_role("tab", name="Sơ đồ").click()
    expect(page.get_by_test_id("diagnostics")).to_contain_text("khong-co-buoc-nay")
    assert_vietnamese(page)

    # The supervisor's pages.
    page.get_by_role("link", name="Giám sát").first.click()
    expect(page.get_by_test_id("link-status")).to_contain_text("Trực tiếp")
    assert_vietnamese(page)
    sections = page.get_by_role("navigation", name="Các mục giám sát")
    for tab in ("Hàng đợi", "Nhân viên và kỹ năng", "Tương tác"):
        link = sections.get_by_role("link", name=tab, exact=True)
        link.click()
        expect(link).to_have_attribute("aria-current", "page")
        expect(page.get_by_role("table").first).to_be_visible()
        assert_vietnamese(page)
