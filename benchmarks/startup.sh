#!/usr/bin/env bash
# Start-up cost of the starter: StartupApplication (webmvc + security, one endpoint) started cold,
# alternately without the starter (Spring Boot's default security) and with it (the starter's
# default chain: login filter, JWT encoder/decoder, WeChat client), RUNS times each (7); and the
# same pair again with method security enabled by the application itself.
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
# Two comparisons, alternating: the application as is, and the application with method security
# of its own (as one that uses @PreAuthorize without the starter has it; the starter's backs off)
for i in $(seq 1 "$RUNS"); do
  for variant in without with without-ms with-ms; do
    case "$variant" in with | with-ms) CP="$ALL";; *) CP="$WITHOUT";; esac
    case "$variant" in *-ms) EXTRA=(--bench.method-security=true);; *) EXTRA=();; esac
    line=$(timeout 120 "$JAVA" -Xshare:auto -cp "$CP" io.github.wechatlogin.benchmarks.startup.StartupApplication "${PROPS[@]}" "${EXTRA[@]}" 2>&1 | grep '^STARTUP' || true)
    echo "run=$i variant=$variant $line" | tee -a "$OUT"
  done
done
python3 - "$OUT" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=(\S+)', l)) for l in open(sys.argv[1]) if 'STARTUP' in l]
def med(v, k): return statistics.median(int(r[k]) for r in rows if r['variant'] == v)
def paired(a, b, k):
    by_run = {}
    for r in rows:
        by_run.setdefault(r['run'], {})[r['variant']] = int(r[k])
    return sorted(v[b] - v[a] for v in by_run.values() if a in v and b in v)
out = []
for suffix, label in (('', 'application as is'), ('-ms', 'application with its own method security')):
    out.append(f"# {label}")
    for k in ('started_ms', 'ready_ms', 'jvm_uptime_ms', 'beans'):
        a, b = med('without' + suffix, k), med('with' + suffix, k)
        out.append(f"MEDIAN{suffix} {k}: without={a} with={b} difference={b - a}")
    d = paired('without' + suffix, 'with' + suffix, 'started_ms')
    out.append(f"PAIRED{suffix} started_ms differences: median={statistics.median(d)} all={d}")
print("\n".join(out))
open(sys.argv[1], 'a').write("\n".join(out) + "\n")
PY
