-- wrk script: replay a file of requests in rotation, check every response, report JSON.
--
--   wrk -t1 -c64 -d8s -s replay.lua URL -- REQUESTS_FILE EXPECT REJECT THREADS
--
-- REQUESTS_FILE: one request per line, "METHOD<TAB>PATH<TAB>BODY" (BODY may be empty; a POST
-- body is sent as application/json). Each thread starts at its own offset, so with a pool of
-- N distinct requests the first N requests sent are all different.
-- EXPECT / REJECT: a response counts as bad unless it is a 200 whose body contains EXPECT and
-- does not contain REJECT ("-" for none).
-- done() prints one line: "WRK_JSON {...}" with throughput, latency percentiles (microseconds),
-- socket errors, bad-response counts, and how our response cache answered (X-Cache: hit/miss).

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function split_tab(line)
  local fields, start = {}, 1
  while true do
    local at = string.find(line, "\t", start, true)
    if not at then
      table.insert(fields, string.sub(line, start))
      return fields
    end
    table.insert(fields, string.sub(line, start, at - 1))
    start = at + 1
  end
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  expect = args[2] ~= "-" and args[2] or nil
  reject = args[3] ~= "-" and args[3] or nil
  requests = {}
  for line in file:lines() do
    if #line > 0 then
      local f = split_tab(line)
      local method, path, body = f[1], f[2], f[3]
      local headers = {}
      if body ~= nil and #body > 0 then
        headers["Content-Type"] = "application/json"
      else
        body = nil
      end
      table.insert(requests, wrk.format(method, path, headers, body))
    end
  end
  file:close()
  count = #requests
  -- spread threads over the pool: thread k starts k/threads of the way in
  index = math.floor(count * id / math.max(tonumber(args[4] or "1"), 1))
  bad_status, bad_body, responses, cache_hits, cache_misses = 0, 0, 0, 0, 0
end

function request()
  index = index + 1
  if index > count then index = 1 end
  return requests[index]
end

function response(status, headers, body)
  responses = responses + 1
  local cache = headers["x-cache"] or headers["X-Cache"]
  if cache == "hit" then
    cache_hits = cache_hits + 1
  elseif cache == "miss" then
    cache_misses = cache_misses + 1
  end
  if status ~= 200 then
    bad_status = bad_status + 1
  elseif (expect and not string.find(body, expect, 1, true)) or (reject and string.find(body, reject, 1, true)) then
    bad_body = bad_body + 1
  end
end

function done(summary, latency, requests_)
  local bs, bb, rs, ch, cm = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    bs = bs + t:get("bad_status")
    bb = bb + t:get("bad_body")
    rs = rs + t:get("responses")
    ch = ch + t:get("cache_hits")
    cm = cm + t:get("cache_misses")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "responses_checked": %d, ' ..
    '"bad_status": %d, "bad_body": %d, "cache_hits": %d, "cache_misses": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"min": %d, "mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, rs, bs, bb, ch, cm,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
