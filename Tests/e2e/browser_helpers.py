"""Browser helpers for the Control Center tests: headless Chromium through chromedriver (Selenium).

- `missing()`: what is absent among chromium, chromedriver and selenium (the tests skip then).
- `browser()`: a headless Chromium with an exact viewport (`viewport()` changes it through the
  DevTools protocol, so 390 px wide is really 390 CSS px, with the page's meta viewport honoured).
- `Page`: one browser session on one server: sign in, open a page, submit a form and wait for the
  next document, wait for a condition, fetch a URL with the session's cookie.
"""
import importlib.util
import os
import shutil
import struct

CHROMIUM = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN") or shutil.which("chromedriver") or "/usr/bin/chromedriver"

WAIT = 20.0  # the longest any explicit wait may take


def missing():
    """Names of what the browser tests need and cannot find (empty when everything is there)."""
    absent = []
    if not os.path.exists(CHROMIUM):
        absent.append(f"chromium ({CHROMIUM})")
    if not os.path.exists(CHROMEDRIVER):
        absent.append(f"chromedriver ({CHROMEDRIVER})")
    if importlib.util.find_spec("selenium") is None:
        absent.append("selenium (pip install selenium)")
    return absent


if not missing():
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait


def browser(width=1280, height=800, mobile=False, back_forward_cache=False):
    """A headless Chromium with a `width`×`height` CSS-pixel viewport; quit it when done.

    The back/forward cache is off unless asked for, so a test sees a fresh document after every
    navigation. `test_moving_between_live_pages_never_runs_out_of_connections` turns it on: a cached
    live page must let go of its /v1/events stream (app.js closes it on `pagehide`), or after five
    such pages Chromium's six connections per host are used up and the next page never loads.
    """
    options = Options()
    options.binary_location = CHROMIUM
    if not back_forward_cache:
        options.add_argument("--disable-features=BackForwardCache")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--password-store=basic"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.set_page_load_timeout(WAIT)
        driver.set_script_timeout(WAIT)
        viewport(driver, width, height, mobile)
    except Exception:
        driver.quit()
        raise
    return driver


def viewport(driver, width, height, mobile=False):
    """Makes the page's viewport exactly `width`×`height` CSS pixels (a phone when `mobile`)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile,
        "screenWidth": width, "screenHeight": height})


def png_size(path):
    """(width, height) of a PNG file, read from its IHDR chunk."""
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


# Every visible form control without a label: not inside a <label>, no <label for=its id>, no aria-label.
UNLABELLED_JS = """
const out = [];
let checked = 0;
for (const el of document.querySelectorAll('input, select, textarea')) {
  if ((el.getAttribute('type') || '').toLowerCase() === 'hidden') continue;
  checked++;
  const text = (node) => node && node.textContent.trim().length > 0;
  const byFor = el.id ? Array.from(document.querySelectorAll('label[for]')).find(l => l.htmlFor === el.id) : null;
  const wrapped = el.closest('label');
  const aria = (el.getAttribute('aria-label') || '').trim();
  if (!(text(byFor) || text(wrapped) || aria)) out.push(el.outerHTML.slice(0, 200));
}
return {checked: checked, unlabelled: out};
"""

# Elements that reach past `width` CSS px (to say which element makes the page scroll sideways).
# On an emulated phone the layout viewport grows to fit such content, so innerWidth is measured too.
OVERFLOW_JS = """
const limit = arguments[0] + 1;
const wide = [];
for (const el of document.querySelectorAll('body *')) {
  const r = el.getBoundingClientRect();
  if (r.right > limit && r.width > 0) {
    let hidden = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'auto' || s.overflowX === 'hidden' || s.overflowX === 'scroll') { hidden = true; break; }
    }
    if (!hidden) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' right=' + Math.round(r.right));
  }
}
return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide: wide.slice(0, 8)};
"""

# Text whose contrast with what is behind it is under WCAG 2 AA: 4.5:1, or 3:1 for large text
# (24 px, or 18.66 px bold). The background is the first opaque one among the element and its
# ancestors (semi-transparent layers are blended over it); SVG text and hidden elements are skipped.
CONTRAST_JS = """
const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
  const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
  b: top.b * top.a + under.b * (1 - top.a), a: 1});
const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
const background = (el) => { const layers = [];
  for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
  let base = {r: 255, g: 255, b: 255, a: 1};
  for (let i = layers.length - 1; i >= 0; i--) base = layers[i].a >= 1 ? layers[i] : over(layers[i], base);
  return base; };
const out = []; let checked = 0;
for (const el of document.querySelectorAll('body *')) {
  if (el.closest('svg') || !el.getClientRects().length) continue;
  const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden' || Number(s.opacity) === 0) continue;
  const fg = parse(s.color); if (!fg) continue;
  const bg = background(el);
  const text = fg.a < 1 ? over(fg, bg) : fg;
  const [hi, lo] = [lum(text), lum(bg)].sort((a, b) => b - a);
  const ratio = (hi + 0.05) / (lo + 0.05);
  const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
  const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
  checked++;
  if (ratio < need) out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
    ' "' + el.textContent.trim().slice(0, 40) + '" ' + ratio.toFixed(2) + ':1 < ' + need + ':1 (' + s.color + ' on rgb(' + [bg.r, bg.g, bg.b].map(Math.round) + '))');
}
return {checked: checked, failing: out.slice(0, 12)};
"""

# fetch() inside the page: the session's cookie goes along, the script cannot read it.
FETCH_JS = """
const [url, method, body, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
const init = {method: method, credentials: 'same-origin', redirect: 'manual'};
if (body !== null) { init.body = body; init.headers = {'Content-Type': 'application/x-www-form-urlencoded'}; }
fetch(url, init).then(async r => done({status: r.status, type: r.headers.get('content-type') || '',
    disposition: r.headers.get('content-disposition') || '', text: await r.text()}))
  .catch(e => done({status: -1, type: '', disposition: '', text: String(e)}));
"""


class Page:
    """One browser session against one steward server."""

    def __init__(self, driver, base):
        self.driver = driver
        self.base = base

    # -- navigation --------------------------------------------------------------------------

    def open(self, path):
        self.driver.get(self.base + path)
        return self

    @property
    def path(self):
        url = self.driver.current_url
        return url[len(self.base):] if url.startswith(self.base) else url

    def wait(self, condition, what, timeout=WAIT):
        """Waits until `condition(driver)` is truthy and returns it; the message says what was awaited."""
        try:
            # A live page replaces elements while the condition reads them: a stale one is polled again.
            return WebDriverWait(
                self.driver, timeout, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException]
            ).until(condition)
        except TimeoutException:
            raise AssertionError(f"timed out after {timeout}s waiting for {what} (at {self.driver.current_url})") from None

    def submit(self, button):
        """Clicks a submit button (or runs `button()` when callable) and waits for the next document."""
        self.js("window.__beforeSubmit = 1")
        button() if callable(button) else button.click()

        def loaded(driver):
            try:
                return driver.execute_script("return window.__beforeSubmit === undefined && document.readyState === 'complete'")
            except WebDriverException:  # the old document went away while asking
                return False
        self.wait(loaded, "the form's answer to load")
        return self

    # -- signing in ----------------------------------------------------------------------------

    def sign_in(self, key, next_path=None):
        """Signs in through the form (from `next_path`'s sign-in redirect, or the plain sign-in page)."""
        if not self.path.startswith("/ui/sign-in"):
            self.open("/ui/sign-in" + (f"?next={next_path}" if next_path else ""))
        field = self.driver.find_element(By.ID, "key")
        field.clear()
        field.send_keys(key)
        return self.submit(self.driver.find_element(By.CSS_SELECTOR, "form[action='/ui/sign-in'] button[type=submit]"))

    def ensure_signed_in(self, key):
        """Signs in unless the browser already holds a valid session for this server."""
        self.open("/ui/fleet")
        if self.path.startswith("/ui/sign-in"):
            self.sign_in(key)
        assert self.path.startswith("/ui/fleet"), self.path
        return self

    def session_cookie(self):
        return next((c for c in self.driver.get_cookies() if c["name"] == "steward_session"), None)

    # -- the DOM ----------------------------------------------------------------------------

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css):
        found = self.find_all(css)
        return found[0].text if found else None

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def tile(self, agent):
        return self.find(f"article.tile[data-agent='{agent}']")

    def badge(self, agent):
        """The badge text of an agent's tile, or None while there is no tile."""
        return self.js(
            "const t = Array.from(document.querySelectorAll('article.tile[data-agent]')).find(e => e.dataset.agent === arguments[0]);"
            "const b = t && t.querySelector('.badge'); return b ? b.textContent.trim() : null;", agent)

    def wait_badge(self, agent, states, timeout=WAIT):
        states = {states} if isinstance(states, str) else set(states)
        return self.wait(lambda d: self.badge(agent) in states and self.badge(agent), f"the tile of {agent} to show {sorted(states)} (shows {self.badge(agent)!r})", timeout)

    def toasts(self):
        return [t.strip() for t in self.js("return Array.from(document.querySelectorAll('#toasts .toast')).map(t => t.textContent)")]

    def flash(self):
        return self.text(".flash")

    def flash_in_view(self):
        """Where the page landed (scrollY), and whether its one-line answer is wholly in the viewport."""
        return self.js(
            "const r = document.querySelector('body > .flash').getBoundingClientRect();"
            " return [window.scrollY, r.top >= 0 && r.bottom <= window.innerHeight];")

    def mark(self):
        """Puts a marker on the current document: it is gone if the page reloads or navigates."""
        self.js("window.__noReload = 1")

    def not_reloaded(self):
        return self.js("return window.__noReload") == 1

    def fetch(self, url, method="GET", body=None):
        """fetch() from the page with the session's cookie: {status, type, disposition, text}."""
        return self.driver.execute_async_script(FETCH_JS, url, method, body)

    def unlabelled(self):
        return self.js(UNLABELLED_JS)

    def contrast(self):
        """{checked, failing}: text on the current page below WCAG AA contrast (see CONTRAST_JS)."""
        return self.js(CONTRAST_JS)

    def overflow(self, width):
        """{scrollWidth, innerWidth, wide: elements reaching past `width`} of the current page."""
        return self.js(OVERFLOW_JS, width)

    def screenshot(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        assert self.driver.save_screenshot(path), f"could not write {path}"
        return png_size(path)
