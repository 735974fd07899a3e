-- wrk script: GET with the bearer token of the TOKEN environment variable (none when empty).
local token = os.getenv("TOKEN") or ""

function request()
  if token ~= "" then
    return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. token })
  end
  return wrk.format("GET", nil)
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT requests=%d duration_us=%d rps=%.1f non200=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), non2xx,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
