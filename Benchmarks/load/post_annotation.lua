-- wrk script: POST /v1/annotations (a durable single-entry append with no gate and no state
-- reads), for comparison with post_action.lua; counts non-201 responses like it.
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
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = '{"text":"load test ' .. counter .. '","subject":"account:acct-' .. id .. '-' ..
    string.format("%04d", counter % 1000) .. '","labels":{"run":"load"}}'
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 201 then
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
