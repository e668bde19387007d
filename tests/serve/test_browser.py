"""The playground in a real browser: headless Chromium (Debian's) driven by playwright.

The test types an instruction, presses Run and reads the answer the page shows. It needs the
``chromium`` Debian package (``.ci/run`` installs it) and playwright's Python client; when
either is missing it is skipped and says which.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "playground.png"
UPDATE = "INSTRUX_UPDATE_SCREENSHOT"


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="needs playwright's Python client (the 'dev' extra)"
    )
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium: install Debian's package (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=["--no-sandbox"])  # fmt: skip
        page = browser.new_page(viewport={"width": 1100, "height": 1200})
        page.goto(base_url + "/")
        yield page
        browser.close()


def ask(page: Any, text: str) -> None:
    """Type ``text``, press Run, wait until the page shows the answer to it."""
    page.fill("#text", text)
    page.click("#run")
    page.wait_for_function("(text) => document.body.dataset.answered === text", arg=text)


def test_typing_an_instruction_shows_the_answer(page: Any, tmp_path: Path) -> None:
    page.wait_for_selector("#instructions li")  # the list came from /v1/instructions
    assert "math.add" in page.inner_text("#instructions")
    ask(page, "what is 3 plus 5")
    assert page.inner_text("#status") == "done"
    assert page.inner_text("#value") == "8"
    route = page.inner_text("#route")
    assert "template" in route and "{a} plus {b}" in route
    assert '"instruction": "math.add"' in page.inner_text("#call")
    assert "total" in page.inner_text("#timings")
    page.screenshot(path=str(tmp_path / "playground.png"), full_page=True)


def test_a_semantic_route_shows_its_nearest_examples(page: Any) -> None:
    ask(page, "could you tell me what 3 and 5 add up to")
    assert page.inner_text("#value") == "8"
    assert "semantic" in page.inner_text("#route")
    assert "margin" in page.inner_text("#route")
    assert "example:" in page.inner_text("#neighbours")
    if os.environ.get(UPDATE):  # docs/playground.png: INSTRUX_UPDATE_SCREENSHOT=1 pytest ...
        page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_a_multi_step_text_shows_its_plan_graph(page: Any) -> None:
    ask(page, "add 4 and 6, then divide the result by 5")
    assert page.inner_text("#value") == "2"
    plan = page.inner_text("#plan")
    assert "s1: math.add(a=4, b=6) = 10" in plan
    assert "s2: math.divide(a=←s1, b=5) = 2" in plan


def test_an_error_shows_its_code_hint_and_candidates(page: Any) -> None:
    ask(page, "book a table for two")
    assert page.is_visible("#error") and not page.is_visible("#answer")
    assert "no_match (HTTP 422)" in page.inner_text("#error-code")
    assert page.inner_text("#error-hint")


def test_the_page_shows_a_request_in_flight_after_an_error(page: Any) -> None:
    ask(page, "book a table for two")  # an error first: the state must still show
    page.fill("#text", "nap for 1 seconds")
    page.click("#run")
    page.wait_for_selector("#busy", state="visible")
    assert page.is_disabled("#run") and page.is_disabled("#parse")
    page.wait_for_function("() => document.body.dataset.answered === 'nap for 1 seconds'")
    assert not page.is_visible("#busy") and not page.is_disabled("#run")
    assert page.inner_text("#value") == "1"


def test_an_example_is_filled_with_sample_values_that_run(page: Any) -> None:
    page.wait_for_selector("#instructions li")
    page.click("#instructions li:has(code:text-is('math.add'))")
    text = page.input_value("#text")
    assert "{" not in text and "}" not in text, text
    ask(page, text)
    assert page.inner_text("#status") == "done", page.inner_text("body")[:500]


def test_parse_only_shows_a_plan_and_its_graph(page: Any) -> None:
    text = "add 4 and 6, then divide the result by 5"
    page.fill("#text", text)
    page.click("#parse")
    page.wait_for_function("(text) => document.body.dataset.answered === text", arg=text)
    assert page.is_visible("#answer") and not page.is_visible("#error")
    assert page.inner_text("#value") == "(not executed)"
    assert "s2: math.divide(a=←s1, b=5)" in page.inner_text("#plan")
    assert page.locator("#plan-graph rect").count() == 2
    assert page.locator("#plan-graph line").count() == 1
    if os.environ.get(UPDATE):  # docs/playground-plan.png
        page.screenshot(path=str(SCREENSHOT.with_name("playground-plan.png")), full_page=True)


def test_a_non_json_error_from_a_proxy_is_shown_not_thrown(page: Any) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/v1/run", lambda route: route.fulfill(
        status=502, body="<html>Bad gateway</html>", content_type="text/html"))  # fmt: skip
    try:
        ask(page, "what is 3 plus 5")
    finally:
        page.unroute("**/v1/run")
    assert "http_error (HTTP 502)" in page.inner_text("#error-code")
    assert errors == []
    ask(page, "what is 3 plus 5")  # and the page still works
    assert page.inner_text("#value") == "8"
    assert page.inner_text("#details")
