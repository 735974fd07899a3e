#!/usr/bin/env bash
# Start-up cost of the starter: StartupApplication (webmvc + security, one endpoint) started cold,
# alternately without the starter (Spring Boot's default security) and with it (the starter's
# default chain: login filter, JWT encoder/decoder, WeChat client), RUNS times each (7).
# Prints every start and the medians; writes results/startup.txt.
# Usage: benchmarks/startup.sh [runs] [java]
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${1:-7}
JAVA=${2:-java}
mkdir -p results
ALL="target/classes:$(cat target/classpath.txt)"
# Without the starter: drop it and what it alone brings (the resource server and JOSE jars)
WITHOUT=$(echo "$ALL" | tr ':' '\n' | grep -v -E 'wechat-login-|oauth2|nimbus-jose' | paste -sd:)
PROPS=(--server.port=0 --server.address=127.0.0.1 --spring.main.banner-mode=off --logging.level.root=WARN
  --wechat.login.type=mini-program --wechat.login.app-id=wx-startup --wechat.login.secret=startup-secret
  --wechat.login.token.secret=startup-token-secret-at-least-32-bytes-long)
OUT=results/startup.txt
: > "$OUT"
for i in $(seq 1 "$RUNS"); do
  for variant in without with; do
    if [ "$variant" = with ]; then CP="$ALL"; else CP="$WITHOUT"; fi
    line=$(timeout 120 "$JAVA" -Xshare:auto -cp "$CP" io.github.wechatlogin.benchmarks.startup.StartupApplication "${PROPS[@]}" 2>&1 | grep '^STARTUP' || true)
    echo "run=$i variant=$variant $line" | tee -a "$OUT"
  done
done
python3 - "$OUT" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=(\S+)', l)) for l in open(sys.argv[1]) if 'STARTUP' in l]
def med(v, k): return statistics.median(int(r[k]) for r in rows if r['variant'] == v)
out = []
for k in ('started_ms', 'ready_ms', 'jvm_uptime_ms', 'beans'):
    a, b = med('without', k), med('with', k)
    out.append(f"MEDIAN {k}: without={a} with={b} difference={b - a}")
print("\n".join(out))
open(sys.argv[1], 'a').write("\n".join(out) + "\n")
PY
