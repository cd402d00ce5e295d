// Steward Control Center: live updates from /v1/events (Server-Sent Events), no polling.
// The browser reconnects by itself and sends Last-Event-ID, so nothing is missed across a restart.
(function () {
  "use strict";
  if (!document.body.hasAttribute("data-live") || !window.EventSource) return;
  var lastId = null;
  var pendingTiles = {};
  var source = null;
  var status = document.getElementById("live-status");

  function show(text) {
    if (!status) return;
    status.textContent = text;
    status.hidden = !text;
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
    if (pendingTiles[agent]) return;
    pendingTiles[agent] = setTimeout(function () {
      delete pendingTiles[agent];
      fetch("/ui/tiles/" + encodeURIComponent(agent), { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) return null;
        return response.text();
      }).then(function (html) {
        if (!html) return;
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var fresh = holder.firstElementChild;
        var old = tileElement(agent);
        if (old && fresh) old.replaceWith(fresh);
        else if (fresh && document.getElementById("tiles")) document.getElementById("tiles").appendChild(fresh);
      });
    }, 150);
  }

  var pageName = location.pathname.split("/")[2] || "";
  var inboxKinds = { "action.proposed": 1, "action.redecided": 1, "escalation.raised": 1, "escalation.resolved": 1, "action.approved": 1, "action.rejected": 1 };

  function handle(entry) {
    var subject = entry.subject || "";
    var payload = entry.payload || {};
    if (subject.indexOf("agent:") === 0) refreshTile(subject.slice(6));
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
  }

  function connect() {
    var url = "/v1/events" + (lastId ? "?after=" + encodeURIComponent(lastId) : "");
    source = new EventSource(url);
    source.onopen = function () { if (status && status.textContent.indexOf("Reconnecting") === 0) show(""); };
    source.onmessage = function (event) {
      if (event.lastEventId) lastId = event.lastEventId;
      try { handle(JSON.parse(event.data)); } catch (e) { /* one bad event does not stop the stream */ }
    };
    source.onerror = function () {
      show("Reconnecting to live updates…");
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
