"""The Control Center in a real browser: headless Chromium driven by Selenium against a real
`steward serve` on loopback.

One server (with local HTTP agents, spine_helpers.Receiver through test_healing.Agents) and one
signed-in browser serve most tests; the restart test has its own of each. Everything waits on an
explicit condition (WebDriverWait), never on a fixed sleep. Screenshots of every page are written
to docs/screenshots/ on every run.
"""
import csv
import datetime
import io
import json
import os
import re
import shutil
import signal as signals
import tempfile
import urllib.error
import urllib.request

import pytest

from browser_helpers import missing

_absent = missing()
if _absent:
    pytest.skip("the Control Center browser tests need " + ", ".join(_absent), allow_module_level=True)

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from browser_helpers import Page, browser, png_size, viewport  # noqa: E402
from conftest import Server  # noqa: E402
from spine_helpers import ROOT, SpineFactory  # noqa: E402
from test_healing import Agents, Clock, Healing, declared, signal, steward_yaml, wait_until  # noqa: E402

SCREENSHOTS = os.path.join(ROOT, "docs", "screenshots")
CONFIG_SIGNAL = {"errorCode": "CONFIG_MISSING", "missingSecrets": ["API_BASE"]}


# --------------------------------------------------------------------------------------------
# Fixtures: one server with agents, one signed-in browser


class ControlCenter:
    """The shared server: its Healing client (h.s is the validated Spine), agents and clock."""

    def __init__(self, h, agents, clock):
        self.h = h
        self.s = h.s
        self.agents = agents
        self.clock = clock
        self.base = h.s.base
        self.admin = h.s.admin

    def propose(self, agent, params, account="acct-1"):
        """A send_email proposal: high risk, external, so it waits for a person in the inbox."""
        action = self.s.propose_ok("send_email", agent=agent, account=account, params=params, key=self.h.agent_key)
        assert action["status"] == "pending_approval", action
        return action["id"]

    def escalate(self, agent):
        """Sends a CONFIG_MISSING signal; FixConfig fails twice and the incident is escalated. Returns the escalation."""
        receipt = self.h.send(signal(agent, "error", self.clock(), success=0.0, alignment=0.9, **CONFIG_SIGNAL)).ok(202)
        assert receipt["problem"] is True and receipt["incident"], receipt
        return wait_until(lambda: next((e for e in self.h.escalations() if e["agent"] == agent), None), f"the escalation of {agent}")

    def ledger(self, query):
        return self.s.call("GET", "/v1/ledger?" + query).ok()["entries"]


@pytest.fixture(scope="module")
def cc():
    workdir = tempfile.mkdtemp(prefix="steward-cc-")
    agents = Agents()
    agents.script["checkSecrets"] = (422, {"ok": False, "missing": ["API_BASE"]})
    factory = SpineFactory(workdir)
    try:
        spine = factory.start(steward_yaml(
            agents=[declared(name, domain, agents) for name, domain in
                    [("Healer", "Marketing"), ("Stuck", "Revenue"), ("Waiting", "Content"), ("Relay", "Operations")]],
            remediation={"maxAttempts": 2, "verifyTimeoutSeconds": 120},
            extra={"telemetry": {"pricing": [], "quotas": [{"provider": "openai", "dailyLimit": 10000}]}}))
        agents.secret = spine.secret()
        center = ControlCenter(Healing(spine), agents, Clock())
        for name in ("Healer", "Stuck", "Waiting", "Relay"):
            center.h.send(signal(name, "healthy", center.clock())).ok(202)
        # Something that always waits in the inbox (for the layout checks and the screenshots):
        # an approval and an escalation nobody resolves.
        center.waiting_action = center.propose("Waiting", {"to": "cfo@customer.example", "subject": "Q3 numbers", "body": "Attached."})
        center.waiting_escalation = center.escalate("Waiting")["id"]
        yield center
    finally:
        try:
            factory.close()  # the ledger still verifies after everything the browser did
        finally:
            agents.close()
            shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def driver():
    d = browser(1280, 800)
    yield d
    d.quit()


@pytest.fixture
def page(cc, driver):
    """The shared browser, signed in as the admin, at 1280×800, with no modal state left over."""
    viewport(driver, 1280, 800)
    p = Page(driver, cc.base)
    p.ensure_signed_in(cc.admin)
    return p


# --------------------------------------------------------------------------------------------
# 1. Signing in


def test_signing_in_through_the_form_wrong_and_agent_keys_refused_and_next_honoured(cc, driver):
    viewport(driver, 1280, 800)
    p = Page(driver, cc.base)
    driver.delete_all_cookies()

    # Unauthenticated: the inbox sends you to sign in, remembering where you were going.
    p.open("/ui/inbox")
    assert p.path == "/ui/sign-in?next=/ui/inbox", p.path
    field = p.find("input#key")
    assert field.get_attribute("type") == "password" and field.get_attribute("required") is not None
    assert p.js("return document.activeElement && document.activeElement.id") == "key"  # autofocus
    for path in ("/", "/ui", "/ui/fleet"):
        p.open(path)
        assert p.path.startswith("/ui/sign-in"), (path, p.path)

    # A wrong key: the form says so and no session is set.
    p.open("/ui/sign-in?next=/ui/inbox")
    p.sign_in("stw_000000000000_" + "0" * 64)
    assert p.path.startswith("/ui/sign-in"), p.path
    assert "not valid" in (p.text(".flash.problem") or ""), p.text("main")
    assert p.session_cookie() is None
    p.open("/ui/inbox")
    assert p.path == "/ui/sign-in?next=/ui/inbox", p.path

    # An agent key is refused with a message.
    p.sign_in(cc.h.agent_key)
    assert "Agent keys cannot sign in" in (p.text(".flash.problem") or ""), p.text("main")
    assert p.session_cookie() is None

    # An operator key, in the form that refused the agent key, lands where it was going.
    p.sign_in(cc.h.operator_key)
    assert p.path == "/ui/inbox", p.path
    assert p.find("h1").text == "Needs your input"
    assert p.text(".who .role") == "operator"
    cookie = p.session_cookie()
    assert cookie and cookie["httpOnly"] is True and cookie["sameSite"] == "Strict", cookie
    assert "steward_session" not in p.js("return document.cookie")

    # The admin key, from the plain sign-in page, lands on the fleet.
    driver.delete_all_cookies()
    p.open("/ui/sign-in")
    p.sign_in(cc.admin)
    assert p.path == "/ui/fleet", p.path
    assert p.text(".who .role") == "admin"
    # The root paths lead to the fleet once signed in.
    for path in ("/", "/ui"):
        p.open(path)
        assert p.path == "/ui/fleet", (path, p.path)


# --------------------------------------------------------------------------------------------
# 2. A tile heals live


def test_a_tile_goes_recovering_and_back_to_healthy_live_with_a_resolved_toast(cc, page):
    page.open("/ui/fleet")
    page.wait_badge("Healer", "Healthy")
    assert "Healer reports healthy" in page.tile("Healer").find_element(By.CSS_SELECTOR, "p.report").text
    page.mark()

    receipt = cc.h.send(signal("Healer", "error", cc.clock(), success=0.52, alignment=0.9, backlog=4, errorCode="TIMEOUT")).ok(202)
    incident = receipt["incident"]
    assert incident and receipt["state"] in ("Degraded", "Recovering"), receipt
    page.wait_badge("Healer", "Recovering")
    assert "state-recovering" in page.tile("Healer").get_attribute("class")
    cc.h.wait_status(incident, "verifying")
    # While the attempt waits for verification, the tile shows the spinner and the incident.
    page.wait(lambda d: page.find_all("article.tile[data-agent='Healer'] .spinner"), "the spinner on Healer's tile")
    page.wait(lambda d: incident in (page.text("article.tile[data-agent='Healer'] p.incident") or ""), "the incident on Healer's tile")
    assert "RestartAndRetryTransient" in page.text("article.tile[data-agent='Healer'] p.incident")
    assert "52.0%" in page.tile("Healer").text

    cc.h.send(signal("Healer", "healthy", cc.clock(), success=0.97)).ok(202)
    page.wait_badge("Healer", "Healthy")
    page.wait(lambda d: "Resolved by Steward: RestartAndRetryTransient" in page.toasts(), f"the resolved toast (toasts: {page.toasts()})")
    page.wait(lambda d: not page.find_all("article.tile[data-agent='Healer'] .spinner, article.tile[data-agent='Healer'] p.incident"),
              "the spinner and the incident to leave the tile")
    assert "state-healthy" in page.tile("Healer").get_attribute("class")
    assert "97.0%" in page.tile("Healer").text
    assert page.not_reloaded(), "the fleet page was reloaded"
    assert cc.h.incident(incident)["status"] == "resolved"

    # The agent's page shows the incident, its attempt, its steps and its verification.
    link = page.tile("Healer").find_element(By.CSS_SELECTOR, "a[href='/ui/agents/Healer']")
    assert link.text.startswith("View remediation log"), link.text
    link.click()
    page.wait(lambda d: page.path == "/ui/agents/Healer", "the agent page")
    card = page.find("details.incident-card")
    assert card.get_attribute("open") is None  # a closed incident starts folded
    card.find_element(By.TAG_NAME, "summary").click()
    assert incident in card.text and "resolved by Steward: RestartAndRetryTransient" in card.text
    assert "Attempt 1: RestartAndRetryTransient" in card.text and "verified" in card.text
    assert [li.text.split()[0] for li in card.find_elements(By.CSS_SELECTOR, "ol.steps li")] == ["restartAgent", "retryLastTask"]
    rows = page.find_all("section[aria-labelledby='lineage-h'] tbody tr")
    assert len(rows) == 1 and "RestartAndRetryTransient" in rows[0].text and "verified" in rows[0].text


# --------------------------------------------------------------------------------------------
# 3. Approving with the keyboard alone, rejecting with a reason, approving edited parameters


def tab_to(page, target, limit=80):
    """Presses TAB until `target` has the focus (the mouse is never used)."""
    for _ in range(limit):
        ActionChains(page.driver).send_keys(Keys.TAB).perform()
        if page.driver.switch_to.active_element == target:
            return
    raise AssertionError(f"{target.get_attribute('outerHTML')[:200]} is not reachable with TAB within {limit} presses")


def test_approve_by_keyboard_reject_with_reason_and_approve_edited_params(cc, page):
    by_keyboard = cc.propose("Relay", {"to": "ops@customer.example", "subject": "Keyboard"})
    to_reject = cc.propose("Relay", {"to": "legal@customer.example", "subject": "Reject me"})
    to_edit = cc.propose("Relay", {"to": "cto@customer.example", "subject": "Draft subject"})
    page.open("/ui/inbox")
    for action in (by_keyboard, to_reject, to_edit):
        assert page.find_all(f"article.approval#action-{action}"), f"{action} is not in the inbox"

    # Keyboard only: TAB from the top of the page to the note, type it, TAB on to Approve, press Enter.
    article = page.find(f"#action-{by_keyboard}")
    note = article.find_element(By.ID, f"note-{by_keyboard}")
    approve = article.find_element(By.CSS_SELECTOR, f"form[action='/ui/actions/{by_keyboard}/approve'] button[type=submit]")
    assert approve.text == "Approve"
    page.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    tab_to(page, note)
    ActionChains(page.driver).send_keys("sent by keyboard").perform()
    tab_to(page, approve, limit=5)
    page.submit(lambda: ActionChains(page.driver).send_keys(Keys.ENTER).perform())
    assert page.path.startswith("/ui/inbox"), page.path
    assert "Approved Send email for Relay: handed to the agent to carry out." in page.flash(), page.flash()
    assert not page.find_all(f"#action-{by_keyboard}")
    [entry] = cc.ledger(f"subject=action:{by_keyboard}&kind=action.approved")
    assert entry["payload"]["action"] == by_keyboard and entry["payload"].get("edited") is not True, entry
    assert entry["actor"].startswith("key:"), entry
    approved = cc.s.action(by_keyboard).ok()
    assert approved["status"] == "dispatched" and approved["approvals"][0]["note"] == "sent by keyboard", approved

    # Reject: the reason is required by the form; with one, the action is rejected with it.
    article = page.find(f"#action-{to_reject}")
    reject = article.find_element(By.CSS_SELECTOR, f"form[action='/ui/actions/{to_reject}/reject'] button[type=submit]")
    reason = article.find_element(By.ID, f"reason-{to_reject}")
    page.mark()
    reject.click()  # empty reason: the browser does not send the form
    assert page.js("return arguments[0].validity.valueMissing", reason) is True
    assert page.not_reloaded() and cc.s.action(to_reject).ok()["status"] == "pending_approval"
    reason.send_keys("wrong recipient")
    page.submit(reject)
    assert "Rejected Send email for Relay" in page.flash(), page.flash()
    # The page lands on the next card, scrolled down: the answer stays in view above it.
    scrolled, in_view = page.flash_in_view()
    assert in_view, f"the answer is off-screen (scrollY {scrolled})"
    rejected = cc.s.action(to_reject).ok()
    assert rejected["status"] == "rejected" and rejected["rejection"]["reason"] == "wrong recipient", rejected
    [entry] = cc.ledger(f"subject=action:{to_reject}&kind=action.rejected")
    assert entry["payload"]["reason"] == "wrong recipient"
    assert not page.find_all(f"#action-{to_reject}")

    # Edit and approve: open the details, rewrite the JSON, tick "with these edited parameters".
    article = page.find(f"#action-{to_edit}")
    article.find_element(By.CSS_SELECTOR, "details summary").click()
    params = article.find_element(By.ID, f"params-{to_edit}")
    assert json.loads(params.get_attribute("value")) == {"to": "cto@customer.example", "subject": "Draft subject"}
    edited = {"to": "cto@customer.example", "subject": "Final subject", "body": "Reviewed"}
    params.clear()
    params.send_keys(json.dumps(edited))
    article.find_element(By.CSS_SELECTOR, "input[type=checkbox][name=edit]").click()
    page.submit(article.find_element(By.CSS_SELECTOR, f"form[action='/ui/actions/{to_edit}/approve'] button[type=submit]"))
    assert "with your edits" in page.flash(), page.flash()
    record = cc.s.action(to_edit).ok()
    assert record["editedParams"] == edited and record["proposal"]["params"]["subject"] == "Draft subject", record
    assert "IDEA_EDITED" in [o["label"] for o in record["outcomes"]] and record["approvals"][0]["edited"] is True
    [entry] = cc.ledger(f"subject=action:{to_edit}&kind=action.approved")
    assert entry["payload"]["edited"] is True, entry


def test_a_form_posted_without_its_csrf_token_is_refused(cc, page):
    action = cc.propose("Relay", {"to": "nobody@customer.example", "subject": "CSRF"})
    page.open("/ui/inbox")
    form = page.find(f"form[action='/ui/actions/{action}/reject']")
    assert form.find_element(By.CSS_SELECTOR, "input[type=hidden][name=csrf]").get_attribute("value")
    page.js("arguments[0].querySelector('input[name=csrf]').remove()", form)
    form.find_element(By.ID, f"reason-{action}").send_keys("forged")
    page.submit(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "security token did not match" in page.find("body").text, page.find("body").text[:500]
    assert cc.s.action(action).ok()["status"] == "pending_approval"
    # The same through fetch(): without the token it is sent back to a page (nothing changes), with it the change is made.
    token = page.open("/ui/inbox").js("return document.querySelector('meta[name=csrf-token]').content")
    assert page.fetch(f"/ui/actions/{action}/reject", "POST", "reason=forged")["status"] in (0, 302, 303)
    assert cc.s.action(action).ok()["status"] == "pending_approval"
    answer = page.fetch(f"/ui/actions/{action}/reject", "POST", f"csrf={token}&reason=not+needed")
    assert answer["status"] in (0, 302, 303), answer  # the redirect back to the inbox (opaque to fetch)
    assert cc.s.action(action).ok()["status"] == "rejected"


# --------------------------------------------------------------------------------------------
# 4. Escalations


def test_choosing_an_escalation_option_resolves_it_with_that_option(cc, page):
    escalation = cc.escalate("Stuck")
    options = {o["kind"]: o["name"] for o in escalation["recommendedOptions"]}
    assert set(options) >= {"safe", "aggressive"}, escalation
    page.open("/ui/inbox")
    article = page.find(f"article.escalation#escalation-{escalation['id']}")
    radios = article.find_elements(By.CSS_SELECTOR, "input[type=radio][name=option]")
    assert sorted(r.get_attribute("value") for r in radios) == sorted(o["name"] for o in escalation["recommendedOptions"])
    carry_out = article.find_element(By.XPATH, ".//button[normalize-space()='Carry out the chosen option']")

    # No option chosen: the browser does not send the form and nothing changes.
    page.mark()
    carry_out.click()
    assert page.not_reloaded() and page.js("return arguments[0].validity.valueMissing", radios[0]) is True
    assert cc.s.call("GET", f"/v1/escalations/{escalation['id']}", key=cc.h.operator_key).ok()["status"] == "open"

    safe = article.find_element(By.CSS_SELECTOR, f"label.option-safe input[value='{options['safe']}']")
    safe.click()
    article.find_element(By.ID, f"esc-note-{escalation['id']}").send_keys("rotating API_BASE")
    page.submit(carry_out)
    assert f"Chose “{options['safe']}” for Stuck" in page.flash(), page.flash()
    assert not page.find_all(f"#escalation-{escalation['id']}")
    resolved = cc.s.call("GET", f"/v1/escalations/{escalation['id']}", key=cc.h.operator_key).ok()
    assert resolved["status"] == "resolved", resolved
    assert resolved["resolution"]["option"] == options["safe"] and resolved["resolution"]["note"] == "rotating API_BASE", resolved
    [entry] = [e for e in cc.ledger("kind=escalation.resolved&subject=agent:Stuck&limit=1000") if e["payload"]["escalation"] == escalation["id"]]
    assert entry["payload"]["option"] == options["safe"] and entry["payload"]["note"] == "rotating API_BASE", entry
    admin_key_id = cc.admin.split("_")[1]
    assert entry["payload"]["by"] == f"key:{admin_key_id}" == resolved["resolution"]["by"], entry  # the signed-in person


def test_each_escalation_option_says_which_playbook_it_runs_only_when_it_runs_one(cc, page):
    escalation = cc.s.call("GET", f"/v1/escalations/{cc.waiting_escalation}", key=cc.h.operator_key).ok()
    page.open("/ui/inbox")
    article = page.find(f"article.escalation#escalation-{escalation['id']}")
    for option in escalation["recommendedOptions"]:
        label = article.find_element(By.CSS_SELECTOR, f"input[name=option][value='{option['name']}']").find_element(By.XPATH, "./ancestor::label")
        assert option["name"] in label.text and option["kind"] in label.text and option["why"] in label.text, label.text
        if option.get("playbook"):
            assert f"(runs {option['playbook']})" in label.text, label.text
        else:
            assert "(runs" not in label.text, f"{option['name']} has no playbook, yet its label says: {label.text!r}"


# --------------------------------------------------------------------------------------------
# 5. The kill switch


def kill_switch(cc):
    return cc.s.call("GET", "/v1/kill-switch").ok()


def test_the_kill_switch_needs_its_confirmation_shows_a_banner_everywhere_and_releases(cc, page):
    assert kill_switch(cc)["engaged"] is False
    try:
        page.open("/ui/admin")
        assert not page.find_all(".banner.danger")
        reason = page.find("input#kill-reason")
        confirm = page.find("input#kill-confirm")
        engage = page.find("button#engage-kill-switch")
        assert reason.get_attribute("required") is not None and confirm.get_attribute("required") is not None

        # Without the confirmation the browser refuses to send the form.
        reason.send_keys("browser drill")
        page.mark()
        engage.click()
        assert page.js("return arguments[0].validity.valueMissing", confirm) is True
        assert page.not_reloaded() and kill_switch(cc)["engaged"] is False
        # And a browser that does not check `required` is refused by the server.
        page.js("arguments[0].removeAttribute('required')", confirm)
        page.submit(engage)
        assert "Tick the confirmation" in (page.text(".flash.problem") or ""), page.flash()
        assert kill_switch(cc)["engaged"] is False and not page.find_all(".banner.danger")

        # With it: engaged, with the banner on every page.
        page.find("input#kill-reason").send_keys("browser drill")
        page.find("input#kill-confirm").click()
        page.submit(page.find("button#engage-kill-switch"))
        state = kill_switch(cc)
        assert state["engaged"] is True and state["reason"] == "browser drill", state
        assert "Kill switch engaged" in page.flash()
        for path in ("/ui/admin", "/ui/fleet", "/ui/inbox", "/ui/feed", "/ui/governance", "/ui/agents/Healer"):
            page.open(path)
            banner = page.find_all(".banner.danger")
            assert banner and "Kill switch engaged" in banner[0].text and "browser drill" in banner[0].text, path

        page.open("/ui/admin")
        page.submit(page.find("button#release-kill-switch"))
        assert kill_switch(cc)["engaged"] is False
        assert "Kill switch released" in page.flash()
        assert not page.find_all(".banner.danger") and page.find_all("button#engage-kill-switch")
        entries = cc.ledger("kind=kill_switch.engaged,kill_switch.released&limit=1000")
        assert [(e["kind"], e["payload"].get("reason")) for e in entries][-2:] == [("kill_switch.engaged", "browser drill"), ("kill_switch.released", None)], entries
        assert all(e["actor"] == entries[-1]["actor"] and e["actor"].startswith("key:") for e in entries[-2:])
    finally:
        if kill_switch(cc)["engaged"]:
            cc.s.call("POST", "/v1/kill-switch", {"engaged": False}).ok()


# --------------------------------------------------------------------------------------------
# 6. Audit export


def test_the_audit_log_exports_as_jsonl_and_csv_with_the_session(cc, page):
    page.open("/ui/admin")
    links = {fmt: page.find(f"a[href='/v1/ledger/export?format={fmt}']") for fmt in ("jsonl", "csv")}
    assert all(link.is_displayed() for link in links.values())

    jsonl = page.fetch(links["jsonl"].get_attribute("href"))
    assert jsonl["status"] == 200, jsonl
    lines = [line for line in jsonl["text"].splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]
    assert len(entries) > 10
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries) and entries[0]["seq"] == 1
    assert all({"seq", "kind", "hash", "prevHash"} <= set(e) for e in entries), entries[0]
    assert entries[0]["prevHash"] == "0" * 64
    assert all(b["prevHash"] == a["hash"] for a, b in zip(entries, entries[1:])), "the exported chain is broken"

    exported = page.fetch(links["csv"].get_attribute("href"))
    assert exported["status"] == 200, exported
    rows = list(csv.reader(io.StringIO(exported["text"])))
    header = rows[0]
    assert "seq" in header and "kind" in header and "hash" in header, header
    records = [r for r in rows[1:] if r]
    assert len(records) >= len(entries), (len(records), len(entries))
    seqs = [int(r[header.index("seq")]) for r in records[:len(entries)]]
    assert seqs == [e["seq"] for e in entries]

    # Without the session (no cookie, no key), the export is refused.
    try:
        urllib.request.urlopen(cc.base + "/v1/ledger/export?format=jsonl", timeout=10)
        raise AssertionError("the export answered without credentials")
    except urllib.error.HTTPError as e:
        assert e.code == 401


def entry_seqs(page):
    return [int(row.get_attribute("id")[len("entry-"):]) for row in page.find_all("table.ledger tbody tr")]


def test_the_ledger_filters_by_kind_unfolds_an_entry_and_verifies_the_chain(cc, page):
    proposed = cc.ledger("kind=action.proposed&limit=1000")
    assert len(proposed) >= 2, proposed
    page.open("/ui/fleet")
    page.submit(page.find("nav a[href='/ui/ledger']"))
    assert page.path == "/ui/ledger" and page.find("nav a[href='/ui/ledger']").get_attribute("aria-current") == "page"
    seqs = entry_seqs(page)
    assert seqs[0] >= proposed[-1]["seq"], (seqs[0], proposed[-1]["seq"])
    assert seqs == list(range(seqs[0], max(0, seqs[0] - 50), -1)), seqs  # the newest 50, without gaps
    assert bool(page.find_all("a#older")) == (seqs[-1] > 1) and not page.find_all("a#newer")

    # Filter by kind with the form: only that kind, the newest first, as the API lists it.
    page.find("input#filter-kind").send_keys("action.proposed")
    page.submit(page.find("button#apply-filters"))
    assert page.path.startswith("/ui/ledger?kind=action.proposed"), page.path
    assert page.find("input#filter-kind").get_attribute("value") == "action.proposed"
    kinds = {c.text for c in page.find_all("table.ledger tbody tr a.kind code")}
    assert kinds == {"action.proposed"}, kinds
    newest = [e["seq"] for e in cc.ledger("kind=action.proposed&limit=1000")][::-1]
    assert entry_seqs(page) == newest[:50], (entry_seqs(page), newest[:50])

    # Open an entry: its payload exactly as stored, its revision and both hashes, as the API has them.
    row = page.find(f"tr#entry-{newest[0]}")
    details = row.find_element(By.CSS_SELECTOR, "details.entry")
    payload = details.find_element(By.CSS_SELECTOR, "pre.payload")
    assert not payload.is_displayed()
    details.find_element(By.TAG_NAME, "summary").click()
    assert details.get_attribute("open") is not None and payload.is_displayed()
    [entry] = [e for e in cc.ledger("kind=action.proposed&limit=1000") if e["seq"] == newest[0]]
    assert json.loads(payload.text) == entry["payload"]
    assert details.find_element(By.CSS_SELECTOR, "code.hash").text == entry["hash"]
    assert details.find_element(By.CSS_SELECTOR, "code.prev-hash").text == entry["prevHash"]
    assert entry["configRevision"] in details.text

    # Verify the chain: back on the same filtered page (Post/Redirect/Get) with a one-line
    # message saying it is intact, with its count and head; a reload does not post again.
    page.submit(page.find("button#verify-chain"))
    assert page.path == "/ui/ledger?kind=action.proposed", page.path
    result = page.find(".flash")
    assert result.get_attribute("role") == "status" and "The chain is intact:" in result.text, result.text
    checked = int(re.search(r"(\d+) entries checked", result.text).group(1))
    verified = cc.s.call("GET", "/v1/ledger/verify").ok()
    assert not verified.get("fault"), verified
    assert 0 < checked <= verified["entriesChecked"], (checked, verified)
    head = re.search(r"Head: entry #(\d+), hash ([0-9a-f]{64})", result.text)
    assert head and int(head.group(1)) == checked, result.text
    assert {c.text for c in page.find_all("table.ledger tbody tr a.kind code")} == {"action.proposed"}
    page.submit(page.driver.refresh)
    assert page.path == "/ui/ledger?kind=action.proposed" and not page.find_all(".flash"), page.flash()

    # A time that cannot be read is named, with what was typed kept.
    field = page.find("input#filter-from")
    field.send_keys("yesterday")
    page.submit(page.find("button#apply-filters"))
    problems = page.find("#filter-problems")
    assert "From: must be an RFC 3339 date-time" in problems.text, problems.text
    assert page.find("input#filter-from").get_attribute("aria-invalid") == "true"
    assert page.find("input#filter-from").get_attribute("value") == "yesterday"
    assert not page.find_all("table.ledger")


# --------------------------------------------------------------------------------------------
# 7. Escaping


XSS = "<script>window.__xss=1</script><b>bold</b>"


def assert_report_is_text(page, agent):
    report = page.find(f"article.tile[data-agent='{agent}'] p.report")
    assert report.text == XSS, report.text
    assert not report.find_elements(By.CSS_SELECTOR, "b, script")
    assert page.js("return typeof window.__xss") == "undefined"
    assert not page.js("return Array.from(document.querySelectorAll('b')).filter(b => b.textContent === 'bold').length")


def test_an_agents_report_is_shown_as_text_never_as_html(cc, page):
    agent = "Scribe"
    cc.h.send(signal(agent, "healthy", cc.clock())).ok(202)
    page.open("/ui/fleet")
    page.wait_badge(agent, "Healthy")
    page.mark()
    # Live: the tile is re-fetched and inserted by app.js.
    cc.h.send({**signal(agent, "healthy", cc.clock(), success=0.91), "lastReport": XSS}).ok(202)
    page.wait(lambda d: "<script>" in (page.text(f"article.tile[data-agent='{agent}'] p.report") or ""), "the live tile to show the report")
    assert_report_is_text(page, agent)
    assert page.not_reloaded()
    # Rendered by the server: the fleet and the agent's page.
    page.open("/ui/fleet")
    assert_report_is_text(page, agent)
    page.open(f"/ui/agents/{agent}")
    assert_report_is_text(page, agent)
    assert page.driver.title.startswith(agent)


# --------------------------------------------------------------------------------------------
# 8. Live updates survive a restart


def test_live_updates_resume_after_the_server_restarts(workdir):
    """The fleet page stays open while the server stops and starts again on the same port and data dir."""
    data_dir = os.path.join(workdir, "data")
    saved = os.environ.get("AUTO_REMEDIATE")
    os.environ["AUTO_REMEDIATE"] = "false"  # the agent stays Degraded: nothing heals it behind the test's back
    server = None
    d = None
    try:
        server = Server(data_dir)
        clock = Clock()

        def send(body):
            status, _, answer = server.json("POST", "/v1/signals", body)
            assert status == 202, answer
            return answer

        send(signal("Phoenix", "healthy", clock()))
        d = browser(1280, 800)
        p = Page(d, server.base)
        p.ensure_signed_in(server.key)
        p.wait_badge("Phoenix", "Healthy")
        p.mark()
        # One live event first, so the stream has an id to resume from.
        send(signal("Phoenix", "healthy", clock(), success=0.88))
        p.wait(lambda _: "88.0%" in p.tile("Phoenix").text, "the first live update")
        cookie = p.session_cookie()["value"]

        port = server.port
        assert server.stop(signals.SIGTERM) == 0
        p.wait(lambda _: p.js("const s = document.getElementById('live-status'); return !s.hidden && s.textContent"),
               "the page to say it is reconnecting")
        assert "Live updates paused" in p.text("#live-status") and "reconnecting" in p.text("#live-status")
        assert p.js("return document.body.classList.contains('stale')"), "tiles are not marked as possibly out of date"

        server = Server(data_dir, port=port)
        send(signal("Phoenix", "error", clock(), success=0.31, errorCode="TIMEOUT"))
        p.wait_badge("Phoenix", "Degraded")
        assert "31.0%" in p.tile("Phoenix").text
        p.wait(lambda _: p.js("return document.getElementById('live-status').hidden"), "the reconnecting notice to go away")
        assert not p.js("return document.body.classList.contains('stale')")
        assert p.not_reloaded(), "the fleet page was reloaded"
        assert p.session_cookie()["value"] == cookie  # the same session, still valid after the restart
        p.open("/ui/inbox")
        assert p.path == "/ui/inbox"
    finally:
        if d is not None:
            d.quit()
        if server is not None and server.proc.poll() is None:
            server.stop(signals.SIGKILL)
        if saved is None:
            os.environ.pop("AUTO_REMEDIATE", None)
        else:
            os.environ["AUTO_REMEDIATE"] = saved


def test_moving_between_live_pages_never_runs_out_of_connections(cc):
    """A person clicks through the live pages in an ordinary Chromium (back/forward cache on).

    Each page holds one /v1/events stream; a page the browser leaves must let it go, or after a
    handful of pages the browser's six connections per host are taken and the next page never loads.
    """
    d = browser(1280, 800, back_forward_cache=True)
    try:
        d.set_page_load_timeout(8)
        p = Page(d, cc.base)
        p.ensure_signed_in(cc.admin)
        for i, path in enumerate(["/ui/inbox", "/ui/feed", "/ui/agents/Healer", "/ui/fleet"] * 2):
            try:
                p.open(path)
            except Exception as e:  # the page load timed out
                raise AssertionError(
                    f"page {i + 1} ({path}) did not load within 8 s after visiting {i} live pages: the pages left behind "
                    f"(in the back/forward cache) still hold their /v1/events streams ({type(e).__name__})") from None
            assert p.path == path and p.find_all("main"), path
    finally:
        d.quit()


# --------------------------------------------------------------------------------------------
# 8. The fleet's counts, filter and inbox badge follow live; a session that ends says so

STATE_COUNTS_JS = """var c = {}; document.querySelectorAll(arguments[0]).forEach(function (e) {
  var s = e.getAttribute(arguments[1]); c[s] = (c[s] || 0) + (arguments[1] === 'data-count' ? +e.textContent : 1); });
  return c;"""


def counters(page):
    return page.js(STATE_COUNTS_JS.replace("arguments[0]", "'[data-count]'").replace("arguments[1]", "'data-count'"))


def tile_states(page):
    found = page.js(STATE_COUNTS_JS.replace("arguments[0]", "'#tiles .tile[data-state]'").replace("arguments[1]", "'data-state'"))
    return {state: found.get(state, 0) for state in ("Healthy", "Degraded", "Recovering", "Escalated", "Unknown")}


def test_fleet_counts_and_inbox_badge_follow_live_and_the_fleet_filters(cc, page):
    page.open("/ui/fleet")
    page.wait_badge("Relay", "Healthy")
    page.mark()
    assert counters(page) == tile_states(page), (counters(page), tile_states(page))
    before = counters(page)

    # A tile that changes state moves its count, without a reload.
    incident = cc.h.send(signal("Relay", "error", cc.clock(), success=0.5, alignment=0.9, errorCode="TIMEOUT")).ok(202)["incident"]
    page.wait_badge("Relay", ("Degraded", "Recovering"))
    page.wait(lambda d: counters(page) == tile_states(page) and counters(page) != before,
              f"the counts to follow the tiles (counts {counters(page)}, tiles {tile_states(page)})")
    cc.h.wait_status(incident, "verifying")
    cc.h.send(signal("Relay", "healthy", cc.clock(), success=0.97)).ok(202)
    page.wait_badge("Relay", "Healthy")
    page.wait(lambda d: counters(page) == tile_states(page) == before, "the counts to return")

    # The inbox badge counts a new proposal, without a reload.
    badge = lambda: page.text("nav a[href='/ui/inbox'] .count")  # noqa: E731
    waiting = int(badge())
    cc.propose("Relay", {"to": "badge@customer.example", "subject": "Badge"})
    page.wait(lambda d: badge() == str(waiting + 1), f"the inbox badge to read {waiting + 1} (reads {badge()})")

    # The state counters filter the tiles, together with the search by name.
    escalated = page.find("button.state-filter[data-state='Escalated']")
    escalated.click()
    assert escalated.get_attribute("aria-pressed") == "true"
    shown = [t for t in page.find_all("#tiles article.tile") if t.is_displayed()]
    assert shown and all(t.get_attribute("data-state") == "Escalated" for t in shown), [t.get_attribute("data-agent") for t in shown]
    assert "Waiting" in [t.get_attribute("data-agent") for t in shown]
    escalated.click()
    page.find("input#fleet-search").send_keys("rela")
    shown = [t.get_attribute("data-agent") for t in page.find_all("#tiles article.tile") if t.is_displayed()]
    assert shown == ["Relay"], shown
    assert page.text("#fleet-shown").startswith("Showing 1 of "), page.text("#fleet-shown")
    assert page.not_reloaded()


def test_a_live_page_whose_session_ended_says_so_and_keeps_its_tiles(cc, page):
    page.open("/ui/fleet")
    page.wait_badge("Healer", "Healthy")
    tiles = len(page.find_all("#tiles article.tile"))
    page.driver.delete_cookie("steward_session")  # as an expired session or a revoked key leaves it
    cc.h.send(signal("Healer", "healthy", cc.clock(), success=0.96)).ok(202)
    page.wait(lambda d: "You have been signed out" in (page.text("#live-status") or ""), "the signed-out notice")
    assert page.find("#live-status").get_attribute("role") == "alert"
    assert page.find("#live-status a").get_attribute("href").endswith("/ui/sign-in?next=%2Fui%2Ffleet")
    assert len(page.find_all("#tiles article.tile")) == tiles and not page.find_all("#tiles meta, #tiles form, #tiles input")


def test_the_inbox_puts_escalations_first_and_names_each_button_with_its_action(cc, page):
    page.open("/ui/inbox")
    assert page.js("return !!(document.getElementById('escalations-h').compareDocumentPosition("
                   "document.getElementById('approvals-h')) & Node.DOCUMENT_POSITION_FOLLOWING)")
    approve = page.find(f"form[action='/ui/actions/{cc.waiting_action}/approve'] button")
    label = approve.get_attribute("aria-label")
    assert approve.text == "Approve" and label.startswith("Approve Send email for Waiting")
    assert label.endswith(f"(action {cc.waiting_action})"), label
    card = page.find(f"#action-{cc.waiting_action}")
    pairs = [(d.find_element(By.TAG_NAME, "dt").text, d.find_element(By.TAG_NAME, "dd").text) for d in card.find_elements(By.CSS_SELECTOR, "dl.params > div")]
    assert ("To", "cfo@customer.example") in pairs and ("Subject", "Q3 numbers") in pairs, pairs


# --------------------------------------------------------------------------------------------
# Times in the viewer's own time zone

TOKYO = datetime.timezone(datetime.timedelta(hours=9))  # no daylight saving: the offset is fixed
RELATIVE = re.compile(r"\((just now|in a moment|\d+ (min|h|days?) ago|in \d+ (min|h|days?))\)$")


def assert_tokyo_time(element):
    """A <time> shows Tokyo time with a relative hint, and keeps its UTC text as the tooltip."""
    iso = element.get_attribute("datetime")
    at = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    local = at.astimezone(TOKYO)
    text = element.get_attribute("textContent")
    assert local.strftime("%H:%M:%S") in text and "GMT+9" in text and str(local.year) in text, (iso, text)
    assert local.strftime("%b") in text and str(local.day) in text, (iso, text)
    assert RELATIVE.search(text), (iso, text)
    assert element.get_attribute("title") == at.strftime("%Y-%m-%d %H:%M:%S UTC"), element.get_attribute("title")


def test_times_show_in_the_viewers_time_zone_and_how_long_ago_kept_current(cc):
    """A browser in Tokyo sees every time the server wrote in UTC as Tokyo time with how long ago
    it was; a minute later the hint has moved on by itself, without a reload."""
    action = cc.propose("Relay", {"to": "clock@customer.example", "subject": "Local time"})
    d = browser(1280, 800)
    try:
        d.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Asia/Tokyo"})
        p = Page(d, cc.base)
        p.ensure_signed_in(cc.admin)
        for path in ("/ui/ledger", "/ui/agents/Waiting", "/ui/feed", "/ui/inbox"):
            p.open(path)
            times = p.find_all("main time[datetime]")
            assert times, f"{path} shows no time"
            for element in times:
                assert_tokyo_time(element)
        proposed, expires = p.find_all(f"#action-{action} time")[:2]
        assert proposed.text.endswith("(just now)"), proposed.text
        # Approvals of send_email expire after a day; what is to come is rounded (QA console r3: "in 23 h").
        assert expires.text.endswith("(in 24 h)"), expires.text
        p.mark()
        # Let a minute pass on the page's clock (virtual time: timers fire, nothing waits a minute).
        d.execute_cdp_cmd("Emulation.setVirtualTimePolicy", {"policy": "advance", "budget": 61000})
        p.wait(lambda _: proposed.text.endswith("(1 min ago)"), f"the hint to move on (reads {proposed.text!r})")
        assert p.not_reloaded()
    finally:
        d.quit()


# --------------------------------------------------------------------------------------------
# Rendering: no empty or missing value leaks into the text


LEAKS = re.compile(r"\bnil\b|\bOptional\(|\bundefined\b|·\s*·|\(\s*runs\s*\)|\(\s*\)")


def test_no_page_shows_nil_or_an_empty_placeholder(cc, page, driver):
    """Missing values (nil, empty strings) must leave their whole phrase out, not print `nil` or `· ·`."""
    found = {}
    for path in ("/ui/fleet", "/ui/agents/Waiting", "/ui/inbox", "/ui/feed", "/ui/governance", "/ui/skills", "/ui/ledger", "/ui/admin"):
        page.open(path)
        lines = [line for line in page.find("body").text.splitlines() if LEAKS.search(line)]
        if lines:
            found[path] = lines[:4]
    driver.delete_all_cookies()
    page.open("/ui/sign-in")
    lines = [line for line in page.find("body").text.splitlines() if LEAKS.search(line)]
    alerts = [a.text for a in page.find_all(".flash.problem, [role=alert]")]
    if lines or alerts:
        found["/ui/sign-in (first visit)"] = lines[:4] + [f"alert shown: {a!r}" for a in alerts]
    page.sign_in(cc.admin)
    assert found == {}, "placeholders in the pages:\n" + "\n".join(f"{k}: {v}" for k, v in found.items())


def test_a_skill_held_by_its_quota_is_named_as_held_and_cleared_and_silences_made_and_ended_on_skills(cc, page):
    """The held action's card names the skill's hold (no breaker Governance cannot show); the Skills
    page shows the hold, the quota and the alerts as the API does, clears the hold and makes and ends a silence."""
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=30)

    def iso(moment):
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"

    records = [{
        "execution_id": f"cc-classify-{i}-{start.timestamp()}", "skill_name": "classify", "skill_version": "1.0",
        "timestamp_start": iso(start), "timestamp_end": iso(start + datetime.timedelta(milliseconds=200)),
        "execution_succeeded": True, "total_latency_ms": 200, "tokens_input": 300, "provider": "openai", "model": "gpt-4o",
        "cost_usd": 0.001,
    } for i in range(40)]
    cc.s.call("POST", "/v1/executions", records).ok(202)
    held = cc.s.propose_ok("create_internal_note", agent="Relay", account="acct-9", params={"skill": "classify"}, key=cc.h.agent_key)
    try:
        assert held["decision"]["reason"] == "SKILL_HELD" and held["decision"]["policyClause"] == "skills.classify.holds", held["decision"]
        page.open(f"/ui/inbox?action={held['id']}")
        card = page.find(f"#action-{held['id']}").text
        assert "Skill 'classify' is held: the openai free-tier quota is exhausted" in card and "circuit breaker" not in card, card
        assert "Skill 'classify' is still held (quota:openai since" in card, card

        page.open("/ui/skills")
        assert page.find("nav a[aria-current=page]").text == "Skills"
        quota = cc.s.call("GET", "/v1/quotas").ok()["quotas"][0]
        # As the API answers it, to two decimals at most (120, 100.15): QA r7 alerts L5.
        percent = f"{quota['pctUsed']:.2f}".rstrip("0").rstrip(".")
        used = f"{quota['usedToday']} of {quota['dailyLimit']} tokens ({percent}%)"
        assert used in page.text("#quota-openai"), (used, page.text("#quota-openai"))
        assert "RED" in page.text("#quota-openai") and "exhausted" in page.text("#quota-openai")
        row = page.text("#skill-classify")
        assert "openai" in row and "quota:openai" in row and "Clear hold" in row, row
        for alert in cc.s.call("GET", "/v1/alerts").ok()["alerts"]:
            assert alert["summary"] in page.text(f"#alert-{alert['seq']}")
        assert page.find_all("#alerts tr[id^=alert-]"), "the quota alerts"
        page.js("document.getElementById('skills-h').scrollIntoView({block: 'start'})")
        shot(page, "skills")

        form = page.find("#skill-classify form[action='/ui/skills/classify/clear']")
        form.find_element(By.NAME, "reason").send_keys("limit raised")
        page.submit(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        assert "Cleared the hold on classify (quota:openai)." in page.text(".flash")
        assert cc.s.call("GET", "/v1/skills/classify").ok()["held"] is False
        assert "Not held" in page.text("#skill-classify")
        page.open(f"/ui/inbox?action={held['id']}")
        assert "that hold has since ended" in page.find(f"#action-{held['id']}").text

        page.open("/ui/skills")
        page.find("details.new-silence summary").click()
        page.find("select#silence-rule option[value='success-rate']").click()
        page.find("input#silence-skill").send_keys("classify")
        page.find("input#silence-reason").send_keys("re-indexing")
        page.find("select#silence-lasts option[value='4h']").click()
        page.submit(page.find("#silence-form button[type=submit]"))
        assert "rule success-rate for skill classify until" in page.text(".flash"), page.text(".flash")
        [silence] = cc.s.call("GET", "/v1/silences?active=true").ok()["silences"]
        assert silence["rule"] == "success-rate" and silence["skill"] == "classify" and silence["reason"] == "re-indexing"
        page.submit(page.find(f"#silence-{silence['id']} button[type=submit]"))
        assert f"Silence {silence['id']} ended" in page.text(".flash")
        assert cc.s.call("GET", "/v1/silences?active=true").ok()["silences"] == []
        assert "No silence is active." in page.text("#main")
    finally:
        cc.s.call("POST", f"/v1/actions/{held['id']}/reject", {"reason": "test done"}, key=cc.admin)


# --------------------------------------------------------------------------------------------
# 9. Layout and labels


@pytest.mark.parametrize("width,height,mobile", [(390, 844, True), (1280, 800, False)], ids=["390px", "1280x800"])
def test_fleet_and_inbox_do_not_scroll_sideways_and_every_control_has_a_label(cc, page, width, height, mobile):
    viewport(page.driver, width, height, mobile)
    try:
        for path, css in (("/ui/fleet", "article.tile"), ("/ui/inbox", "article.approval")):
            page.open(path)
            assert page.find_all(css), f"{path} has no {css} to lay out"
            if path == "/ui/inbox":
                assert page.find_all("article.escalation")
            sizes = page.overflow(width)
            assert sizes["innerWidth"] == width and sizes["scrollWidth"] <= sizes["innerWidth"] + 1 and not sizes["wide"], \
                f"{path} at {width}px is wider than the screen: {sizes}"
            labels = page.unlabelled()
            assert labels["checked"] > (5 if path == "/ui/inbox" else 0) or path == "/ui/fleet", labels
            assert labels["unlabelled"] == [], f"{path}: controls without a label: {labels['unlabelled']}"
    finally:
        viewport(page.driver, 1280, 800)


def test_governance_and_ledger_fit_390px_without_breaking_words(cc, page):
    """The breakers' hidden "Force open NAME" text stays inside the table's scroll box (it used to
    widen the whole page), and ledger entries stack as cards instead of 5-letter columns."""
    viewport(page.driver, 390, 844, True)
    try:
        for path, css in (("/ui/governance", "details.force-open summary .visually-hidden"), ("/ui/ledger", "table.ledger .kind code")):
            page.open(path)
            assert page.find_all(css), f"{path} has no {css}"
            sizes = page.overflow(390)
            assert sizes["scrollWidth"] <= sizes["innerWidth"] + 1, f"{path} at 390px is wider than the screen: {sizes}"
            assert page.js("window.scrollTo(500, 0); return window.scrollX;") == 0, f"{path} scrolls sideways"
        broken = page.js("""return Array.from(document.querySelectorAll('table.ledger .kind code, table.ledger .subject code'))
            .filter(c => c.getClientRects().length > 1).map(c => c.textContent);""")
        assert broken == [], f"kinds and subjects broken across lines at 390px: {broken}"
    finally:
        viewport(page.driver, 1280, 800)


def test_every_page_has_text_with_wcag_aa_contrast(cc, page):
    """Every page, including its badges, flashes and the kill-switch banner."""
    cc.s.call("POST", "/v1/kill-switch", {"engaged": True, "reason": "contrast check"}).ok()
    try:
        pages = ["/ui/fleet", "/ui/agents/Waiting", "/ui/inbox", "/ui/feed", "/ui/governance", "/ui/skills", "/ui/ledger", "/ui/admin"]
        failing = {}
        for path in pages:
            page.open(path)
            result = page.contrast()
            assert result["checked"] > 10, (path, result)
            if result["failing"]:
                failing[path] = result["failing"]
        page.driver.delete_all_cookies()
        page.open("/ui/sign-in")
        page.sign_in("stw_000000000000_" + "0" * 64)  # shows the problem flash
        result = page.contrast()
        if result["failing"]:
            failing["/ui/sign-in"] = result["failing"]
        assert failing == {}, failing
    finally:
        cc.s.call("POST", "/v1/kill-switch", {"engaged": False, "reason": "contrast check done"}).ok()


# --------------------------------------------------------------------------------------------
# 10. Screenshots


def shot(page, name, size=(1280, 800)):
    path = os.path.join(SCREENSHOTS, f"{name}.png")
    if os.path.exists(path):
        os.remove(path)
    assert page.screenshot(path) == size, (name, png_size(path))


def test_screenshots_of_every_page(cc, page, driver):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page.js("window.scrollTo(0, 0)")

    page.open("/ui/fleet")
    page.wait(lambda _: len(page.find_all("article.tile")) >= 4, "the tiles")
    shot(page, "fleet")

    page.open("/ui/agents/Waiting")
    page.wait(lambda _: page.find_all("details.incident-card"), "the incident of Waiting")
    shot(page, "agent")

    page.open("/ui/inbox")
    assert page.find_all(f"#action-{cc.waiting_action}") and page.find_all(f"#escalation-{cc.waiting_escalation}")
    shot(page, "inbox")

    page.open("/ui/feed")
    page.wait(lambda _: page.find_all("ol.ranked li"), "a waiting proposal in the feed")
    shot(page, "feed")

    page.open("/ui/governance")
    page.find("h1")
    shot(page, "governance")

    page.open("/ui/ledger")
    page.submit(page.find("button#verify-chain"))
    page.find("table.ledger tbody tr details.entry summary").click()
    page.js("document.querySelector('.flash').scrollIntoView({block: 'start'})")
    shot(page, "ledger")

    page.open("/ui/admin")
    page.find("select#try-type option[value='send_email']").click()
    agent = page.find("input#try-agent")
    agent.clear()
    agent.send_keys("Relay")
    page.find("textarea#try-params").send_keys('{"to": "ceo@customer.example"}')
    page.submit(page.find("form[action^='/ui/policy/try'] button[type=submit]"))
    trace = page.find("#try-result table")
    assert trace.find_element(By.TAG_NAME, "caption").text == "Gate trace"
    checks = [th.text for th in trace.find_elements(By.CSS_SELECTOR, "tbody th[scope=row]")]
    assert checks == ["kill_switch", "breakers", "autonomy", "policy", "cost_gate", "budgets", "risk"], checks
    assert "REQUIRE_APPROVAL" in page.text("#try-result .decision")
    page.js("document.getElementById('try-result').scrollIntoView({block: 'start'})")
    shot(page, "admin")

    viewport(driver, 390, 844, True)
    try:
        page.open("/ui/fleet")
        page.wait(lambda _: len(page.find_all("article.tile")) >= 4, "the tiles")
        shot(page, "fleet-mobile", (390, 844))
    finally:
        viewport(driver, 1280, 800)

    driver.delete_all_cookies()
    page.open("/ui/fleet")
    assert page.path.startswith("/ui/sign-in")
    shot(page, "sign-in")
    page.sign_in(cc.admin)

    names = {"sign-in", "fleet", "agent", "inbox", "feed", "governance", "ledger", "admin", "fleet-mobile", "skills"}
    assert names <= {f[:-4] for f in os.listdir(SCREENSHOTS) if f.endswith(".png")}
