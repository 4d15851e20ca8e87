"""Browser check of the public portal, as a visitor sees it (server-rendered HTML).

Needs a running `pasan serve --demo` at PASAN_BASE_URL; scripts/test provides one.
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

GOAL_COUNT = 18  # the 17 SDGs plus Lao PDR's national goal 18

# Waits for every web font the page asked for, then reports whether the Lao face is
# usable and which FontFaces exist (for the assertion message).
FONT_CHECK_JS = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const faces = [];
  document.fonts.forEach(f => faces.push({family: f.family, status: f.status}));
  done({check: document.fonts.check('16px "Noto Sans Lao"', 'ສ'), faces: faces});
}).catch(e => done({error: String(e)}));
"""


def lao_font_loaded(result: dict) -> bool:
    faces = result.get("faces") or []
    return bool(result.get("check")) and any(
        "Noto Sans Lao" in face["family"] and face["status"] == "loaded" for face in faces
    )


def goal_tiles(page):
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".goal-tile")))
    return page.driver.find_elements(By.CSS_SELECTOR, ".goal-tile")


def html_lang(page) -> str:
    return page.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") or ""


def h1_text(page, expected: str) -> str:
    page.wait().until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), expected))
    return page.driver.find_element(By.TAG_NAME, "h1").text


def test_home_lao(page):
    page.open("/lo/")
    assert page.driver.title.strip(), "the Lao home page has no <title>"
    assert len(goal_tiles(page)) == GOAL_COUNT
    assert html_lang(page) == "lo"

    # The Lao web font must really load (not just fall back to a system font).
    # Fonts load lazily after layout, so give it a few polls.
    results = []

    def font_ready(driver):
        result = driver.execute_async_script(FONT_CHECK_JS)
        results.append(result)
        return lao_font_loaded(result)

    try:
        page.wait().until(font_ready)
    except TimeoutException:
        pytest.fail(f"the Noto Sans Lao web font did not load; document.fonts said: {results[-1:]}")
    page.screenshot("home-lo.png")


def test_home_english(page):
    page.open("/en/")
    assert len(goal_tiles(page)) == GOAL_COUNT
    assert html_lang(page) == "en"
    page.screenshot("home-en.png")


@pytest.mark.parametrize("lang", ["en", "lo"])
def test_indicator_3_1_2(page, lang):
    page.open(f"/{lang}/indicators/3.1.2")
    assert "3.1.2" in h1_text(page, "3.1.2")
    page.screenshot(f"indicator-3.1.2-{lang}.png")


def test_national_indicator_18_1_1(page):
    page.open("/lo/indicators/18.1.1")
    assert "18.1.1" in h1_text(page, "18.1.1")
    page.screenshot("indicator-18.1.1-lo.png")


def test_language_switch(page):
    page.open("/lo/goals/3")
    link = page.wait().until(EC.element_to_be_clickable((By.CSS_SELECTOR, 'a[hreflang="en"]')))
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    page.wait().until(lambda d: urllib.parse.urlsplit(d.current_url).path.endswith("/en/goals/3"))
    page.wait().until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert page.driver.current_url.endswith("/en/goals/3")
    assert html_lang(page) == "en"
    page.screenshot("goal-3-en-after-switch.png")


def test_search_finds_indicator(page):
    page.open("/en/search?q=3.1.2")
    result = page.wait().until(
        EC.presence_of_element_located((By.CSS_SELECTOR, '.search-results a[href="/en/indicators/3.1.2"]'))
    )
    assert result.is_displayed()
    page.screenshot("search-3.1.2-en.png")


def test_unknown_page_is_404(page):
    url = page.url("/en/no-such-page")
    # Selenium cannot see the status code, so ask directly (no proxy: loopback only).
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as excinfo:
        opener.open(url, timeout=20)
    assert excinfo.value.code == 404

    page.open("/en/no-such-page")
    body = page.wait().until(EC.presence_of_element_located((By.TAG_NAME, "body")))
    assert "not found" in body.text.lower()
    page.screenshot("not-found-en.png")


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_moh_handbook(page, lang):
    page.open(f"/{lang}/institutions/MOH/handbook")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".duty")))
    duties = page.driver.find_elements(By.CSS_SELECTOR, ".duty h3 a")
    assert "3.1.2" in [d.text for d in duties]
    page.screenshot(f"handbook-moh-{lang}.png")


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_plan_and_its_report(page, lang):
    # The 9th NSEDP: outcomes, outputs and indicators with statuses; D3.4's values are the published
    # SDG 18.1.1 series'; the M&E report is printable (A4).
    page.open(f"/{lang}/plans/nsedp9")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".plan-framework .plan-outcome")))
    links = [a.get_attribute("href") for a in page.driver.find_elements(By.CSS_SELECTOR, "a")]
    assert any(h and h.endswith(f"/{lang}/plans/nsedp9/indicators/D3.4") for h in links)
    page.screenshot(f"plan-nsedp9-{lang}.png")
    page.open(f"/{lang}/plans/nsedp9/indicators/D3.4")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "svg.chart")))
    assert "_L_LA_180101_00" in page.driver.find_element(By.TAG_NAME, "main").text
    page.screenshot(f"plan-indicator-D3.4-{lang}.png")
    page.open(f"/{lang}/plans/nsedp9/report/2023")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.report-table")))
    page.screenshot(f"plan-report-nsedp9-2023-{lang}.png")
    pdf = page.driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF")
    sizes = set(re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", data))
    assert sizes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in sizes), sizes
    (page.screenshot_dir / f"plan-report-nsedp9-2023-{lang}.pdf").write_bytes(data)


def test_responsibilities_overview(page):
    page.open("/en/responsibilities")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "svg.flow-diagram")))
    page.screenshot("responsibilities-en.png")


def test_sign_in_form_round_trip(page):
    """A real browser posts the sign-in form (CSRF cookie and field) and gets the one message for bad credentials."""
    page.open("/en/sign-in")
    page.wait().until(EC.presence_of_element_located((By.NAME, "email"))).send_keys("nobody@example.la")
    page.driver.find_element(By.NAME, "password").send_keys("not the password")
    page.driver.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    alert = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice.error")))
    assert "e-mail or the password is wrong" in alert.text
    page.screenshot("sign-in-refused-en.png")


def demo_password(email: str) -> str:
    """The demo account's password, from the server's start-up output (shown once)."""
    import os
    import re

    log = open(os.environ["PASAN_SERVER_LOG"], encoding="utf-8").read()
    match = re.search(r"^\s+\S+\s+" + re.escape(email) + r"\s+(\S+)\s*$", log, re.M)
    assert match, f"no demo password for {email} in the server log"
    return match.group(1)


def test_data_entry_grid(page):
    """The MOH owner signs in, opens the demo cycle's 3.b.1 draft, types values into the grid and saves."""
    sign_in(page, "moh.owner@pasan.demo")

    # The open demo cycle is the newest one.
    link = page.wait().until(EC.presence_of_element_located((By.XPATH, "//a[contains(@href, '/requests/MOH') and contains(., 'Voluntary National Review')]")))
    href = link.get_attribute("href")
    cycle = href.split("/cycles/")[1].split("/")[0]
    page.open(f"/en/cycles/{cycle}/submissions/MOH/3.b.1")
    cell_2022 = page.wait().until(EC.presence_of_element_located((By.NAME, "v~SH_ACS_DTP3~LA~~2022")))
    cell_2023 = page.driver.find_element(By.NAME, "v~SH_ACS_DTP3~LA~~2023")
    cell_2022.clear()
    cell_2022.send_keys("85")
    cell_2023.send_keys("150")  # out of range for a percentage
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", cell_2023)
    page.driver.find_element(By.CSS_SELECTOR, "form.grid-form button[type=submit]").click()
    errors = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".import-problems")))
    assert "from 0 to 100" in errors.text
    page.screenshot("grid-error-en.png")

    page.driver.find_element(By.NAME, "v~SH_ACS_DTP3~LA~~2023").clear()
    page.driver.find_element(By.NAME, "v~SH_ACS_DTP3~LA~~2023").send_keys("86.5")
    page.driver.find_element(By.CSS_SELECTOR, "form.grid-form button[type=submit]").click()
    saved = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice.ok")))
    assert saved.is_displayed()
    assert page.driver.find_element(By.NAME, "v~SH_ACS_DTP3~LA~~2023").get_attribute("value") == "86.5"
    page.screenshot("grid-saved-en.png")


def sign_in(page, email):
    page.open("/en/")
    page.driver.delete_all_cookies()  # the browser is shared between tests: start signed out
    page.open("/en/sign-in")
    page.wait().until(EC.presence_of_element_located((By.NAME, "email"))).send_keys(email)
    page.driver.find_element(By.NAME, "password").send_keys(demo_password(email))
    page.driver.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    page.wait().until(lambda d: urllib.parse.urlsplit(d.current_url).path.endswith("/en/me"))


def test_cycle_dashboard_and_request_letter(page):
    sign_in(page, "officer@pasan.demo")
    page.open("/en/cycles")
    link = page.wait().until(EC.presence_of_element_located((By.XPATH, "//a[contains(., 'Voluntary National Review')]")))
    link.click()
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.dashboard")))
    assert "MOH" in page.driver.find_element(By.CSS_SELECTOR, "table.dashboard").text
    page.screenshot("cycle-dashboard-en.png")
    cycle = urllib.parse.urlsplit(page.driver.current_url).path.rstrip("/").split("/")[-1]
    page.open(f"/lo/cycles/{cycle}/requests/MOH")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".letter .duty")))
    page.screenshot("request-letter-moh-lo.png")


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_progress_views(page, lang):
    page.open(f"/{lang}/goals/18")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".indicator-list")))
    page.screenshot(f"goal-18-{lang}.png")
    page.open(f"/{lang}/indicators/18.2.2")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "svg.chart")))
    assert page.driver.find_elements(By.CSS_SELECTOR, "svg.area-map.choropleth"), "no province map on 18.2.2"
    assert page.driver.find_elements(By.CSS_SELECTOR, "table#data-table")
    page.screenshot(f"indicator-18.2.2-{lang}.png")
    page.open(f"/{lang}/progress")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.snapshot")))
    page.screenshot(f"progress-snapshot-{lang}.png")


def test_focal_point_proposal_confirmed_by_the_secretariat(page):
    """MOH's primary owner focal point proposes an alternate (no handover form for them); the Secretariat confirms."""
    sign_in(page, "moh.owner@pasan.demo")
    page.open("/en/admin/institutions/MOH/focal-points")
    page.wait().until(EC.presence_of_element_located((By.XPATH, "//h2[contains(., 'Propose a successor')]")))
    assert "Record the handover" not in page.driver.page_source
    form = page.driver.find_element(By.XPATH, "//form[contains(@action, '/focal-points/proposals')]")
    Select(form.find_element(By.NAME, "role")).select_by_value("owner")
    Select(form.find_element(By.NAME, "position")).select_by_value("alternate")
    Select(form.find_element(By.NAME, "user")).select_by_visible_text("Viewer (demo) <viewer@pasan.demo>")
    page.driver.execute_script("arguments[0].value = '2026-12-01'", form.find_element(By.NAME, "date"))
    form.find_element(By.NAME, "reason").send_keys("The alternate position is vacant")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    notice = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice.ok")))
    assert "Secretariat" in notice.text
    page.screenshot("focal-point-proposal-en.png")

    sign_in(page, "officer@pasan.demo")
    page.open("/lo/admin/institutions/MOH/focal-points")
    page.wait().until(EC.presence_of_element_located((By.XPATH, "//button[@value='confirm']")))
    page.screenshot("focal-point-proposal-secretariat-lo.png")
    page.driver.find_element(By.XPATH, "//button[@value='confirm']").click()
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice.ok")))
    assert "Viewer (demo)" in page.driver.find_element(By.TAG_NAME, "table").text


def test_legal_basis_register(page):
    """The Secretariat's register of legal instruments (issue 17): the demo's lapsed act is found,
    and a record whose end comes before its start is refused with its reason, in both languages."""
    sign_in(page, "officer@pasan.demo")
    page.open("/en/admin/legal-basis")
    h1_text(page, "Legal basis register")
    body = page.driver.find_element(By.TAG_NAME, "body").text
    assert "1234/MOES" in body and "No longer in force since" in body
    assert "MOES: obligations rest on 1234/MOES, not in force today." in body
    page.screenshot("legal-basis-en.png")
    page.driver.find_element(By.NAME, "number").send_keys("5/PM")
    set_date = "arguments[0].value = arguments[1]"  # a date field's typing order follows the browser's locale
    page.driver.execute_script(set_date, page.driver.find_element(By.NAME, "issued_on"), "2020-03-01")
    page.driver.find_element(By.NAME, "issuer").send_keys("Prime Minister's Office")
    page.driver.find_element(By.NAME, "title_en").send_keys("Decree on SDG data (browser test)")
    page.driver.find_element(By.NAME, "title_lo").send_keys("ດຳລັດວ່າດ້ວຍຂໍ້ມູນ SDG")
    page.driver.execute_script(set_date, page.driver.find_element(By.NAME, "valid_to"), "2019-01-01")
    page.driver.find_element(By.XPATH, "//button[contains(., 'Record')]").click()
    error = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice.error")))
    assert "is not after its start" in error.text
    page.open("/lo/admin/legal-basis")
    h1_text(page, "ທະບຽນພື້ນຖານທາງກົດໝາຍ")
    assert html_lang(page) == "lo"
    page.screenshot("legal-basis-lo.png")


def test_self_assessment_results(page):
    """The governance self-assessment (issue 17): the demo's national results over two rounds,
    public, in both languages, and one institution's answers."""
    page.driver.delete_all_cookies()
    page.open("/en/self-assessment")
    h1_text(page, "Governance self-assessment")
    body = page.driver.find_element(By.TAG_NAME, "body").text
    assert "2026 (demo)" in body and "National score over the rounds" in body
    assert len(page.driver.find_elements(By.CSS_SELECTOR, "table.scores svg.score-bar")) == 11
    page.screenshot("self-assessment-en.png")
    page.driver.find_element(By.PARTIAL_LINK_TEXT, "(MOH)").click()
    page.wait().until(EC.presence_of_element_located((By.ID, "competence")))
    assert "Illustrative plan (demo)" in page.driver.find_element(By.TAG_NAME, "body").text
    page.screenshot("self-assessment-moh-en.png")
    page.open("/lo/self-assessment")
    h1_text(page, "ການປະເມີນຕົນເອງດ້ານການປົກຄອງ")
    assert html_lang(page) == "lo"
    page.screenshot("self-assessment-lo.png")


@pytest.mark.parametrize("lang", ["en", "lo"])
def test_vnr_annex(page, lang):
    """The statistical annex of the demo's Voluntary National Review (issue 17): public, in both
    languages, every indicator of the goals listed ("no data" said plainly), Goal 18's series as
    tables, printed on A4 landscape pages, with the DOCX to download."""
    page.driver.delete_all_cookies()
    page.open(f"/{lang}/vnr/2026")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.overview")))
    assert html_lang(page) == lang
    articles = page.driver.find_elements(By.CSS_SELECTOR, "article.annex-indicator")
    ids = {a.get_attribute("id") for a in articles}
    assert {"i-6.1.1", "i-17.18.1", "i-18.1.1"} <= ids, sorted(ids)[:5]
    goal18 = page.driver.find_element(By.ID, "i-18.1.1")
    assert goal18.find_elements(By.CSS_SELECTOR, "table.series td.number")
    no_data = "No data: nothing is published" if lang == "en" else "ບໍ່ມີຂໍ້ມູນ: ບໍ່ມີຫຍັງເຜີຍແຜ່"
    assert no_data in page.driver.find_element(By.ID, "i-6.1.1").text
    link = page.driver.find_element(By.CSS_SELECTOR, f"a[href='/{lang}/vnr/2026/annex.docx']")
    assert link.is_displayed()
    page.screenshot(f"vnr-annex-{lang}.png")
    pdf = page.driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    data = base64.b64decode(pdf["data"])
    sizes = set(re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", data))
    assert sizes and all(abs(float(w) - 841.9) < 2 and abs(float(h) - 595.3) < 2 for w, h in sizes), sizes
    (page.screenshot_dir / f"vnr-annex-{lang}.pdf").write_bytes(data)


def test_capacity_and_individual_recognition(page):
    """Capacity (issue 17): the demo's training of trainers with its focal points, a person's
    record that follows them, and the individual recognition's certificate on one A4 page."""
    page.driver.delete_all_cookies()
    page.open("/en/capacity")
    h1_text(page, "Capacity: trainings and peer exchanges")
    body = page.driver.find_element(By.TAG_NAME, "body").text
    assert "Submitting SDG data through Pasan (demo)" in body and "Training of trainers" in body and "Peer exchange" in body
    page.screenshot("capacity-en.png")
    page.driver.find_element(By.PARTIAL_LINK_TEXT, "Submitting SDG data through Pasan").click()
    page.wait().until(EC.presence_of_element_located((By.PARTIAL_LINK_TEXT, "MOH owner focal point (demo)")))
    assert "Participants (3)" in page.driver.find_element(By.TAG_NAME, "main").text
    page.driver.find_element(By.PARTIAL_LINK_TEXT, "MOH owner focal point (demo)").click()
    h1_text(page, "Record of MOH owner focal point (demo)")
    record = page.driver.find_element(By.TAG_NAME, "main").text
    assert "Owner focal point, primary" in record and "Training of trainers: 3 days" in record
    page.screenshot("capacity-person-en.png")
    page.open("/lo/capacity")
    h1_text(page, "ການເສີມສ້າງຄວາມສາມາດ: ການຝຶກອົບຮົມ ແລະ ການແລກປ່ຽນ")
    page.screenshot("capacity-lo.png")
    page.open("/en/recognition")
    page.driver.find_element(By.LINK_TEXT, "Print the certificate").click()
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".certificate .name")))
    assert page.driver.find_element(By.CSS_SELECTOR, ".certificate .name").text == "MOH owner focal point (demo)"
    page.screenshot("certificate-en.png")
    pdf = base64.b64decode(page.driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the certificate prints on {pages} pages"
    (page.screenshot_dir / "certificate-en.pdf").write_bytes(pdf)


def test_readiness_questionnaire(page):
    """The institutional readiness questionnaire (issue 17): public results beside CEPA's, and
    MOH's focal point answering it with what Pasan knows of MOH beside the questions."""
    page.driver.delete_all_cookies()
    page.open("/en/self-assessment?questionnaire=institutional-readiness")
    page.wait().until(EC.presence_of_element_located((By.PARTIAL_LINK_TEXT, "Lao Statistics Bureau")))
    page.screenshot("readiness-results-en.png")
    sign_in(page, "moh.owner@pasan.demo")
    page.open("/en/self-assessment?questionnaire=institutional-readiness")
    page.driver.find_element(By.PARTIAL_LINK_TEXT, "Answer the questionnaire for Ministry of Health").click()
    known = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".pasan-knows")))
    assert known.text.startswith("Pasan knows:")
    page.screenshot("readiness-form-moh-en.png")


def test_leadership_brief(page):
    """The leadership brief (issue 17): the Steering Committee reads it in both languages, and it
    prints on one A4 page."""
    sign_in(page, "steering@pasan.demo")
    page.open("/en/brief")
    h1_text(page, "Leadership brief")
    body = page.driver.find_element(By.TAG_NAME, "body").text
    assert "Where each goal stands" in body and "Decisions pending" in body
    page.screenshot("brief-en.png")
    from selenium.webdriver.common.print_page_options import PrintOptions

    a4 = PrintOptions()
    a4.page_width, a4.page_height = 21.0, 29.7
    pdf = base64.b64decode(page.driver.print_page(a4))
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the brief prints on {pages} pages"
    page.open("/lo/brief")
    h1_text(page, "ບົດສະຫຼຸບສຳລັບຜູ້ນຳ")
    page.screenshot("brief-lo.png")
