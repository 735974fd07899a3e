#!/usr/bin/env bash
# Real logins while a flood of junk codes runs, for two builds of the library side by side
# (before and after a change), alternating, on loopback. Every wrk run is bounded (-d) and every
# JVM started here is stopped at the end.
#
# The application is FloodApplication (the starter, its default chain and in-memory stores, a
# mini program registration at /login/wechat), compiled with javac against the libraries inside
# each build's demo fat jar, so that neither build needs installing. The simulator
# (LoadSimulator, on 18089) answers junk codes with 40029 at once, and real codes, minted into a
# file before each wrk run, one per request.
#
# For each repetition, scenario and build (the order of the builds alternates from one
# repetition to the next), in a fresh JVM (Java 17, -Xms1g -Xmx1g):
#   1. PREFILL_S seconds of junk logins (random codes WeChat never issued) at full speed, no
#      upstream latency: the flood's steady state, and the JIT's warm-up;
#   2. upstream latency 50 ms, 5 s of real logins (warm-up);
#   3. for DUR seconds at once: real logins (32 connections) and, except in "quiet", the junk
#      flood (20 connections, at most 400/s at 50 ms). The application's CPU time (utime + stime
#      of /proc/PID/stat) is read just before and after.
# Scenarios (SCENARIOS, all three by default):
#   flood  the guard bound at GUARD_FLOOD (5,000) entries, so that step 1 fills it over HTTP on
#          this machine whatever the build does with junk claims (at the default bound of
#          100,000 a flood of a few hundred a second takes minutes to fill it);
#   full   the library's default bound, 100,000, with 100,000 junk codes claimed in process at
#          start-up (bench.guard.prefill): the guard full for both builds, although the new one
#          would not keep junk claims, so that the eviction itself is compared;
#   quiet  as flood without any junk (step 1 is QUIET_WARM_S seconds of real logins at 50 ms,
#          step 3 has no flood), for reference.
# Writes one RESULT line per wrk run and one CPU line per window to OUT.
#
# Usage: BEFORE_JAR=... AFTER_JAR=... [OUT=results/flood.txt] [SCENARIOS="flood full quiet"] benchmarks/run-flood.sh [reps] [seconds]
# The jars are demo fat jars (samples/demo/target/wechat-login-demo-*.jar) built from each
# commit with ./mvnw -pl samples/demo -am package -DskipTests (no install needed). The simulator
# runs from the BEFORE jar's libraries. Needs wrk (apt-get install -y wrk) and a JDK 17.
set -euo pipefail
cd "$(dirname "$0")"
REPS=${1:-3}
DUR=${2:-20}
WARM=5
PREFILL_S=${PREFILL_S:-25}
QUIET_WARM_S=${QUIET_WARM_S:-15}
GUARD_FLOOD=${GUARD_FLOOD:-5000}
SCENARIOS=${SCENARIOS:-flood full quiet}
REAL_CONNECTIONS=${REAL_CONNECTIONS:-32}
JUNK_CONNECTIONS=${JUNK_CONNECTIONS:-20}
LATENCY_MS=${LATENCY_MS:-50}
# Ports of their own, so that run-load.sh (8080, 8089, 8090) of someone else may run meanwhile
APP_PORT=${APP_PORT:-18080}
SIM_PORT=${SIM_PORT:-18089}
CTL_PORT=${CTL_PORT:-18090}
LOGIN=/login/wechat
APP=wx-demo-mini-program
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JAVAC17=${JAVAC17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/javac}
OUT=${OUT:-results/flood.txt}
W=target/flood
mkdir -p results "$W"
: > "$OUT"
TICK=$(getconf CLK_TCK)

# Each build's libraries (private copies), FloodApplication compiled against them, and the
# simulator built from the BEFORE build's
for v in before after; do
  jar_var=$(echo "${v}_JAR" | tr a-z A-Z)
  rm -rf "$W/$v" && mkdir -p "$W/$v/lib" "$W/$v/classes"
  cp "${!jar_var:?set $jar_var}" "$W/$v/demo.jar"
  (cd "$W/$v/lib" && unzip -q -j ../demo.jar 'BOOT-INF/lib/*.jar')
  "$JAVAC17" -d "$W/$v/classes" -cp "$W/$v/lib/*" src/main/java/io/github/wechatlogin/benchmarks/flood/FloodApplication.java
done
rm -rf "$W/sim-classes" && mkdir -p "$W/sim-classes"
"$JAVAC17" -d "$W/sim-classes" -cp "$W/before/lib/*" src/main/java/io/github/wechatlogin/benchmarks/load/LoadSimulator.java

PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_port() { for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.5; done; echo "port $1 not up"; exit 1; }
ctl() { curl -sf "http://127.0.0.1:$CTL_PORT/$1"; }

for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$CTL_PORT/" || break; sleep 0.5; done # a previous run's simulator
"$JAVA17" -Xmx2g -cp "$W/sim-classes:$W/before/lib/*" io.github.wechatlogin.benchmarks.load.LoadSimulator "$SIM_PORT" "$CTL_PORT" 40 \
  > "$W/simulator.log" 2>&1 &
SIM_PID=$!; PIDS+=($SIM_PID)
wait_port "$CTL_PORT"

: > "$W/app.log"
DEMO_PID=""
start_demo() { # $1 before|after, $2 guard bound, $3 junk claims at start-up
  echo "== $(date +%T) app $1 guard=$2 prefill=$3" >> "$W/app.log"
  "$JAVA17" -Xms1g -Xmx1g -cp "$W/$1/classes:$W/$1/lib/*" io.github.wechatlogin.benchmarks.flood.FloodApplication \
    --server.port="$APP_PORT" --server.address=127.0.0.1 --bench.guard.max-entries="$2" --bench.guard.prefill="$3" \
    --wechat.login.type=mini-program --wechat.login.app-id=$APP \
    --wechat.login.secret=demo-classic-secret-for-the-simulator-only \
    --wechat.login.token.secret=flood-benchmark-token-secret-at-least-32-bytes \
    --wechat.login.api-base-url="http://127.0.0.1:$SIM_PORT" \
    --logging.level.root=WARN --spring.main.banner-mode=off >> "$W/app.log" 2>&1 &
  DEMO_PID=$!; PIDS+=($DEMO_PID); wait_port "$APP_PORT"
}
stop_demo() { kill "$DEMO_PID"; wait "$DEMO_PID" 2>/dev/null || true; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$DEMO_PID/stat"; }

mint() { # $1 count
  ctl "mint?app=$APP&n=$1&file=$PWD/$W/codes.txt" > /dev/null
}
real_logins() { # $1 seconds; prints the RESULT line
  THREADS=2 CODES=$PWD/$W/codes.txt LOGIN_PATH=$LOGIN wrk -t2 -c"$REAL_CONNECTIONS" -d"$1s" --timeout 10s \
    -s wrk/login.lua "http://127.0.0.1:$APP_PORT" | grep '^RESULT' || echo "RESULT failed"
}
junk_logins() { # $1 connections, $2 seconds; prints the RESULT line
  LOGIN_PATH=$LOGIN wrk -t2 -c"$1" -d"$2s" --timeout 10s \
    -s wrk/junk.lua "http://127.0.0.1:$APP_PORT" | grep '^RESULT' || echo "RESULT failed"
}
# enough codes for the window at the latency bound, with room
codes_for() { echo $(( REAL_CONNECTIONS * 1000 / LATENCY_MS * $1 * 13 / 10 + 1000 )); }

measure() { # $1 version, $2 scenario, $3 rep
  local v=$1 scenario=$2 rep=$3
  ctl "latency?ms=$LATENCY_MS" > /dev/null
  mint "$(codes_for $WARM)"; real_logins $WARM > /dev/null
  mint "$(codes_for "$DUR")"
  local before after junk_line="" real_line
  before=$(cpu_ticks)
  if [ "$scenario" != quiet ]; then
    junk_logins "$JUNK_CONNECTIONS" "$DUR" > "$W/junk.txt" &
    local junk_pid=$!
  fi
  real_line=$(real_logins "$DUR")
  if [ "$scenario" != quiet ]; then wait "$junk_pid"; junk_line=$(cat "$W/junk.txt"); fi
  after=$(cpu_ticks)
  echo "$real_line scenario=$scenario stream=real version=$v rep=$rep connections=$REAL_CONNECTIONS latency_ms=$LATENCY_MS" | tee -a "$OUT"
  [ -n "$junk_line" ] && echo "$junk_line scenario=$scenario stream=junk version=$v rep=$rep connections=$JUNK_CONNECTIONS latency_ms=$LATENCY_MS" | tee -a "$OUT"
  echo "CPU scenario=$scenario version=$v rep=$rep cpu_ms=$(( (after - before) * 1000 / TICK )) seconds=$DUR" | tee -a "$OUT"
}

run() { # $1 version, $2 scenario, $3 rep
  local v=$1 scenario=$2 rep=$3 guard=$GUARD_FLOOD prefill=0 line
  if [ "$scenario" = full ]; then guard=100000; prefill=100000; fi
  echo "== $(date +%T) $v $scenario rep $rep"
  start_demo "$v" "$guard" "$prefill"
  if [ "$scenario" != quiet ]; then
    ctl "latency?ms=0" > /dev/null
    line=$(junk_logins 32 "$PREFILL_S")
    echo "$line scenario=$scenario stream=prefill version=$v rep=$rep connections=32 latency_ms=0" | tee -a "$OUT"
  else # a warm-up with real logins instead
    ctl "latency?ms=$LATENCY_MS" > /dev/null
    mint "$(codes_for "$QUIET_WARM_S")"; real_logins "$QUIET_WARM_S" > /dev/null
  fi
  measure "$v" "$scenario" "$rep"
  stop_demo
}

echo "START $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) reps=$REPS seconds=$DUR prefill_s=$PREFILL_S guard_flood=$GUARD_FLOOD scenarios=$SCENARIOS" | tee -a "$OUT"
for r in $(seq 1 "$REPS"); do
  if [ $(( r % 2 )) = 1 ]; then order="before after"; else order="after before"; fi
  for scenario in $SCENARIOS; do
    for v in $order; do run "$v" "$scenario" "$r"; done
  done
done
echo "END $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
ctl stop > /dev/null || true
for _ in $(seq 1 60); do kill -0 "$SIM_PID" 2>/dev/null || break; sleep 0.5; done
echo "done: $OUT"
