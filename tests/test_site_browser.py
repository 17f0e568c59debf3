"""The county website in a real browser: headless Chromium, driven over the DevTools protocol.

Each page is checked with axe-core (vendored in tests/vendor, MPL-2.0) for WCAG 2.1
A/AA (GB/T 37668 follows it): any serious or critical violation fails. Console
errors fail. Figures are read back from the DOM and compared with the model.
``pytest --update-golden`` also refreshes the screenshots in docs/img/.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cdp import Browser, Page, chromium_path
from site_helpers import county_departments

from budgetgen.money import fmt_wan, fmt_yuan, total
from budgetgen.site import SiteDepartment, build_site
from budgetgen.site.pages import department_charts as dep_charts
from budgetgen.site.tables import shown
from budgetgen.site.vocab import sangong_headline

ROOT = Path(__file__).resolve().parent.parent
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
DOCS_IMG = ROOT / "docs" / "img"
DESKTOP, PHONE = (1280, 900), (390, 844)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chromium() -> str:
    found = chromium_path()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI 上必须安装 chromium（.ci/run 会安装）")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[SiteDepartment, ...]]:
    tmp = tmp_path_factory.mktemp("site")
    deps = county_departments(tmp / "src")
    for rel, data in build_site(deps).items():
        (tmp / "site" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "site" / rel).write_bytes(data)
    for dep in deps:  # the published documents lie next to site/, as publish writes them
        for name in dep.files:
            (tmp / name).write_bytes(b"placeholder")
    return tmp / "site", deps


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    b = Browser(chromium)
    try:
        yield b
    finally:
        b.close()


def open_page(browser: Browser, url: str, size: tuple[int, int], *, scripts: bool = True) -> Page:
    page = Page(browser, *size, mobile=size[0] < 600)
    if not scripts:
        page.send("Emulation.setScriptExecutionDisabled", {"value": True})
    page.goto(url)
    if scripts:
        page.eval(
            "new Promise((ok, fail) => { const t0 = Date.now(); (function wait() {"
            " const all = document.querySelectorAll('[data-chart]');"
            " if ([...all].every(el => el.querySelector('svg'))) return ok(all.length);"
            " if (Date.now() - t0 > 15000) return fail(new Error('charts not drawn'));"
            " setTimeout(wait, 50); })(); })",
            await_promise=True,
        )
    return page


def axe_violations(page: Page) -> list[dict[str, object]]:
    page.eval(AXE.read_text(encoding="utf-8"))
    # preload: false — axe would fetch the stylesheets by XHR, which file:// pages may not do.
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"], "preload": False}
    found: list[dict[str, object]] = page.eval(
        f"axe.run(document, {json.dumps(options)}).then(r => r.violations.map(v => ({{id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))",
        await_promise=True,
    )
    return found


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", ["index.html", "702-2020.html"])
def test_accessible_and_no_console_errors(
    browser: Browser, built: tuple[Path, object], name: str, size: tuple[int, int]
) -> None:
    page = open_page(browser, (built[0] / name).as_uri(), size)
    violations = axe_violations(page)
    serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)
    assert page.errors() == []
    width = page.eval("document.documentElement.scrollWidth")
    assert width <= size[0], f"页面横向溢出：{width}px > {size[0]}px（宽表应在自己的滚动区域内）"


def test_index_figures_read_back(browser: Browser, built: tuple[Path, tuple[SiteDepartment, ...]]) -> None:
    site, deps = built
    page = open_page(browser, (site / "index.html").as_uri(), DESKTOP)
    rows = page.eval(
        "[...document.querySelectorAll('table.deps tbody tr')].map(tr => [tr.dataset.name,"
        " ...['income', 'spending', 'sangong'].map(f => tr.querySelector(`[data-field=${f}]`).textContent)])"
    )
    expected = {
        d.budget.department.name: [
            fmt_wan(d.budget.income.total),
            fmt_wan(d.budget.figures.total),
            fmt_wan(sangong_headline(d.budget)[0].total),
        ]
        for d in deps
    }
    assert {r[0]: r[1:] for r in rows} == expected
    spending = page.eval("document.querySelector('[data-figure=county-spending]').textContent")
    assert spending == fmt_wan(total(d.budget.figures.total for d in deps))


def test_department_figures_read_back(browser: Browser, built: tuple[Path, tuple[SiteDepartment, ...]]) -> None:
    site, deps = built
    dep = next(d for d in deps if d.budget.department.code == "702")
    b = dep.budget
    page = open_page(browser, (site / "702-2020.html").as_uri(), DESKTOP)
    cards = page.eval(
        "Object.fromEntries([...document.querySelectorAll('[data-figure]')]"
        ".map(e => [e.dataset.figure, e.textContent]))"
    )
    assert cards["spending"] == fmt_wan(b.figures.total)
    assert cards["income"] == fmt_wan(b.income.total)
    assert cards["basic"] == fmt_wan(b.figures.basic)
    assert cards["project"] == fmt_wan(b.figures.project)
    assert cards["sangong"] == fmt_wan(sangong_headline(b)[0].total)
    assert cards["running"] == fmt_wan(b.running_cost)
    # The narrative: the same paragraphs, in the same order, as the .docx is written from.
    texts = page.eval("[...document.querySelectorAll('#narrative > *')].map(e => e.textContent)")
    assert texts == [blk.text for blk in dep.blocks]
    # Every annex table: every number cell of the layout, in order, as the workbook has it.
    tables = page.eval(
        "[...document.querySelectorAll('table.annex-table')].map(t =>"
        " [...t.tBodies[0].querySelectorAll('td.num')].map(c => c.textContent))"
    )
    assert len(tables) == len(dep.sheets)
    for cells, sheet in zip(tables, dep.sheets, strict=True):
        numeric = sorted(
            (c for c in sheet.cells if c.style.removesuffix("_total") in {"amount", "decimal", "count"}),
            key=lambda c: (c.row, c.col),
        )
        assert cells == [shown(c.value, c.style) for c in numeric], sheet.name
    first = page.eval("document.querySelector('table.annex-table td.num').textContent")
    assert first == fmt_yuan(b.income.total)
    # Each chart draws the page's own 万元 strings as its labels (not re-rounded numbers).
    for chart in dep_charts(b):
        drawn = page.eval(f"[...document.querySelectorAll('#{chart.anchor} svg text')].map(t => t.textContent)")
        values = {fmt_wan(v) for _, row in chart.rows for v in row if v is not None}
        assert values <= set(drawn), (chart.anchor, values - set(drawn))
    # The 三公 chart's table: parts this year, total with last year beside it.
    sangong = page.eval("[...document.querySelectorAll('#chart-sangong tbody tr')].map(r => r.textContent)")
    sg = sangong_headline(b)[0]
    assert sangong[-1] == f"合计{fmt_wan(sg.total)}{fmt_wan(b.sangong_change.prior) if b.sangong_change else '—'}"


def test_search_and_sort(browser: Browser, built: tuple[Path, tuple[SiteDepartment, ...]]) -> None:
    site, deps = built
    page = open_page(browser, (site / "index.html").as_uri(), DESKTOP)
    visible = "[...document.querySelectorAll('table.deps tbody tr')].filter(r => !r.hidden).map(r => r.dataset.name)"
    assert len(page.eval(visible)) == len(deps)
    search = (
        "(q => { q.value = %s; q.dispatchEvent(new Event('input')); })(document.querySelector('input[type=search]'))"
    )
    page.eval(search % "'第12'")
    assert page.eval(visible) == ["通道县政务服务中心第12分中心"]
    assert page.eval("document.querySelector('.count').textContent") == "找到 1 个部门"
    page.eval(search % "'71'")
    assert len(page.eval(visible)) == 3  # codes 711, 712, 713
    page.eval(search % "''")
    page.eval("document.querySelector('table.deps thead th button').click()")
    names = page.eval(visible)
    assert page.eval("document.querySelector('table.deps thead th').getAttribute('aria-sort')") == "ascending"
    page.eval("document.querySelector('table.deps thead th button').click()")
    assert page.eval(visible) == list(reversed(names))


def test_usable_without_javascript(browser: Browser, built: tuple[Path, tuple[SiteDepartment, ...]]) -> None:
    site, deps = built
    page = open_page(browser, (site / "index.html").as_uri(), DESKTOP, scripts=False)
    assert page.eval("document.querySelector('.search').hidden") is True
    assert page.eval("document.querySelectorAll('table.deps tbody tr').length") == len(deps)
    page = open_page(browser, (site / "702-2020.html").as_uri(), PHONE, scripts=False)
    assert page.eval("document.querySelectorAll('figure.chart table').length") == 4
    assert page.eval("[...document.querySelectorAll('.chart-canvas')].every(c => c.offsetHeight === 0)")
    assert page.eval("document.querySelectorAll('table.annex-table').length") == len(deps[0].sheets)


def test_screenshots(
    browser: Browser, built: tuple[Path, object], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    shots = {}
    for name, stem in (("index.html", "site-index"), ("702-2020.html", "site-department")):
        for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
            page = open_page(browser, (built[0] / name).as_uri(), size)
            path = tmp_path / f"{stem}-{suffix}.png"
            page.screenshot(path)
            data = path.read_bytes()
            assert data.startswith(b"\x89PNG") and len(data) > 10_000
            shots[path.name] = path
    if request.config.getoption("--update-golden"):
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        for name, path in shots.items():
            shutil.copyfile(path, DOCS_IMG / name)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built: tuple[Path, object]) -> Iterator[str]:
    """The output folder served over HTTP on localhost, as a web server would."""
    handler = functools.partial(_QuietHandler, directory=str(built[0].parent))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/site/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_served_by_a_web_server(browser: Browser, server: str) -> None:
    page = open_page(browser, server + "702-2020.html", DESKTOP)
    assert page.errors() == []
    statuses = page.eval(
        "Promise.all([...document.querySelectorAll('.downloads a, #downloads a, .crumbs a')]"
        ".map(a => fetch(a.href, {method: 'HEAD'}).then(r => [a.getAttribute('href'), r.status])))",
        await_promise=True,
    )
    assert len(statuses) == 10 and all(status == 200 for _, status in statuses), statuses


def test_numbers_sort_as_numbers(
    browser: Browser, built: tuple[Path, tuple[SiteDepartment, ...]], tmp_path: Path
) -> None:
    """Totals of very different size (and a negative change) sort by value, not as text."""
    deps = built[1][:3]
    varied = []
    for dep, amount in zip(deps, ("9000000.00", "10000000.00", "-500.00"), strict=True):
        figures = dataclasses.replace(dep.budget.figures, total=Decimal(amount))
        varied.append(dataclasses.replace(dep, budget=dataclasses.replace(dep.budget, figures=figures)))
    for rel, data in build_site(tuple(varied)).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    page = open_page(browser, (tmp_path / "index.html").as_uri(), DESKTOP)
    page.eval("document.querySelectorAll('table.deps thead th button')[2].click()")  # 支出合计
    cells = "[...document.querySelectorAll('table.deps tbody [data-field=spending]')]"
    assert page.eval(cells + ".map(c => c.textContent)") == ["-0.05", "900.00", "1000.00"]


def test_prints_every_table_within_its_paper(browser: Browser, built: tuple[Path, tuple[SiteDepartment, ...]]) -> None:
    """Printed, each annex table fits the width of the paper the workbook prints it on."""
    url = (built[0] / "702-2020.html").as_uri()
    dep = next(d for d in built[1] if d.budget.department.code == "702")
    # Printable width in CSS px with 10 mm margins, and page sizes in pt.
    printable_px = {"a4-landscape": 1047, "a4-portrait": 718, "a3-landscape": 1512, "a3-portrait": 1047}
    used = {f"{s.setup.paper}-{s.setup.orientation}".lower() for s in dep.sheets}
    for paper in sorted(used):
        page = Page(browser, printable_px[paper], 800)
        page.send("Emulation.setEmulatedMedia", {"media": "print"})
        page.goto(url)
        widths = page.eval(
            f"[...document.querySelectorAll('.annex.paper-{paper}')]"
            ".map(a => [a.id, a.querySelector('table').scrollWidth, a.clientWidth])"
        )
        assert widths, paper
        assert [w for w in widths if w[1] > w[2] + 1] == [], paper
    page = open_page(browser, url, DESKTOP)
    pdf = base64.b64decode(page.send("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    papers = {"a4-portrait": (595, 842), "a4-landscape": (842, 595)}
    papers |= {"a3-landscape": (1191, 842), "a3-portrait": (842, 1191)}

    def paper_of(box: bytes) -> str:
        w, h = (float(v) for v in box.split()[2:])
        return next((name for name, (pw, ph) in papers.items() if abs(w - pw) < 2 and abs(h - ph) < 2), f"{w}x{h}")

    found = {paper_of(box) for box in re.findall(rb"/MediaBox \[([^\]]*)\]", pdf)}
    assert found == used | {"a4-portrait"}  # the page itself prints on A4 portrait
