-- POST /v1/executions with NDJSON batches of BATCH new execution records (unique ids per thread
-- and request), for Benchmarks/load/executions_load.sh. PATH_QUERY may add "?dryRun=true".
-- TIMES: "forward" (default) starts each thread's executions 10 ms apart from 2026-12-01T00:00Z,
-- as executions reported when they finish arrive; "replay" starts them within one hour,
-- 10:00-10:59, over and over (every 3,600 records), so each batch's rows land all over the
-- (tenant, skill, start) index.
local counter = 0
local threads = 0
local batch = tonumber(os.getenv("BATCH") or "1000")
local key = os.getenv("KEY")
local path = "/v1/executions" .. (os.getenv("PATH_QUERY") or "")

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = string.format("t%d-%d-", tid, math.random(1, 1000000000))
end

local skills = {"summarize", "classify", "route", "draft"}
local forward = (os.getenv("TIMES") or "forward") ~= "replay"

-- "2026-12-01T" plus the time of day of `ms` milliseconds after midnight (days roll into the hour).
local function moment(ms)
  local day = 1 + math.floor(ms / 86400000)
  local h = math.floor(ms / 3600000) % 24
  return string.format("2026-12-%02dT%02d:%02d:%02d.%03dZ", day, h, math.floor(ms / 60000) % 60, math.floor(ms / 1000) % 60, ms % 1000)
end

function request()
  local lines = {}
  for i = 1, batch do
    counter = counter + 1
    local ok = (counter % 50) ~= 0
    local start, finish
    if forward then
      start, finish = moment(counter * 10), moment(counter * 10 + 1)
    else
      start = string.format("2026-12-01T10:%02d:%02d.%03dZ", math.floor(counter / 60) % 60, counter % 60, counter % 1000)
      finish = string.format("2026-12-01T10:%02d:%02d.%03dZ", math.floor(counter / 60) % 60, counter % 60, (counter + 1) % 1000)
    end
    lines[i] = string.format(
      '{"execution_id":"%s%d","skill_name":"%s","skill_version":"1.4.2","orchestrator_version":"2.0.0",' ..
      '"timestamp_start":"%s","timestamp_end":"%s",' ..
      '"operator":"orchestrator","environment":"prod","execution_succeeded":%s,"execution_failed":%s,' ..
      '"total_latency_ms":%d,"wall_clock_time_ms":%d,"tokens_input":%d,"tokens_output":%d,' ..
      '"provider":"openai","model":"gpt-3.5-turbo","confidence_score":0.9,"decision_made":"APPROVE"}',
      prefix, counter, skills[(counter % 4) + 1], start, finish, ok and "true" or "false", ok and "false" or "true",
      700 + counter % 300, 720 + counter % 300, 300 + counter % 50, 40 + counter % 20)
  end
  return wrk.format("POST", path, {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/x-ndjson"},
    table.concat(lines, "\n"))
end
