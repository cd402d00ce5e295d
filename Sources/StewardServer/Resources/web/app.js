// Steward Control Center: live updates from /v1/events (Server-Sent Events), no polling, the
// fleet's filter, and times in the viewer's own time zone. The browser reconnects by itself and
// sends Last-Event-ID, so nothing is missed across a restart.
(function () {
  "use strict";
  var status = document.getElementById("live-status");
  var signedOut = false;

  function show(text) {
    if (!status || signedOut) return;
    status.textContent = text;
    status.hidden = !text;
  }

  // ---- The fleet's filter: state buttons (several may be on) and a search by name.

  var search = document.getElementById("fleet-search");
  var shownNote = document.getElementById("fleet-shown");

  function chosenStates() {
    var on = {};
    var any = false;
    var buttons = document.querySelectorAll("button.state-filter[aria-pressed='true']");
    for (var i = 0; i < buttons.length; i++) { on[buttons[i].getAttribute("data-state")] = true; any = true; }
    return any ? on : null;
  }

  function filterTile(tile, states, text) {
    var name = (tile.getAttribute("data-agent") || "").toLowerCase();
    var fits = (!states || states[tile.getAttribute("data-state")]) && (!text || name.indexOf(text) >= 0);
    tile.hidden = !fits;
    return fits;
  }

  function applyFilter() {
    if (!search) return;
    var states = chosenStates();
    var text = search.value.trim().toLowerCase();
    var tiles = document.querySelectorAll("#tiles .tile[data-agent]");
    var shown = 0;
    for (var i = 0; i < tiles.length; i++) if (filterTile(tiles[i], states, text)) shown++;
    if (shownNote) shownNote.textContent = (states || text) ? "Showing " + shown + " of " + tiles.length + " agents." : "";
  }

  if (search) {
    search.addEventListener("input", applyFilter);
    var stateButtons = document.querySelectorAll("button.state-filter");
    for (var b = 0; b < stateButtons.length; b++) {
      stateButtons[b].addEventListener("click", function (event) {
        var button = event.currentTarget;
        button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
        applyFilter();
      });
    }
  }

  // The counters match the tiles: every tile is on the page, shown or filtered out.
  function recount() {
    var counters = document.querySelectorAll("[data-count]");
    if (!counters.length) return;
    var counts = {};
    var tiles = document.querySelectorAll("#tiles .tile[data-state]");
    for (var i = 0; i < tiles.length; i++) {
      var state = tiles[i].getAttribute("data-state");
      counts[state] = (counts[state] || 0) + 1;
    }
    for (var j = 0; j < counters.length; j++) counters[j].textContent = String(counts[counters[j].getAttribute("data-count")] || 0);
  }

  // ---- Times: the server writes each as <time datetime="…Z"> with its UTC text (kept as the
  // tooltip); here it becomes the viewer's local time and how long ago it was, kept current.

  var localFormat = null;
  try {
    localFormat = new Intl.DateTimeFormat(undefined, {
      year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit",
      hourCycle: "h23", timeZoneName: "short"
    });
  } catch (e) { /* an old browser: the UTC text stays */ }

  // "just now", "3 min ago", "5 h ago", "2 days ago"; "in 20 h" for what is still to come.
  // What is past is floored (59 s ago is not "1 min ago"); what is to come is rounded, so a
  // 4-hour silence created a moment ago reads "in 4 h", not "in 3 h".
  function relative(ms) {
    var seconds = Math.abs(ms) / 1000, future = ms < 0, count = future ? Math.round : Math.floor;
    if (seconds < 45) return future ? "in a moment" : "just now";
    var n, unit;
    if (seconds < (future ? 3570 : 3600)) { n = Math.max(1, count(seconds / 60)); unit = "min"; }
    else if (seconds < 86400) { n = Math.max(1, count(seconds / 3600)); unit = "h"; }
    else { n = count(seconds / 86400); unit = n === 1 ? "day" : "days"; }
    return future ? "in " + n + " " + unit : n + " " + unit + " ago";
  }

  function localTimes() {
    if (!localFormat) return;
    var now = Date.now();
    var times = document.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var at = Date.parse(times[i].getAttribute("datetime"));
      if (isNaN(at)) continue;
      times[i].textContent = localFormat.format(new Date(at)) + " (" + relative(now - at) + ")";
    }
  }
  localTimes();
  // Every 15 s, so a time that just passed (an approval's expiry) soon stops reading "in a moment".
  setInterval(localTimes, 15000);

  if (!document.body.hasAttribute("data-live") || !window.EventSource) return;
  var lastId = null;
  var pendingTiles = {};
  var source = null;

  // The session ended (signed out elsewhere, expired, or its key revoked): say so plainly and
  // stop, rather than put the sign-in page where the tiles were.
  function endSession() {
    if (signedOut) return;
    show("");
    signedOut = true;
    if (source) { source.close(); source = null; }
    if (!status) return;
    status.textContent = "";
    status.className = "live-status signed-out";
    status.setAttribute("role", "alert");
    status.appendChild(document.createTextNode("You have been signed out: your session ended or its key was revoked. This page no longer updates. "));
    var link = document.createElement("a");
    link.href = "/ui/sign-in?next=" + encodeURIComponent(location.pathname);
    link.textContent = "Sign in again";
    status.appendChild(link);
    status.hidden = false;
  }

  // A fetch that the server answered with the sign-in page (it redirects a page request without a session).
  function lostSession(response) {
    return response.redirected && response.url.indexOf("/ui/sign-in") >= 0;
  }

  function toast(text, kind) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var item = document.createElement("div");
    item.className = "toast " + (kind || "");
    item.setAttribute("role", "status");
    item.textContent = text;
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 8000);
  }

  function tileElement(agent) {
    var tiles = document.querySelectorAll(".tile[data-agent]");
    for (var i = 0; i < tiles.length; i++) if (tiles[i].getAttribute("data-agent") === agent) return tiles[i];
    return null;
  }

  // Replace one agent's tile with the server's current rendering (a few events in a row coalesce).
  function refreshTile(agent) {
    if (pendingTiles[agent] || signedOut) return;
    pendingTiles[agent] = setTimeout(function () {
      delete pendingTiles[agent];
      fetch("/ui/tiles?agent=" + encodeURIComponent(agent), { credentials: "same-origin" }).then(function (response) {
        if (lostSession(response)) { endSession(); return null; }
        if (!response.ok) return null;
        return response.text();
      }).then(function (html) {
        if (!html) return;
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var fresh = holder.firstElementChild;
        if (!fresh || !fresh.matches("article.tile")) return;
        var old = tileElement(agent);
        if (old) old.replaceWith(fresh);
        else if (document.getElementById("tiles")) document.getElementById("tiles").appendChild(fresh);
        else return;
        if (search) filterTile(fresh, chosenStates(), search.value.trim().toLowerCase());
        recount();
      });
    }, 150);
  }

  // The inbox badge in the header, from the server's count (coalesced like the tiles).
  var badgeTimer = null;
  function refreshBadge() {
    if (badgeTimer || signedOut) return;
    badgeTimer = setTimeout(function () {
      badgeTimer = null;
      fetch("/ui/inbox-count", { credentials: "same-origin" }).then(function (response) {
        if (lostSession(response)) { endSession(); return null; }
        return response.ok ? response.json() : null;
      }).then(function (count) {
        if (!count) return;
        var link = document.querySelector("nav a[href='/ui/inbox']");
        if (!link) return;
        var badge = link.querySelector(".count");
        if (!count.total) { if (badge) badge.remove(); return; }
        if (!badge) {
          badge = document.createElement("span");
          badge.className = "count";
          link.appendChild(document.createTextNode(" "));
          link.appendChild(badge);
        }
        badge.textContent = count.label;
        badge.setAttribute("aria-label", count.label + " waiting");
      }).catch(function () { /* the next event tries again */ });
    }, 300);
  }

  var pageName = location.pathname.split("/")[2] || "";
  var inboxKinds = {
    "action.proposed": 1, "action.redecided": 1, "escalation.raised": 1, "escalation.resolved": 1, "action.approved": 1,
    "action.rejected": 1, "action.approval_recorded": 1, "action.expired": 1, "action.dispatched": 1
  };

  var skillKinds = {
    "skill.held": 1, "skill.hold_cleared": 1, "alert.raised": 1, "silence.created": 1, "silence.deleted": 1,
    "quota.warning": 1, "quota.critical": 1, "quota.exhausted": 1
  };

  function handle(entry) {
    var subject = entry.subject || "";
    var payload = entry.payload || {};
    if (subject.indexOf("agent:") === 0) refreshTile(subject.slice(6));
    if (inboxKinds[entry.kind]) refreshBadge();
    if (entry.kind === "incident.resolved" && typeof payload.resolution === "string" && payload.resolution.indexOf("resolved by Steward: ") === 0) {
      toast("Resolved by Steward: " + payload.resolution.slice("resolved by Steward: ".length), "resolved");
    }
    if (entry.kind === "escalation.raised" && payload.agent) {
      var why = payload.reason === "AutoRemediationFailed" ? "attempts exhausted" : (payload.reason || "a person is needed");
      toast("Escalated: " + why + " (" + payload.agent + ")", "escalated");
    }
    if (entry.kind === "breaker.tripped") toast("Circuit breaker tripped: " + (payload.name || payload.breaker || ""), "escalated");
    if ((pageName === "inbox" || pageName === "feed") && inboxKinds[entry.kind]) {
      show("New items are waiting. Reload the page to see them.");
    }
    if (pageName === "governance" && entry.kind.indexOf("breaker.") === 0) show("A breaker changed. Reload the page to see it.");
    if (pageName === "skills" && skillKinds[entry.kind]) show("Skills, quotas or alerts changed. Reload the page to see them.");
  }

  function connect() {
    if (signedOut) return;
    var url = "/v1/events" + (lastId ? "?after=" + encodeURIComponent(lastId) : "");
    source = new EventSource(url);
    source.onopen = function () {
      document.body.classList.remove("stale");
      if (status) status.classList.remove("offline");
      if (status && status.textContent.indexOf("Live updates paused") === 0) show("");
    };
    source.onmessage = function (event) {
      if (event.lastEventId) lastId = event.lastEventId;
      try { handle(JSON.parse(event.data)); } catch (e) { /* one bad event does not stop the stream */ }
    };
    // The server ends the stream with this event once the key is revoked or the session ended.
    source.addEventListener("revoked", endSession);
    source.onerror = function () {
      // Say plainly that what is on the page may be out of date, and since when.
      if (!document.body.classList.contains("stale")) {
        document.body.classList.add("stale");
        if (status) status.classList.add("offline");
        show("Live updates paused: the server does not answer. What you see is as of " + new Date().toLocaleTimeString() + "; reconnecting…");
      }
      // A stream refused for want of a session looks like any lost connection: ask a page.
      fetch("/ui/inbox-count", { credentials: "same-origin" }).then(function (response) {
        if (lostSession(response)) endSession();
      }).catch(function () { /* the server is away; the browser keeps retrying */ });
      // The browser retries by itself while the stream is CONNECTING; if it gave up, start again.
      if (source && source.readyState === EventSource.CLOSED) setTimeout(function () { if (source && source.readyState === EventSource.CLOSED) connect(); }, 2000);
    };
  }
  connect();
  // A page kept in the back/forward cache must not hold its stream: the browser has six
  // connections per host, and each cached live page would keep one.
  window.addEventListener("pagehide", function () { if (source) { source.close(); source = null; } });
  window.addEventListener("pageshow", function (event) { if (event.persisted && !source) connect(); });
})();
