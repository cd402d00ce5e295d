-- wrk script for Benchmarks/load/signals_load.sh: POST /v1/signals with one healthy heartbeat per
-- request, the agent varied over AGENTS agents (env SIGNAL_AGENTS, default 10000) by a per-thread
-- counter, or NDJSON bodies of BATCH heartbeats (env SIGNAL_BATCH > 1). Counts every response
-- that is not 202 (printed by done() as "non201 N", the name the report reads).
local AGENTS = tonumber(os.getenv("SIGNAL_AGENTS") or "10000")
local BATCH = tonumber(os.getenv("SIGNAL_BATCH") or "1")
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  non201 = 0
  responses = 0
  statuses = ""
  wrk.method = "POST"
  wrk.headers["Content-Type"] = BATCH > 1 and "application/x-ndjson" or "application/json"
end

local function heartbeat()
  counter = counter + 1
  local agent = string.format("agent-%d-%05d", id, counter % AGENTS)
  return '{"agent":"' .. agent .. '","status":"healthy","lastReport":"ok","metrics":{"successRate":0.97,' ..
    '"alignment":0.96,"backlogAgeMinutes":2,"costBurnRatePerHour":0.4},"context":{"directiveId":"d-' .. (counter % 97) ..
    '","queueDepth":1,"dependencies":["MarketIntel"]},"ts":"' .. os.date("!%Y-%m-%dT%H:%M:%SZ") .. '"}'
end

function request()
  if BATCH == 1 then return wrk.format(nil, nil, nil, heartbeat()) end
  local lines = {}
  for i = 1, BATCH do lines[i] = heartbeat() end
  return wrk.format(nil, nil, nil, table.concat(lines, "\n"))
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 202 then
    non201 = non201 + 1
    if #statuses < 200 then statuses = statuses .. status .. " " .. string.sub(body or "", 1, 120) .. "; " end
  end
end
function done(summary, latency, requests)
  local bad, seen = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non201")
    seen = seen + t:get("responses")
    local s = t:get("statuses")
    if s ~= nil and s ~= "" then io.write("statuses thread ", t:get("id"), ": ", s, "\n") end
  end
  io.write(string.format("responses %d\nnon201 %d\n", seen, bad))
  io.write(string.format("p50_us %d\np90_us %d\np99_us %d\np999_us %d\nmax_us %d\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
  io.write(string.format("requests %d\nduration_us %d\nrps %.1f\nerrors_connect %d\nerrors_read %d\nerrors_write %d\nerrors_status %d\nerrors_timeout %d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
