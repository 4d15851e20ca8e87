"""Browser check of the translation review (issue 10): the queue of Lao texts, a translator's
proposal, the four-eyes rule, a second translator's approval reaching the portal at once,
Lao collation of the lists, and the Secretariat's settings page in Lao.

Needs a running `pasan serve --demo` at PASAN_BASE_URL; scripts/test provides one.

The demo database is shared by every browser test. Only indicator 18.2.1's Lao title is
changed here (no other browser test asserts its Lao), and the tests that depend on the
proposal make it themselves when it is missing, so that any one of them can run alone.
"""

from __future__ import annotations

import csv
import pathlib
import re
import unicodedata
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from test_portal import sign_in

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "Sources/PasanReferenceData/Resources"

TRANSLATOR = "translator.lsb@pasan.demo"
REVIEWER = "reviewer.lsb@pasan.demo"
OFFICER = "officer@pasan.demo"

EDITED = "18.2.1"  # the one text these tests change
NEW_TITLE = "ເປີເຊັນຂອງເຂດອັນຕະລາຍສູງທີ່ຍັງເຫຼືອຕ້ອງເກັບກູ້ (ທົດສອບ)"
NOTE = "Browser check: ແຈ້ງ (clear, obvious) replaced by ເກັບກູ້ (to clear UXO)"

# The interface texts the tests look for (msgid of po/translations and po/settings).
PROPOSED_NOTICE = "Your proposal is recorded"
OWN_PROPOSAL_NOTE = "Your own proposal: another reviewer decides it."
FOUR_EYES_REFUSAL = "You proposed this text: a second reviewer must approve it (four eyes)."
APPROVED_NOTICE = "Approved: the portal shows the new text."
PASAN_DEFAULT_LO = "ຄ່າເລີ່ມຕົ້ນຂອງປະສານ (ກອງເລຂາ ຍັງບໍ່ໄດ້ກຳນົດ)"  # settings.origin.pasan
SECRETARIAT_LO = "ກຳນົດໂດຍກອງເລຂາ"  # settings.origin.secretariat(Short)

# The 18 province names in ICU's Lao order: copied from Tests/PasanDomainTests/LaoTextTests.swift
# (LaoCollationTests.provincesByICU), where a colleague took them from ICU 72.1 through PyICU
# (`sorted(names, key=Collator.createInstance(Locale("lo")).getSortKey)`). It is the Unicode
# order with ສ right after ຈ, the preposed vowels ເ ແ ໂ ໃ ໄ sorting by the consonant that
# follows them, and ໜ/ໝ as ຫນ/ຫມ. Code-point order differs (every ເ/ໄ name last, ສ after ວ).
# (Re-checked against the name_lo column of lao/lao_provinces.csv with PyICU 72.1 when this test was written.)
PROVINCES_BY_ICU_LAO = [
    "ຄຳມ່ວນ", "ຈຳປາສັກ", "ສະຫວັນນະເຂດ", "ສາລະວັນ", "ຊຽງຂວາງ", "ເຊກອງ", "ໄຊສົມບູນ", "ໄຊຍະບູລີ", "ນະຄອນຫຼວງວຽງຈັນ",
    "ບໍ່ແກ້ວ", "ບໍລິຄຳໄຊ", "ຜົ້ງສາລີ", "ວຽງຈັນ", "ຫົວພັນ", "ຫຼວງນ້ຳທາ", "ຫຼວງພະບາງ", "ອັດຕະປື", "ອຸດົມໄຊ",
]  # fmt: skip


def same_text(a: str, b: str) -> bool:
    """Equal once spaces are trimmed and spellings unified (NFKC: ໍ + າ and ຳ, ຫນ and ໜ are one)."""
    norm = lambda s: unicodedata.normalize("NFKC", s or "").strip()  # noqa: E731
    return norm(a) == norm(b)


def reference_text(level: str, code: str) -> tuple[str, str]:
    """English and Lao of a Goal 18 title as shipped: lao/sdg18_targets_indicators.csv, with
    Pasan's correction from pasan/lao_corrections.csv when there is one (what the portal shows
    before any review)."""
    with open(RESOURCES / "lao/sdg18_targets_indicators.csv", encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["level"] == level and r["code"] == code)
    english, lao = row["text_en"], row["text_lo"]
    with open(RESOURCES / "pasan/lao_corrections.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["kind"] == level and r["key"] == code:
                lao = r["lao_after"]
    return english, lao


def own_text(driver, element) -> str:
    """The element's text without the machine-translation mark and glossary notes inside it."""
    return driver.execute_script(
        """
        const copy = arguments[0].cloneNode(true);
        copy.querySelectorAll('.mt-mark, .glossary-flag, .pending').forEach(e => e.remove());
        return copy.textContent.replace(/\\s+/g, ' ').trim();
        """,
        element,
    )


def portal_title(page, code: str):
    """The <h1> of the Lao indicator page: (title text without code and mark, has the MT mark)."""
    page.open(f"/lo/indicators/{code}")
    h1 = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".indicator-header h1")))
    title = own_text(page.driver, h1)
    assert title.startswith(code), f"the <h1> of /lo/indicators/{code} is {title!r}"
    return title[len(code) :].strip(), bool(h1.find_elements(By.CSS_SELECTOR, ".mt-mark"))


def proposal_article(page, code: str):
    """The review page's <article> for indicator `code`, or None."""
    for article in page.driver.find_elements(By.CSS_SELECTOR, "article.proposal"):
        href = article.find_element(By.CSS_SELECTOR, "h2 a").get_attribute("href") or ""
        if urllib.parse.urlsplit(href).path.endswith(f"/translations/indicator/{code}"):
            return article
    return None


def propose(page, code: str, lao: str, note: str = "") -> None:
    """On the item page (signed in as a translator): type `lao` and propose it."""
    page.open(f"/en/translations/indicator/{code}")
    textarea = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "textarea[name=lo]")))
    textarea.clear()
    textarea.send_keys(lao)
    assert textarea.get_attribute("value") == lao, "Chromium did not type the Lao text as given"
    form = textarea.find_element(By.XPATH, "./ancestor::form")
    if note:
        form.find_element(By.NAME, "note").send_keys(note)
    button = form.find_element(By.XPATH, ".//button[@type='submit' and normalize-space()='Propose for review']")
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    page.wait().until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice.ok"), PROPOSED_NOTICE))


def ensure_proposal(page) -> None:
    """Makes the translator's proposal for 18.2.1 unless it exists or was approved already
    (so that each test below can also run alone)."""
    title, _ = portal_title(page, EDITED)
    if same_text(title, NEW_TITLE):
        return
    sign_in(page, TRANSLATOR)
    page.open("/en/translations/review")
    article = proposal_article(page, EDITED)
    if article is None or not same_text(article.find_element(By.CSS_SELECTOR, "dd.proposed").text, NEW_TITLE):
        propose(page, EDITED, NEW_TITLE, NOTE)


@pytest.fixture(autouse=True)
def _signed_out_afterwards(driver):
    """The browser is shared: leave it signed out for whatever test comes next."""
    yield
    driver.delete_all_cookies()


# ----------------------------------------------------------------------------- the queue


def test_translator_queue_shows_goal_18_indicators(page):
    english, lao = reference_text("indicator", "18.1.1")
    sign_in(page, TRANSLATOR)
    page.open("/en/translations?kind=indicator&goal=18")
    link = page.wait().until(
        EC.presence_of_element_located((By.CSS_SELECTOR, 'table.translation-queue a[href="/en/translations/indicator/18.1.1"]'))
    )
    # The filter holds: every row is an indicator of Goal 18.
    hrefs = [a.get_attribute("href") for a in page.driver.find_elements(By.CSS_SELECTOR, "table.translation-queue tbody td:first-child a")]
    paths = [urllib.parse.urlsplit(h).path for h in hrefs]
    assert paths and all(p.startswith("/en/translations/indicator/18.") for p in paths), paths

    cells = link.find_element(By.XPATH, "./ancestor::tr").find_elements(By.TAG_NAME, "td")
    assert same_text(cells[1].text, english), f"English of 18.1.1 in the queue: {cells[1].text!r}"
    assert cells[2].get_attribute("lang") == "lo"
    shown_lao = own_text(page.driver, cells[2])
    assert same_text(shown_lao, lao), f"Lao of 18.1.1 in the queue: {shown_lao!r}, expected {lao!r}"
    page.screenshot("translations-queue-indicator-goal18-en.png")


# ----------------------------------------------------------------- propose, four eyes, approve


def test_translator_proposes_a_lao_title(page):
    _, old_lao = reference_text("indicator", EDITED)
    # Before: the portal shows the machine translation, marked as such.
    title, marked = portal_title(page, EDITED)
    assert same_text(title, old_lao), f"/lo/indicators/{EDITED} shows {title!r}, expected the shipped {old_lao!r}"
    assert marked, f"/lo/indicators/{EDITED}: no machine-translation mark next to the unreviewed title"

    sign_in(page, TRANSLATOR)
    page.open(f"/en/translations/indicator/{EDITED}")
    current = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "dl.translation-texts dd[lang=lo]")))
    assert same_text(current.text, old_lao)
    propose(page, EDITED, NEW_TITLE, NOTE)

    assert urllib.parse.urlsplit(page.driver.current_url).path == f"/en/translations/indicator/{EDITED}"
    pending = page.driver.find_element(By.XPATH, "//div[contains(@class, 'notice')][.//a[contains(@href, '/translations/review')]]")
    assert TRANSLATOR in pending.text and "second reviewer" in pending.text, pending.text  # the proposer by e-mail
    assert same_text(pending.find_element(By.CSS_SELECTOR, "p[lang=lo]").text, NEW_TITLE)
    # The Lao in force is still the old one; the history lists the proposal as pending.
    assert same_text(page.driver.find_element(By.CSS_SELECTOR, "dl.translation-texts dd[lang=lo]").text, old_lao)
    history = page.driver.find_element(By.XPATH, "//section[h2[normalize-space()='History']]//tbody").text
    assert "Waiting for a second reviewer" in history, history
    page.screenshot(f"translation-{EDITED}-proposed-en.png")

    # The portal does not show a proposal.
    title, marked = portal_title(page, EDITED)
    assert same_text(title, old_lao) and marked, f"after the proposal the portal shows {title!r} (mark: {marked})"


def test_four_eyes_the_proposer_cannot_approve(page):
    ensure_proposal(page)
    # The second translator's view carries the decision form; its address names the proposal.
    sign_in(page, REVIEWER)
    page.open("/en/translations/review")
    article = proposal_article(page, EDITED)
    assert article is not None, "the second translator does not see the proposal for 18.2.1"
    action = article.find_element(By.XPATH, ".//form[.//button[normalize-space()='Approve']]").get_attribute("action")
    decision_path = urllib.parse.urlsplit(action).path
    assert re.fullmatch(r"/en/translations/review/\d+", decision_path), decision_path

    # The proposer sees the proposal with a note and no buttons.
    sign_in(page, TRANSLATOR)
    page.open("/en/translations/review")
    article = proposal_article(page, EDITED)
    assert article is not None, "the translator does not see their own proposal on the review page"
    assert same_text(article.find_element(By.CSS_SELECTOR, "dd.proposed").text, NEW_TITLE)
    assert article.find_elements(By.TAG_NAME, "button") == [], "the proposer is offered buttons on their own proposal"
    assert article.find_elements(By.TAG_NAME, "form") == []
    assert OWN_PROPOSAL_NOTE in article.find_element(By.CSS_SELECTOR, "p.hint").text
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", article)
    page.screenshot("translations-review-own-proposal-en.png")

    # Posting the decision anyway (a forged form with the translator's own CSRF token) is refused.
    page.open(f"/en/translations/indicator/{EDITED}")
    token = page.wait().until(EC.presence_of_element_located((By.NAME, "_csrf"))).get_attribute("value")
    page.driver.execute_script(
        """
        const form = document.createElement('form');
        form.method = 'post';
        form.action = arguments[0];
        for (const [name, value] of [['_csrf', arguments[1]], ['decision', 'approve']]) {
          const input = document.createElement('input');
          input.type = 'hidden'; input.name = name; input.value = value;
          form.appendChild(input);
        }
        document.body.appendChild(form);
        form.submit();
        """,
        decision_path,
        token,
    )
    error = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice.error")))
    assert FOUR_EYES_REFUSAL in error.text, error.text
    article = proposal_article(page, EDITED)
    assert article is not None, "the refused self-approval removed the proposal from the review page"
    title, marked = portal_title(page, EDITED)
    assert not same_text(title, NEW_TITLE) and marked, "the proposer's own approval reached the portal"


# What the approving translator's browser showed on a plain visit of the portal page right after
# the approval (checked by test_approving_browser_shows_the_new_text_at_once below).
SEEN_AFTER_APPROVAL: dict = {}


def test_second_translator_approves_and_the_portal_shows_it_unmarked(page):
    ensure_proposal(page)
    sign_in(page, REVIEWER)
    # The second translator looks at the page in the portal first, then approves.
    portal_title(page, EDITED)
    page.open("/en/translations/review")
    article = proposal_article(page, EDITED)
    if article is not None:  # not yet approved (it is unless this test ran before on this server)
        assert same_text(article.find_element(By.CSS_SELECTOR, "dd.proposed").text, NEW_TITLE)
        button = article.find_element(By.XPATH, ".//button[normalize-space()='Approve']")
        page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
        button.click()
        page.wait().until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice.ok"), APPROVED_NOTICE))
        assert proposal_article(page, EDITED) is None, "the approved proposal is still listed for review"
        # Back to the portal page as the translator would go (a plain visit, the browser's cache in use).
        title, marked = portal_title(page, EDITED)
        SEEN_AFTER_APPROVAL.update(title=title, marked=marked)
        page.screenshot(f"indicator-{EDITED}-lo-approved-browser-cache.png")

    # The server shows it at once, without the machine-translation mark (what the server sends:
    # the browser's HTTP cache emptied first; see test_approving_browser_shows_the_new_text_at_once).
    page.driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    title, marked = portal_title(page, EDITED)
    assert same_text(title, NEW_TITLE), f"/lo/indicators/{EDITED} shows {title!r} after the approval"
    assert not marked, f"/lo/indicators/{EDITED}: the reviewed title still carries the machine-translation mark"
    assert page.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "lo"
    page.screenshot(f"indicator-{EDITED}-lo-approved.png")

    # So does Goal 18's list of indicators.
    page.open("/lo/goals/18")
    link = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, f'.indicator-list a[href="/lo/indicators/{EDITED}"]')))
    assert same_text(own_text(page.driver, link), f"{EDITED} {NEW_TITLE}"), link.text
    assert link.find_elements(By.CSS_SELECTOR, ".mt-mark") == [], "Goal 18's list still marks the reviewed title"

    # The text has left the queue of texts to review and its page records the decision.
    sign_in(page, TRANSLATOR)
    page.open("/en/translations?kind=indicator&goal=18")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.translation-queue")))
    assert not page.driver.find_elements(By.CSS_SELECTOR, f'table.translation-queue a[href="/en/translations/indicator/{EDITED}"]')
    page.open(f"/en/translations/indicator/{EDITED}")
    texts = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "dl.translation-texts")))
    assert same_text(texts.find_element(By.CSS_SELECTOR, "dd[lang=lo]").text, NEW_TITLE)
    assert "Reviewed" in texts.text, texts.text
    history = page.driver.find_element(By.XPATH, "//section[h2[normalize-space()='History']]//tbody").text
    assert f"Approved by {REVIEWER}" in history, history


def test_approving_browser_shows_the_new_text_at_once(base_url):
    """Portal pages are sent with `Cache-Control: public, no-cache` (revalidated with their ETag), so
    the approving translator's own browser shows the new text at once, not a minute later."""
    if not SEEN_AFTER_APPROVAL:
        pytest.skip("needs test_second_translator_approves_and_the_portal_shows_it_unmarked to approve first")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{base_url}/lo/indicators/{EDITED}", timeout=20) as response:
        cache_control = response.headers.get("Cache-Control")
    seen = SEEN_AFTER_APPROVAL
    assert same_text(seen["title"], NEW_TITLE) and not seen["marked"], (
        f"right after the approval the approving translator's browser showed /lo/indicators/{EDITED} as "
        f"{seen['title']!r} (machine-translation mark: {seen['marked']}); the page is sent with "
        f"Cache-Control: {cache_control}"
    )


# ---------------------------------------------------------------------------- Lao collation


def province_names(page) -> list[str]:
    page.open("/lo/places")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "table tbody tr")))
    links = page.driver.find_elements(By.CSS_SELECTOR, 'table tbody a[href^="/lo/places/"]')
    return [own_text(page.driver, a) for a in links]


def test_places_lists_the_18_provinces_in_lao(page):
    names = province_names(page)
    assert sorted(names) == sorted(PROVINCES_BY_ICU_LAO), f"/lo/places lists {names}"


def test_places_sorts_provinces_by_lao_collation(page):
    names = province_names(page)
    assert names == PROVINCES_BY_ICU_LAO, f"/lo/places order: {names}"


# ------------------------------------------------------------------------- settings in Lao


# Pasan's own values (PasanDefaults.pasan), as the form shows them.
PASAN_DEFAULT_VALUES = {"minimum_notice": "30", "reminder_days": "14, 7, 1", "owner_deadline": "09-30", "lao_digits": "arabic"}

# The hint of a setting: inside its .field box, or the element right after the box.
HINT_XPATH = (
    "./ancestor::div[contains(concat(' ', @class, ' '), ' field ')][1]//*[contains(concat(' ', @class, ' '), ' hint ')]"
    " | ./ancestor::div[contains(concat(' ', @class, ' '), ' field ')][1]"
    "/following-sibling::*[1][contains(concat(' ', @class, ' '), ' hint ')]"
)


def test_settings_in_lao_mark_pasans_defaults(page):
    sign_in(page, OFFICER)
    page.open("/lo/admin/settings")
    assert page.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "lo"
    form = page.wait().until(EC.presence_of_element_located((By.XPATH, "//form[@method='post' and contains(@action, '/admin/settings')]")))
    controls = [
        c
        for c in form.find_elements(By.CSS_SELECTOR, "input, select, textarea")
        if (c.get_attribute("type") or "") not in ("hidden", "submit", "button")
    ]
    names = [c.get_attribute("name") for c in controls]
    assert {"minimum_notice", "reminder_days", "owner_deadline"} <= set(names), names
    for control, name in zip(controls, names):
        if name in PASAN_DEFAULT_VALUES:
            assert control.get_attribute("value") == PASAN_DEFAULT_VALUES[name], f"{name} = {control.get_attribute('value')!r}"
        hints = [h.text.strip() for h in control.find_elements(By.XPATH, HINT_XPATH)]
        assert hints, f"/lo/admin/settings: {name} does not say whose value it is"
        assert hints == [PASAN_DEFAULT_LO], f"/lo/admin/settings: {name} says {hints!r}"
    body = page.driver.find_element(By.TAG_NAME, "body").text
    assert SECRETARIAT_LO not in body, "a setting is said to be the Secretariat's on a fresh demo database"
    assert "Pasan's default" not in body and "Pasan’s default" not in body, "English wording on the Lao settings page"
    page.screenshot("settings-lo.png")
