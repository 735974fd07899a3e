-- wrk script: POST a login with a fresh code per request.
-- The codes come from the file named by the CODES environment variable (one a line, minted by
-- LoadSimulator); thread i of n takes lines i, i+n, i+2n, ... A thread that runs out of codes
-- starts over (those logins then fail with 401 and count as errors in the summary).
-- LOGIN_PATH (default /login/wechat/classic) and FORMAT (json) choose the request.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local total = tonumber(os.getenv("THREADS") or "2")
  codes = {}
  local i = 0
  for line in io.lines(os.getenv("CODES")) do
    if i % total == id then
      table.insert(codes, line)
    end
    i = i + 1
  end
  next_code = 1
  path = os.getenv("LOGIN_PATH") or "/login/wechat/classic"
end

function request()
  local code = codes[next_code]
  next_code = next_code + 1
  if next_code > #codes then
    next_code = 1
  end
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, '{"code":"' .. code .. '"}')
end

function done(summary, latency, requests)
  local non200 = summary.errors.status
  io.write(string.format("RESULT requests=%d duration_us=%d rps=%.1f non200=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), non200,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
