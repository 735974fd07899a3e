-- wrk script: POST logins with random codes that WeChat never issued (a junk flood).
-- LOGIN_PATH (default /login/wechat) chooses the endpoint. Each thread seeds its own generator.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

function init(args)
  math.randomseed(os.time() * 1000 + id * 7919)
  path = os.getenv("LOGIN_PATH") or "/login/wechat"
  not401 = 0
end

local function junk()
  local chars = {}
  for i = 1, 32 do
    local n = math.random(1, 64)
    chars[i] = alphabet:sub(n, n)
  end
  return table.concat(chars)
end

function request()
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, '{"code":"junk' .. junk() .. '"}')
end

-- every junk login should be answered 401 invalid_code; count the other answers
function response(status, headers, body)
  if status ~= 401 then
    not401 = not401 + 1
  end
end

function done(summary, latency, requests)
  local others = 0
  for _, thread in ipairs(threads) do
    others = others + thread:get("not401")
  end
  io.write(string.format("RESULT requests=%d duration_us=%d rps=%.1f non200=%d not401=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), summary.errors.status, others,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
