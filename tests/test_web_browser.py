"""Browser tests: Playwright driving Debian's chromium against a live server on 127.0.0.1.

Screenshots go to ``test-output/web/``. Skipped, with the reason shown, where chromium is not installed
(``apt-get install -y chromium``; Playwright's own browser download is not used).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "docs.jsonl"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds" / "docs.jsonl"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu",
        "--no-first-run", "--disable-sync"]
TOKEN = "browser-token"
XSS_DOC = {"id": "xss-web", "published": "2023-05-01",
           "text": "<script>alert(1)</script>\n\nOn April 28, State Power Investment Corporation (SPIC) and Jilin "
                   "Provincial Government signed a cooperation agreement in Changchun. <img src=x onerror=alert(2)>"}

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"chromium not installed at {CHROMIUM} (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    import pactgraph
    from pactgraph.store.db import close_all

    folder = tmp_path_factory.mktemp("web")
    extra = folder / "xss.jsonl"
    extra.write_text(json.dumps(XSS_DOC) + "\n", encoding="utf-8")
    inputs = [str(SAMPLES), str(extra)] + ([str(SEEDS)] if SEEDS.exists() else [])
    path = folder / "web.db"
    assert pactgraph.ingest_documents(inputs, str(path)).failed == 0
    close_all()
    return str(path)


@pytest.fixture(scope="module")
def server(db: str):
    import uvicorn

    from pactgraph.api import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db, token=TOKEN), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, output_dir: Path):
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        pg.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def shot(page, output_dir: Path, name: str) -> None:
    folder = output_dir / "web"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_dashboard_and_filter_events(page, server: str, output_dir: Path) -> None:
    page.goto(server + "/")
    assert page.locator("[data-count=documents] strong").inner_text() != "0"
    page.wait_for_selector("#chart-months canvas")
    shot(page, output_dir, "01-dashboard")
    page.click("nav >> text=Events")
    all_rows = page.locator("#data-table tbody tr").count()
    visits = page.locator("#facets [data-facet=type] a[data-value=visit]")
    expected = int(page.locator("#facets [data-facet=type] li", has=page.locator("a[data-value=visit]"))
                   .locator(".n").inner_text())
    visits.click()  # a facet click: the page of its filtered view, with a stable URL
    page.locator("#result-count", has_text="type: visit").wait_for()
    types = page.locator("#data-table tbody .type").all_inner_texts()
    assert types and set(types) == {"visit"} and len(types) == expected < all_rows
    assert "type=visit" in page.url
    shot(page, output_dir, "02-events-filtered")
    page.goto(server + "/events?q=南阳")
    assert "南阳" in page.locator("#data-table").inner_text()
    assert not page.errors  # type: ignore[attr-defined]


def test_event_evidence_highlighted(page, server: str, output_dir: Path) -> None:
    page.goto(server + "/events/sample-en-001/0")
    marks = page.locator("#source-text mark.k-participant")
    assert marks.count() >= 4
    assert "Li Wenhao" in marks.all_inner_texts()
    link = page.locator("#fact-participants li[data-person='Li Wenhao'] a.ev-link")
    link.click()
    flashed = page.locator("#source-text .hl.flash")
    assert flashed.count() >= 1 and flashed.first.inner_text() == "Li Wenhao"
    assert "witness" in (flashed.first.get_attribute("title") or "")
    shot(page, output_dir, "03-event-evidence")
    page.goto(server + "/events/sample-zh-001/0")
    assert page.locator("#source-text mark").count() > 3
    shot(page, output_dir, "04-event-zh")


def test_login_correct_reload_reingest(page, server: str, db: str, output_dir: Path) -> None:
    import pactgraph

    url = server + "/events/sample-en-001/0"
    page.goto(url)
    assert page.locator("#correct-form").count() == 0
    page.click("#login-to-correct")
    page.fill("input[name=name]", "Browser Reviewer")
    page.fill("input[name=token]", "wrong")
    page.click("#login-form button")
    assert "Wrong token" in page.locator("#login-error").inner_text()
    page.fill("input[name=token]", TOKEN)
    page.click("#login-form button")
    page.wait_for_url(url)
    row = page.locator(".participant-row", has=page.locator("input[value='Li Wenhao']"))
    row.locator("select").select_option("host")
    page.fill("#correct-form input[name=note]", "he received the delegation")
    page.click("#save-correction")
    page.wait_for_selector("#saved")

    def li_wenhao_role() -> str:
        return page.locator("#fact-participants li[data-person='Li Wenhao'] .role").inner_text()

    assert li_wenhao_role() == "host"
    shot(page, output_dir, "05-corrected")
    page.reload()
    assert li_wenhao_role() == "host"
    report = pactgraph.ingest_documents([str(SAMPLES)], db, force=True)  # re-extract: the extraction says witness again
    assert report.updated == 7
    page.goto(url)
    assert li_wenhao_role() == "host"
    assert "Browser Reviewer" in page.locator("#history").inner_text()
    page.goto(server + "/curation")
    assert "he received the delegation" in page.locator("#corrections").inner_text()
    shot(page, output_dir, "06-kept-after-reingest")


def test_network_and_map(page, server: str, output_dir: Path) -> None:
    page.goto(server + "/network")
    page.wait_for_selector("#network[data-ready='1'] canvas")
    assert "organizations" in page.locator("#network-status").inner_text()
    shot(page, output_dir, "07-network")
    page.goto(server + "/map")
    page.wait_for_selector("#map[data-ready='1'] canvas")
    assert page.locator("#province-table tr").count() > 2
    shot(page, output_dir, "08-map")
    page.goto(server + "/orgs")
    page.locator("table.list tbody tr a").first.click()
    assert page.locator("#entity-name").inner_text()
    shot(page, output_dir, "09-organization")
    assert not page.errors  # type: ignore[attr-defined]


def test_untrusted_text_runs_nothing(page, server: str, output_dir: Path) -> None:
    page.goto(server + "/documents/xss-web")
    text = page.locator("#source-text").inner_text()
    assert text.startswith("<script>alert(1)</script>") and "<img src=x onerror=alert(2)>" in text
    assert page.locator("#source-text script, #source-text img").count() == 0
    page.goto(server + "/events?q=SPIC")
    page.goto(server + "/events/xss-web/0")
    page.wait_for_timeout(300)
    assert page.dialogs == []  # type: ignore[attr-defined]
    shot(page, output_dir, "10-escaped")


GLYPH_PROBE = """([chars, family]) => {
  // Draw each character on a canvas in the page's own font and return a digest of the pixels: a character
  // without a glyph in any installed font is drawn as the same "missing glyph" box (or nothing) as U+10FFFD,
  // a private-use code point no font has.
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const digest = (ch) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = "40px " + family;
    ctx.fillStyle = "#000";
    ctx.textBaseline = "top";
    ctx.fillText(ch, 4, 4);
    const data = ctx.getImageData(0, 0, 64, 64).data;
    let h = 0, ink = 0;
    for (let i = 3; i < data.length; i += 4) { h = (h * 31 + data[i]) >>> 0; if (data[i]) ink++; }
    return h + ":" + ink;
  };
  return {missing: digest(String.fromCodePoint(0x10FFFD)), chars: chars.map(digest)};
}"""


def test_chinese_text_renders_with_real_glyphs(page, server: str, output_dir: Path) -> None:
    """Fails when the machine lacks a CJK font: the page would show boxes where the Chinese text is."""
    page.goto(server + "/events/sample-zh-001/0")
    source = page.locator("#source-text")
    text = source.inner_text()
    chars = list(dict.fromkeys(ch for ch in text if "\u4e00" <= ch <= "\u9fff"))[:40]
    assert len(chars) >= 20, "the Chinese sample page shows too little Chinese text to check"
    family = source.evaluate("el => getComputedStyle(el).fontFamily")
    probe = page.evaluate(GLYPH_PROBE, [chars, family])
    missing = [ch for ch, d in zip(chars, probe["chars"], strict=True) if d == probe["missing"] or d.endswith(":0")]
    assert missing == [], (f"{len(missing)} of {len(chars)} Chinese characters render without a glyph "
                           f"(font-family {family!r}); install a CJK font (apt-get install fonts-noto-cjk)")
    assert len(set(probe["chars"])) == len(chars)  # distinct characters look distinct
    # the same through the DOM: the fonts Chromium actually used for the text node
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#source-text"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert any("CJK" in f["familyName"] or "Hei" in f["familyName"] or "Song" in f["familyName"]
               for f in fonts), fonts
    shot(page, output_dir, "11-chinese-glyphs")


def test_glyph_check_fails_without_a_cjk_font(browser, server: str, tmp_path: Path) -> None:
    """The check above is not vacuous: a Chromium that sees only the DejaVu fonts renders boxes and is caught."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("DejaVu fonts not installed (needed to build a font set without CJK)")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>{dejavu}</dir>'
                    f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>', encoding="utf-8")
    b = browser.browser_type.launch(executable_path=CHROMIUM, args=ARGS,
                                    env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    try:
        pg = b.new_page()
        pg.goto(server + "/events/sample-zh-001/0")
        source = pg.locator("#source-text")
        chars = list(dict.fromkeys(ch for ch in source.inner_text() if "\u4e00" <= ch <= "\u9fff"))[:40]
        probe = pg.evaluate(GLYPH_PROBE, [chars, source.evaluate("el => getComputedStyle(el).fontFamily")])
    finally:
        b.close()
    missing = [d for d in probe["chars"] if d == probe["missing"] or d.endswith(":0")]
    assert len(missing) == len(chars)


def login(page, server: str, name: str, next_path: str) -> None:
    page.goto(server + "/login?next=" + next_path)
    page.fill("input[name=name]", name)
    page.fill("input[name=token]", TOKEN)
    page.click("#login-form button")
    page.wait_for_url(server + next_path)


def test_changes_and_their_reverts_in_the_browser(page, server: str, output_dir: Path) -> None:
    # an invalid value is refused with a message, nothing is stored
    login(page, server, "Timeline Reviewer", "/events/sample-en-003/0")
    page.fill("#correct-form input[name=date]", "2023-13-45")
    page.click("#save-correction")
    assert "not a real date" in page.locator("#form-error").inner_text()
    page.goto(server + "/events/sample-en-003/0")
    assert "2023-13-45" not in page.locator("#history").inner_text()

    # a position edit, shown in the document's timeline, then reverted from it
    doc = "/documents/sample-en-001"
    page.goto(server + doc)
    person = page.locator("li[data-person='Li Wenhao']")
    person.locator("details.position-edit summary").click()
    form = person.locator("form.position-form:not(.add)").first
    form.locator("input[name=title]").fill("Chairman")
    form.locator("input[name=reason]").fill("title as in the byline")
    form.locator("button").click()
    page.wait_for_load_state()
    assert "Chairman" in page.locator("li[data-person='Li Wenhao'] .position").first.inner_text()
    history = page.locator("#history")
    change = history.locator("li.change", has_text="title as in the byline").first
    assert "Timeline Reviewer" in change.inner_text() and "title as in the byline" in change.inner_text()
    shot(page, output_dir, "12-position-edit")
    change.locator("input[name=reason]").fill("the byline was older")
    change.locator("button.revert").click()
    page.wait_for_load_state()
    assert "General Manager" in page.locator("li[data-person='Li Wenhao'] .position").first.inner_text()
    edited = page.locator("#history li.change", has_text="title as in the byline").first
    assert edited.get_attribute("data-state") == "reverted"  # the change is kept, marked reverted
    undo = page.locator("#history li.change", has_text="the byline was older").first
    assert undo.get_attribute("data-state") == "active"  # and the revert is a change of its own

    # a merge of two organizations, undone from the target's timeline
    page.goto(server + "/orgs")
    links = page.locator("table.list tbody tr a")
    source_href, target_href = links.nth(links.count() - 1).get_attribute("href"), links.first.get_attribute("href")
    source_name = links.nth(links.count() - 1).inner_text()
    target_id = target_href.rsplit("/", 1)[1]
    page.goto(server + source_href)
    page.fill("#merge-form input[name=into]", target_id)
    page.fill("#merge-form input[name=note]", "same group")
    page.click("#merge-form button")
    page.wait_for_load_state()
    assert f"{target_href}?merged_from=" in page.url, (page.url, page.locator("body").inner_text()[:500])
    merge = page.locator("#history li.change", has_text="same group").first
    assert source_name in page.locator("body").inner_text()
    shot(page, output_dir, "13-merged")
    merge.locator("button.revert").click()
    page.wait_for_load_state()
    page.goto(server + source_href)
    assert page.url.endswith(source_href)  # no longer redirected to the organization it was merged into
    assert page.locator("#history li.change[data-state=reverted]").count() >= 1
    page.goto(server + "/curation")
    assert page.locator("#corrections li.change").count() >= 4
    shot(page, output_dir, "14-curation-log")


def test_sort_min_confidence_and_csv_download(page, server: str, output_dir: Path) -> None:
    import csv
    import io

    page.goto(server + "/events?type=agreement")
    page.click("#data-table th[data-sort=type] a")  # a sort: a column header, with a stable URL
    page.wait_for_url("**sort=-type**")
    page.click("#data-table th[data-sort=date] a")
    page.wait_for_url("**sort=-date**")
    dates = [d.split("\n")[0] for d in page.locator("#data-table tbody tr td:first-child").all_inner_texts()]
    dated = [d for d in dates if d != "—"]  # undated events come last
    assert dated and dates == dated + ["—"] * (len(dates) - len(dated)) and dated == sorted(dated, reverse=True)
    refs = page.locator("#data-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")
    with page.expect_download() as info:  # the CSV link downloads the filtered, sorted rows of the view
        page.click("#csv-link")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert [r["ref"] for r in rows] == refs and {r["type"] for r in rows} == {"agreement"}
    shot(page, output_dir, "11-sorted-agreements")
    page.goto(server + "/events")
    page.fill("input[name=min_confidence]", "0.7")
    page.locator("input[name=min_confidence]").press("Enter")
    page.wait_for_url("**min_confidence=0.7**")
    values = page.locator("#data-table tbody .conf").all_inner_texts()
    stated = [v for v in values if v != "reviewed"]  # a curator's correction shows "reviewed" instead
    assert stated and all(float(v.split()[1] if v.startswith("low") else v) >= 0.7 for v in stated), values
    assert not page.errors  # type: ignore[attr-defined]


def test_low_confidence_facts_are_marked_unreviewed(page, server: str, output_dir: Path) -> None:
    cells: list[str] = []
    for band in ("low", "medium"):  # both bands lie below the 0.8 threshold; the samples' calibration decides
        page.goto(server + f"/events?confidence={band}")  # which of them holds events
        cells = page.locator("#data-table tbody .conf").all_inner_texts()
        if cells:
            break
    assert cells and all("unreviewed" in c for c in cells), cells
    page.locator("#data-table tbody a.event-link").first.click()
    assert "unreviewed" in page.locator("#fact-confidence").inner_text()
    shot(page, output_dir, "12-low-confidence-event")
    page.goto(server + "/search?q=Huaneng&type=org")
    page.locator("#entity-hits a").first.click()
    assert page.locator(".tl-item").count() >= 1
    marked = page.locator(".tl-item.lowconf, .tl-item .conf.reviewed, .tl-item .conf.high").count()
    assert marked == page.locator(".tl-item").count()  # every timeline fact says how sure it is
    assert not page.errors  # type: ignore[attr-defined]


def test_cross_lingual_search_with_snippets(page, server: str, output_dir: Path) -> None:
    page.goto(server + "/search")
    page.fill("#search-q", "华能")
    page.locator("#search-q").press("Enter")
    page.wait_for_selector("#entity-hits")
    assert "Huaneng" in page.locator("#entity-hits li").first.inner_text()  # the entity before the documents
    assert "sample-en-001" in page.locator("#document-hits").inner_html()  # an English document for 华能
    page.goto(server + "/search?q=" + "储能")
    marks = page.locator("#document-hits .snippet mark").all_inner_texts()
    assert marks and all(m == "储能" for m in marks)
    page.wait_for_selector("#chart-timeline canvas")
    shot(page, output_dir, "13-search")
    assert not page.errors  # type: ignore[attr-defined]


def test_connects_view_and_point_map(page, server: str, output_dir: Path) -> None:
    page.goto(server + "/connects")
    page.fill("input[name=a]", "Huaneng")
    page.fill("input[name=b]", "Yulin Municipal Government")
    page.click("#connects-form button[type=submit]")
    page.wait_for_selector("#paths ol.path")
    assert page.locator("#paths li.step.event").count() >= 1
    assert page.locator("#paths blockquote.evidence").first.inner_text().strip()
    assert "Li Wenhao" in page.locator("#shared-people").inner_text()
    shot(page, output_dir, "14-connects")
    page.goto(server + "/map?province=Shaanxi")
    page.wait_for_selector("#point-map[data-ready='1'] canvas")
    places = page.locator("#place-table tbody tr").all_inner_texts()
    assert places and all("Shaanxi" in p or "陕西" in p for p in places), places
    shot(page, output_dir, "15-point-map")
    assert not page.errors  # type: ignore[attr-defined]
