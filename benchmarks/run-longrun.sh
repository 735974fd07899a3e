#!/usr/bin/env bash
# Flat cost: CPU time per login and p99 login latency of one demo instance (Java 17, in-memory
# stores, default limits) as the logins it has served grow to 1,000,000, and then after a flood
# of 1,000,000 junk codes. On loopback against LoadSimulator; every wrk run is bounded (-d) and
# every JVM started here is stopped at the end.
#
#   1. warm-up: WARM seconds of real logins at 8 connections, 50 ms upstream latency (the JIT
#      warms while few logins are served);
#   2. at each checkpoint of CHECKPOINTS (logins served: "10000 100000 300000 1000000"), filled
#      up to it with real logins at full speed (no latency, 64 connections): 3 measured windows of
#      WINDOW seconds at 128 connections, 50 ms latency; each window's RESULT line carries cpu_us
#      (utime + stime of the demo process across the window, divided by its requests), p50, p99,
#      and `served`, the logins served when the window started;
#   3. JUNK junk codes (never issued: WeChat answers 40029 at once) at full speed, then 3 windows
#      again (checkpoint "junk").
# After each checkpoint: the resident set (VmRSS) and the heap in use after a full GC
# (jcmd GC.run, then GC.heap_info).
# Usage: [OUT=results/longrun.txt] [CHECKPOINTS=...] [JUNK=1000000] [WARM=40] [WINDOW=8] benchmarks/run-longrun.sh
# Prerequisites as for run-load.sh (the demo jar rebuilt, benchmarks packaged, wrk installed).
set -euo pipefail
cd "$(dirname "$0")"
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JCMD=${JCMD:-$(dirname "$JAVA17")/jcmd}
OUT=${OUT:-results/longrun.txt}
CHECKPOINTS=${CHECKPOINTS:-10000 100000 300000 1000000}
JUNK=${JUNK:-1000000}
WARM=${WARM:-40}
WINDOW=${WINDOW:-8}
mkdir -p results target/load
: > "$OUT"
CP="target/classes:$(cat target/classpath.txt)"
cp ../samples/demo/target/wechat-login-demo-0.1.0-SNAPSHOT.jar target/load/demo.jar
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_port() { for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.5; done; echo "port $1 not up"; exit 1; }
ctl() { curl -sf "http://127.0.0.1:8090/$1"; }
for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:8090/ || break; sleep 0.5; done
"$JAVA17" -Xmx3g -cp "$CP" io.github.wechatlogin.benchmarks.load.LoadSimulator 8089 8090 45 > target/load/simulator.log 2>&1 &
PIDS+=($!); wait_port 8090
"$JAVA17" -Xms1g -Xmx1g -jar target/load/demo.jar --server.port=8080 --server.address=127.0.0.1 \
  --demo.simulator.enabled=false --wechat.login.api-base-url=http://127.0.0.1:8089 \
  --logging.level.root=WARN --spring.main.banner-mode=off > target/load/longrun-demo.log 2>&1 &
DEMO=$!; PIDS+=($DEMO); wait_port 8080
TICK=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$DEMO/stat"; }
SERVED=0
field() { echo "$1" | sed -n "s/.*$2=\([0-9.]*\).*/\1/p"; }
# one wrk run of real logins: $1 connections, $2 latency ms, $3 seconds; sets LINE, adds to SERVED
logins() {
  local c=$1 lat=$2 d=$3 before n
  ctl "latency?ms=$lat" > /dev/null
  n=$(( (lat > 0 ? c * 1000 / lat : 6000) * d * 13 / 10 + 1000 ))
  ctl "mint?app=wx-demo-mini-program&n=$n&file=$PWD/target/load/codes.txt" > /dev/null
  before=$(ticks)
  LINE=$(THREADS=2 CODES=$PWD/target/load/codes.txt LOGIN_PATH=/login/wechat/classic wrk -t2 -c"$c" -d"${d}s" \
    --timeout 10s -s wrk/login.lua http://127.0.0.1:8080 | grep '^RESULT' || echo "RESULT failed requests=0 non200=0")
  local req non200; req=$(field "$LINE" requests); non200=$(field "$LINE" non200)
  LINE="$LINE cpu_us=$(( ($(ticks) - before) * 1000000 / TICK / (req > 0 ? req : 1) ))"
  SERVED=$(( SERVED + req - non200 ))
}
measure() { # $1 checkpoint label
  local w start
  for w in 1 2 3; do
    start=$SERVED
    logins 128 50 "$WINDOW"
    echo "$LINE scenario=longrun checkpoint=$1 served=$start window=$w" | tee -a "$OUT"
  done
  "$JCMD" "$DEMO" GC.run > /dev/null
  echo "MEMORY checkpoint=$1 served=$SERVED rss_kb=$(awk '/VmRSS/{print $2}' /proc/$DEMO/status) heap_used_kb=$("$JCMD" "$DEMO" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1)" | tee -a "$OUT"
}
logins 8 50 "$WARM"
echo "WARMUP served=$SERVED $LINE" | tee -a "$OUT"
for cp in $CHECKPOINTS; do
  while [ "$SERVED" -lt "$cp" ]; do
    # about 3,000 logins a second at full speed here: runs of at most 60 s
    d=$(( (cp - SERVED) / 3000 + 1 )); [ "$d" -gt 60 ] && d=60
    logins 64 0 "$d"
    echo "FILL served=$SERVED $LINE" >> "$OUT"
  done
  measure "$cp"
done
ctl "latency?ms=0" > /dev/null
JUNKED=0
while [ "$JUNKED" -lt "$JUNK" ]; do
  d=$(( (JUNK - JUNKED) / 4000 + 1 )); [ "$d" -gt 60 ] && d=60
  line=$(THREADS=2 LOGIN_PATH=/login/wechat/classic wrk -t2 -c64 -d"${d}s" --timeout 10s -s wrk/junk.lua \
    http://127.0.0.1:8080 | grep '^RESULT' || echo "RESULT failed requests=0")
  JUNKED=$(( JUNKED + $(field "$line" requests) ))
  echo "JUNK junked=$JUNKED $line" | tee -a "$OUT"
done
measure junk
ctl stop > /dev/null || true
echo "done: $OUT"
