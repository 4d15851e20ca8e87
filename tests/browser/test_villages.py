"""Browser check of issue 14: who does what where (activities, overlaps, their map), a village's
page on a phone, a district's bulletin (printable, Lao and English), a reporting chain's unit.

The demo (`pasan serve --demo`) holds illustrative activities with overlaps in Savannakhet:
MOH and LWU in village 1302001 (target 3.1), MOES and an outside organisation in 1302002.
"""

from __future__ import annotations

import base64
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from test_accessibility import OVERFLOW_JS
from test_portal import sign_in

OVERLAP_VILLAGE = "1302001"
DISTRICT = "1302"


@pytest.mark.parametrize("lang", ["en", "lo"])
def test_overlap_map_and_list(page, lang):
    page.open(f"/{lang}/overlaps")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".overlap-map svg")))
    shaded = page.driver.find_elements(By.CSS_SELECTOR, f".overlap-map svg a[href$='/places/{DISTRICT}'] path:not(.no-value)")
    assert shaded, "Outhoomphone district (1302) is not shaded on the overlap map"
    # The legend's swatches are coloured by the stylesheet (the CSP refuses inline styles).
    colours = page.driver.execute_script(
        "return [...document.querySelectorAll('.map-legend .swatch:not(.no-value)')].map(e => getComputedStyle(e).backgroundColor)"
    )
    assert colours and all(c not in ("rgba(0, 0, 0, 0)", "transparent") for c in colours), colours
    text = page.driver.find_element(By.TAG_NAME, "main").text
    assert "LA-PASAN-MOH-1" in text or "LA-PASAN-LWU-1" in text or "1302001" in page.driver.page_source
    links = [a.get_attribute("href") or "" for a in page.driver.find_elements(By.CSS_SELECTOR, ".overlap-villages a")]
    assert any(h.endswith(f"/{lang}/places/{OVERLAP_VILLAGE}") for h in links), links
    page.screenshot(f"overlaps-map-{lang}.png")


def check_at_width(page, path, width, name):
    driver = page.driver
    size = driver.get_window_size()
    driver.set_window_size(width, 800)
    try:
        page.open(path)
        result = driver.execute_script(OVERFLOW_JS)
        page.screenshot(name)
        assert result["scrollWidth"] <= result["width"] + 1 and result["wide"] == [], f"{path} at {width}px: {result}"
    finally:
        driver.set_window_size(size["width"], size["height"])


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_village_page_on_a_phone(page, lang):
    # A village chief's or a district officer's phone: 360 px wide.
    check_at_width(page, f"/{lang}/places/{OVERLAP_VILLAGE}", 360, f"phone-360-village-{OVERLAP_VILLAGE}-{lang}.png")
    source = page.driver.page_source
    assert "LA-PASAN-MOH-1" in source or "/activities/" in source, "the village page lists no activity"
    overlaps = [a.get_attribute("href") or "" for a in page.driver.find_elements(By.CSS_SELECTOR, "a")]
    assert any(re.search(rf"/{lang}/overlaps/\d+$", h) for h in overlaps), "the village page links no overlap"


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_district_bulletin_prints_on_one_a4_page(page, lang):
    page.open(f"/{lang}/places/{DISTRICT}/bulletin")
    page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, ".bulletin")))
    assert page.driver.find_elements(By.CSS_SELECTOR, ".bulletin-indicator"), "the bulletin shows no indicator"
    page.screenshot(f"bulletin-{DISTRICT}-{lang}.png")
    pdf = page.driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF")
    sizes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", data)
    assert sizes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in sizes), sizes
    assert len(sizes) == 1, f"the bulletin prints on {len(sizes)} pages, not one"
    (page.screenshot_dir / f"bulletin-{DISTRICT}-{lang}.pdf").write_bytes(data)


def test_activity_registry_lists_the_demo(page):
    page.open("/en/activities")
    page.wait().until(EC.presence_of_element_located((By.TAG_NAME, "table")))
    assert "LA-PASAN-LWU-1" in page.driver.page_source or "mothers" in page.driver.page_source
    page.screenshot("activities-en.png")


def test_chain_unit_on_a_phone(page):
    # Vientiane Capital's subnational focal point opens a unit of the demo school census.
    sign_in(page, "vientiane.capital@pasan.demo")
    try:
        page.open("/en/chains")
        link = page.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "main a[href*='/chains/']")))
        chain = re.search(r"/chains/(\d+)", link.get_attribute("href")).group(1)
        page.open(f"/en/chains/{chain}")
        units = [a.get_attribute("href") or "" for a in page.driver.find_elements(By.CSS_SELECTOR, "main a[href*='/units/']")]
        village = next((h for h in units if re.search(r"/units/\d{7}$", h)), None) or next(h for h in units if "/units/" in h)
        path = re.sub(r"^https?://[^/]+", "", village)
        check_at_width(page, path, 360, "phone-360-chain-unit-en.png")
        check_at_width(page, path.replace("/en/", "/lo/", 1), 360, "phone-360-chain-unit-lo.png")
        page.open(path + "/form")
        page.screenshot("chain-paper-form-en.png")
    finally:
        page.driver.delete_all_cookies()
