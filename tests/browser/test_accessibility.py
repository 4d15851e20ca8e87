"""WCAG 2.1 AA checks the browser can make by itself, on the public pages a visitor reads.

- 1.4.3 Contrast (minimum): every piece of visible text against the background it is
  actually painted on (the first opaque background up the tree, alpha-blended), 4.5:1,
  or 3:1 for large text (24px, or 18.66px bold).
- 2.1.1 Keyboard / 2.4.7 Focus visible: tabbing from the top reaches the skip link first,
  then every link and control in document order, and each one shows a focus indicator.
- 1.1.1 / 4.1.2: every chart and map has an accessible name; every form control has a label.

Needs a running `pasan serve --demo` at PASAN_BASE_URL; scripts/test provides one.
"""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

PAGES = [
    "/{lang}/",
    "/{lang}/goals/18",
    "/{lang}/indicators/18.2.2",
    "/{lang}/indicators/3.1.2",
    "/{lang}/progress",
    "/{lang}/reporting-status",
    "/{lang}/data-availability",
    "/{lang}/methodology",
    "/{lang}/institutions/MOH/handbook",
    "/{lang}/sign-in",
    "/{lang}/plans/nsedp9",
    "/{lang}/plans/nsedp9/indicators/D3.4",
    "/{lang}/plans/nsedp9/harmonisation",
    "/{lang}/plans/nsedp9/report/2023",
    "/{lang}/vnr/2026",
    "/{lang}/capacity",
    "/{lang}/self-assessment",
]

# Returns one entry per text-bearing element whose contrast is below AA.
CONTRAST_JS = """
function parse(c) {
  const m = c.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return null;
  const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
}
function blend(top, bottom) {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return {r: 0, g: 0, b: 0, a: 0};
  const mix = k => (top[k] * top.a + bottom[k] * bottom.a * (1 - top.a)) / a;
  return {r: mix('r'), g: mix('g'), b: mix('b'), a: a};
}
function luminance(c) {
  const ch = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
}
function background(el) {
  // Layers from the element up to the root, blended over white (the canvas).
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.backgroundImage && s.backgroundImage !== 'none') return null;  // cannot judge an image
    const c = parse(s.backgroundColor);
    if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
  }
  let result = {r: 255, g: 255, b: 255, a: 1};
  for (let i = layers.length - 1; i >= 0; i--) result = blend(layers[i], result);
  return result;
}
const failures = [];
for (const el of document.querySelectorAll('body *')) {
  if (el.closest("svg")) continue;  // charts and maps carry their own accessible name (checked below)
  const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden' || s.display === 'none') continue;
  const box = el.getBoundingClientRect();
  if (box.width < 2 || box.height < 2) continue;   // visually hidden (e.g. the skip link at rest)
  const bg = background(el);
  if (!bg) continue;
  let fg = parse(s.color);
  fg = blend({...fg, a: fg.a * Number(s.opacity)}, bg);
  const l1 = luminance(fg), l2 = luminance(bg);
  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  const needed = large ? 3 : 4.5;
  if (ratio + 1e-6 < needed) {
    failures.push({tag: el.tagName.toLowerCase(), cls: el.className && String(el.className),
                   text: el.textContent.trim().slice(0, 40), color: s.color,
                   background: `rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)})`,
                   ratio: Math.round(ratio * 100) / 100, needed: needed});
  }
}
return failures;
"""

# Every focusable element, in document (= tab) order, as the keyboard should reach it.
FOCUSABLE_JS = """
const sel = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
return Array.from(document.querySelectorAll(sel)).filter(e => {
  const s = getComputedStyle(e);
  return s.display !== 'none' && s.visibility !== 'hidden' && !e.closest('[hidden]');
}).length;
"""

# What the focused element looks like: does it show a focus indicator?
FOCUS_STYLE_JS = """
const e = document.activeElement;
if (!e || e === document.body) return null;
const s = getComputedStyle(e);
const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
const shadow = s.boxShadow && s.boxShadow !== 'none';
return {tag: e.tagName.toLowerCase(), text: (e.textContent || e.name || '').trim().slice(0, 40),
        cls: String(e.className || ''), visible: outline || shadow};
"""

# Controls without a label and graphics without a name.
NAMES_JS = """
const missing = [];
for (const c of document.querySelectorAll('input:not([type=hidden]):not([type=submit]), select, textarea')) {
  const labelled = (c.id && document.querySelector(`label[for="${c.id}"]`)) || c.closest('label')
    || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby') || c.getAttribute('title');
  if (!labelled) missing.push(`${c.tagName.toLowerCase()}[name=${c.name}]`);
}
for (const g of document.querySelectorAll('svg')) {
  if (g.getAttribute('aria-hidden') === 'true') continue;
  const named = g.getAttribute('aria-label') || g.getAttribute('aria-labelledby') || g.querySelector('title');
  if (!named) missing.push(`svg.${g.getAttribute('class') || ''}`);
}
return missing;
"""


@pytest.mark.parametrize("lang", ["lo", "en"])
@pytest.mark.parametrize("template", PAGES)
def test_text_contrast_is_at_least_aa(page, template, lang):
    path = template.format(lang=lang)
    page.open(path)
    failures = page.driver.execute_script(CONTRAST_JS)
    assert failures == [], f"{path}: text below WCAG AA contrast: {failures[:5]}"


@pytest.mark.parametrize("template", PAGES)
def test_controls_and_graphics_are_named(page, template):
    path = template.format(lang="lo")
    page.open(path)
    missing = page.driver.execute_script(NAMES_JS)
    assert missing == [], f"{path}: without an accessible name: {missing}"


@pytest.mark.parametrize("path", ["/lo/indicators/18.2.2", "/en/progress", "/lo/sign-in"])
def test_keyboard_reaches_everything_with_a_visible_focus(page, path):
    page.open(path)
    count = page.driver.execute_script(FOCUSABLE_JS)
    assert count > 0
    seen = []  # a fresh page: the first Tab starts from the top of the document
    for _ in range(count):
        ActionChains(page.driver).send_keys(Keys.TAB).perform()
        state = page.driver.execute_script(FOCUS_STYLE_JS)
        assert state is not None, f"{path}: Tab left the page after {len(seen)} stops"
        seen.append(state)
    assert "skip-link" in seen[0]["cls"], f"{path}: the first Tab stop is {seen[0]}, not the skip link"
    invisible = [s for s in seen if not s["visible"]]
    assert invisible == [], f"{path}: focus not visible on {invisible[:5]}"


# The page itself must not scroll sideways on a phone (wide tables scroll inside their own box).
OVERFLOW_JS = """
const width = document.documentElement.clientWidth;
const wide = [];
for (const el of document.querySelectorAll('body *')) {
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.right <= width + 1) continue;
  // Inside a box that scrolls or clips horizontally, overflowing is that box's business.
  let clipped = false;
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    if (o === 'auto' || o === 'scroll' || o === 'hidden') { clipped = true; break; }
  }
  if (!clipped) wide.push(`${el.tagName.toLowerCase()}.${String(el.className)} right=${Math.round(box.right)}`);
}
return {scrollWidth: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 5)};
"""


# Pages with long Lao titles too: Lao is written without spaces between words, so a title only
# wraps where the browser finds a line-break opportunity (ICU's Lao dictionary in Chromium).
PHONE_PAGES = [
    "/lo/",
    "/lo/goals/18",
    "/lo/indicators/18.2.2",
    "/lo/progress",
    "/lo/data-availability",
    "/lo/indicators/17.18.1",
    "/lo/indicators/18.3.1",
    "/lo/goals/17",
    "/lo/plans/nsedp9",
    "/lo/plans/nsedp9/report/2023",
]


def check_phone_width(page, path):
    driver = page.driver
    size = driver.get_window_size()
    driver.set_window_size(390, 844)  # a common phone viewport
    try:
        page.open(path)
        result = driver.execute_script(OVERFLOW_JS)
        name = "phone" + re.sub(r"[^A-Za-z0-9.]+", "-", path).rstrip("-") + ".png"
        page.screenshot(name)
        assert result["scrollWidth"] <= result["width"] + 1 and result["wide"] == [], f"{path} at 390px: {result}"
    finally:
        driver.set_window_size(size["width"], size["height"])


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_phone_width_does_not_scroll_sideways(page, path):
    check_phone_width(page, path)


def test_phone_width_translation_queue_in_lao(page):
    """The translators' queue: long Lao titles beside the English, signed in as a translator."""
    from test_portal import sign_in

    sign_in(page, "translator.lsb@pasan.demo")
    try:
        check_phone_width(page, "/lo/translations?kind=indicator")
    finally:
        page.driver.delete_all_cookies()  # the browser is shared: leave it signed out
