-- wrk script: POST refreshes, each with a refresh token used once. Refresh tokens rotate: every
-- answer carries the next one, which goes back into the thread's pool, so a run needs only a
-- starting pool (REFRESH_TOKENS, a file of one token a line, made by logging in beforehand);
-- thread i of n takes lines i, i+n, ... The pool must hold at least as many tokens per thread
-- as the thread has connections. An answer that is not 200 loses its token (counted in non200).
-- REFRESH_PATH defaults to /login/wechat/refresh.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local total = tonumber(os.getenv("THREADS") or "2")
  pool = {}
  local i = 0
  for line in io.lines(os.getenv("REFRESH_TOKENS")) do
    if i % total == id then
      table.insert(pool, line)
    end
    i = i + 1
  end
  path = os.getenv("REFRESH_PATH") or "/login/wechat/refresh"
  empty = 0
end

function request()
  local token = table.remove(pool, 1)
  if token == nil then
    -- the pool ran dry (answers lost): a request that fails, and is counted
    empty = empty + 1
    token = "pool-ran-dry"
  end
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  if status == 200 then
    local next_token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
    if next_token then
      table.insert(pool, next_token)
    end
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d rps=%.1f non200=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
