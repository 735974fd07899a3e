#!/usr/bin/env bash
# Load runs on loopback with wrk against the demo (samples/demo, its fat jar) and the hand-rolled
# baseline, the WeChat API simulator at a set latency in a separate JVM (LoadSimulator).
# Every run is bounded (wrk -d) and every JVM started here is stopped at the end.
# Writes results/load.txt (one RESULT line per wrk run, with its parameters and cpu_us, the CPU time
# of the application process per request: utime + stime of /proc/PID/stat across the run).
# Usage: [SECTIONS="bearer refresh logins curve stacks"] [OUT=results/load.txt] [APPEND=1] [WARM=4] benchmarks/run-load.sh [reps] [seconds]
# SECTIONS picks the parts to run (the first four by default; "stacks", WebFlux against servlet,
# only when named, as in SECTIONS=stacks: STACK_CONNS, "128 1024" by default, STACK_WARM seconds of
# warm-up of each application, 40 by default); APPEND=1 adds to OUT instead of
# truncating it, so that parts run separately can be summarized together. CURVE17 and CURVE25
# override the connection counts of the curve ("16 64 128 256", "16 64 128 256 512 1024"), CURVE25BASE
# those of the baseline on Java 25 with virtual threads ("256 1024").
# Prerequisites: ./mvnw -q install -DskipTests and ./mvnw -q -pl samples/demo clean install
# -DskipTests (a plain install leaves the old library in the demo jar), ./mvnw -f benchmarks/pom.xml package,
# apt-get install -y wrk.
set -euo pipefail
cd "$(dirname "$0")"
REPS=${1:-3}
DUR=${2:-6}
WARM=${WARM:-4} # seconds of the unrecorded warm-up run before each target's repetitions
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
mkdir -p results target/load
SECTIONS=${SECTIONS:-bearer refresh logins curve}
OUT=${OUT:-results/load.txt}
[ "${APPEND:-0}" = 1 ] || : > "$OUT"
has() { case " $SECTIONS " in *" $1 "*) return 0;; esac; return 1; }
CP="target/classes:$(cat target/classpath.txt)"
# The class path of the baseline: no Spring Security and no starter (Nimbus and RestClient stay)
BASE_CP=$(echo "$CP" | tr ':' '\n' | grep -v -E 'wechat-login-|spring-security|spring-boot-security|spring-boot-starter-security' | paste -sd:)
# A private copy: other builds may rewrite the demo jar while this runs
cp ../samples/demo/target/wechat-login-demo-0.1.0-SNAPSHOT.jar target/load/demo.jar
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_port() { for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.5; done; echo "port $1 not up"; exit 1; }
ctl() { curl -sf "http://127.0.0.1:8090/$1"; }

for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:8090/ || break; sleep 0.5; done # a previous run's simulator
# com.sun.net.httpserver closes every idle connection beyond its 200th at once (maxIdleConnections):
# at 1,024 logins in flight a pooled client then meets closed connections ("prematurely closed"),
# which WeChat's servers do not do; the stand-in keeps up to 4,096
"$JAVA17" -Xmx2g -Dsun.net.httpserver.maxIdleConnections=4096 -cp "$CP" io.github.wechatlogin.benchmarks.load.LoadSimulator 8089 8090 45 > target/load/simulator.log 2>&1 &
SIM_PID=$!; PIDS+=($SIM_PID)
wait_port 8090

# Every start appends to the same logs (a WARN line explains a non-2xx answer), marked with its time
: > target/load/demo.log; : > target/load/baseline.log
DEMO_PID=""
start_demo() { # $1 java, $2.. extra args
  local java=$1; shift
  echo "== $(date +%T) demo $java $*" >> target/load/demo.log
  "$java" -Xms1g -Xmx1g -jar target/load/demo.jar --server.port=8080 --server.address=127.0.0.1 \
    --demo.simulator.enabled=false --wechat.login.api-base-url=http://127.0.0.1:8089 \
    --logging.level.root=WARN --spring.main.banner-mode=off "$@" >> target/load/demo.log 2>&1 &
  DEMO_PID=$!; PIDS+=($DEMO_PID); wait_port 8080
}
stop_demo() { [ -n "$DEMO_PID" ] || return 0; kill "$DEMO_PID"; wait "$DEMO_PID" 2>/dev/null || true; DEMO_PID=""; }
BASE_PID=""
start_baseline() { # [java [extra args]]: Java 17 by default
  local java=${1:-$JAVA17}; [ $# -gt 0 ] && shift
  echo "== $(date +%T) baseline $java $*" >> target/load/baseline.log
  "$java" -Xms1g -Xmx1g -cp "$BASE_CP" io.github.wechatlogin.benchmarks.baseline.BaselineApplication \
    --server.port=8081 --server.address=127.0.0.1 --baseline.api-base-url=http://127.0.0.1:8089 \
    --logging.level.root=WARN --spring.main.banner-mode=off "$@" >> target/load/baseline.log 2>&1 &
  BASE_PID=$!; PIDS+=($BASE_PID); wait_port 8081
}
stop_baseline() { [ -n "$BASE_PID" ] || return 0; kill "$BASE_PID"; wait "$BASE_PID" 2>/dev/null || true; BASE_PID=""; }
# StackApplication on one stack: $1 port, $2 servlet|webflux, $3 java, $4.. extra args; its pid in STACK_PIDS[$1]
declare -A STACK_PIDS
# The WebFlux class path: the module's without Tomcat and Spring MVC, with spring-boot-starter-webflux
# and Reactor Netty (target/classpath-http-clients.txt, but Apache HttpClient)
WEBFLUX_CP="target/classes:$( { cat target/classpath.txt | tr ':' '\n' | grep -v -E 'tomcat|spring-webmvc|spring-boot-webmvc|spring-boot-starter-webmvc'; \
  cat target/classpath-http-clients.txt | tr ':' '\n' | grep -v -E 'httpclient5|httpcore5'; } | paste -sd:)"
start_stack() {
  local port=$1 stack=$2 java=$3 cp; shift 3
  cp=$([ "$stack" = webflux ] && echo "$WEBFLUX_CP" || echo "$CP")
  echo "== $(date +%T) stack $port $stack $java $*" >> target/load/stacks.log
  "$java" -Xms1g -Xmx1g -cp "$cp" io.github.wechatlogin.benchmarks.stacks.StackApplication \
    --server.port="$port" --server.address=127.0.0.1 --spring.main.web-application-type="$([ "$stack" = webflux ] && echo reactive || echo servlet)" \
    --wechat.login.type=mini-program --wechat.login.app-id=wx-demo-mini-program \
    --wechat.login.secret=demo-classic-secret-for-the-simulator-only --wechat.login.api-base-url=http://127.0.0.1:8089 \
    --wechat.login.token.secret=demo-token-secret-change-me-at-least-32-bytes-long \
    --logging.level.root=WARN --spring.main.banner-mode=off "$@" >> target/load/stacks.log 2>&1 &
  STACK_PIDS[$port]=$!; PIDS+=($!); wait_port "$port"
}

# CPU time of a process so far, in clock ticks (utime + stime of /proc/PID/stat)
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pid_of_port() { case $1 in 8080) echo "$DEMO_PID";; 8081) echo "$BASE_PID";; *) echo "${STACK_PIDS[$1]}";; esac; }
# Samples the thread count of process $1 every 0.2 s until killed, keeping the highest in file $2
sample_threads() {
  local max=0 t
  while kill -0 "$1" 2>/dev/null; do
    t=$(awk '/^Threads:/ {print $2}' "/proc/$1/status" 2>/dev/null); t=${t:-0}
    [ "$t" -gt "$max" ] && { max=$t; echo "$max" > "$2"; }
    sleep 0.2
  done
}
# " threads_max=N rss_mib=M": the highest thread count sampled during the run, the resident set after it
proc_figures() { echo " threads_max=$(cat "$2" 2>/dev/null || echo 0) rss_mib=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$1/status")"; }
# The RESULT line of a wrk run with the application process's CPU time per request added:
# $1 the line, $2 the pid, $3 ticks before the run
with_cpu() {
  local ticks=$(( $(cpu_ticks "$2") - $3 ))
  local requests
  requests=$(echo "$1" | sed -n 's/.*requests=\([0-9]*\).*/\1/p')
  if [ -n "$requests" ] && [ "$requests" -gt 0 ]; then
    echo "$1 cpu_us=$(( ticks * 1000000 / CLK_TCK / requests ))"
  else
    echo "$1"
  fi
}

# wrk login run: $1 label, $2 port, $3 path, $4 app id, $5 connections, $6 latency ms, $7 seconds, $8 rep
login_run() {
  local label=$1 port=$2 path=$3 app=$4 c=$5 lat=$6 d=$7 rep=$8
  local bound=$(( lat > 0 ? c * 1000 / lat : 8000 )); [ "$bound" -gt 8000 ] && bound=8000
  local n=$(( bound * d * 13 / 10 + 1000 ))
  ctl "mint?app=$app&n=$n&file=$PWD/target/load/codes.txt" > /dev/null
  local line pid=$(pid_of_port "$port") before sampler
  rm -f target/load/threads.txt
  sample_threads "$pid" target/load/threads.txt & sampler=$!
  before=$(cpu_ticks "$pid")
  line=$(THREADS=2 CODES=$PWD/target/load/codes.txt LOGIN_PATH=$path wrk -t2 -c"$c" -d"${d}s" --timeout 10s \
    -s wrk/login.lua "http://127.0.0.1:$port" | grep '^RESULT' || echo "RESULT failed")
  line=$(with_cpu "$line" "$pid" "$before")
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  line="$line$(proc_figures "$pid" target/load/threads.txt)"
  [ "$rep" = warm ] || echo "$line scenario=login target=$label connections=$c latency_ms=$lat rep=$rep" | tee -a "$OUT"
}
# wrk GET run: $1 label, $2 url, $3 token ('' for none), $4 connections, $5 seconds, $6 rep
get_run() {
  local line port pid before
  port=$(echo "$2" | sed -n 's|.*:\([0-9]*\)/.*|\1|p'); pid=$(pid_of_port "$port")
  before=$(cpu_ticks "$pid")
  line=$(TOKEN=$3 wrk -t2 -c"$4" -d"${5}s" -s wrk/bearer.lua "$2" | grep '^RESULT' || echo "RESULT failed")
  line=$(with_cpu "$line" "$pid" "$before")
  [ "$6" = warm ] || echo "$line scenario=get target=$1 connections=$4 rep=$6" | tee -a "$OUT"
}
token_of() { # $1 port $2 path $3 app
  ctl "mint?app=$3&n=1&file=$PWD/target/load/one.txt" > /dev/null
  curl -s -X POST -H 'Content-Type: application/json' -d "{\"code\":\"$(cat target/load/one.txt)\"}" \
    "http://127.0.0.1:$1$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

ctl "latency?ms=0" > /dev/null
if has bearer || has refresh || has logins || has curve; then start_demo "$JAVA17"; start_baseline; fi
if has bearer; then
echo "== 1. bearer vs permitAll (demo), bearer vs hand-rolled baseline; latency 0, 64 connections"
DEMO_TOKEN=$(token_of 8080 /login/wechat/classic wx-demo-mini-program)
BASE_TOKEN=$(token_of 8081 /login wx-demo-mini-program)
for t in warm; do
  get_run demo-bearer http://127.0.0.1:8080/api/ping "$DEMO_TOKEN" 64 $WARM $t
  get_run demo-permitall http://127.0.0.1:8080/api/public/ping "" 64 $WARM $t
  get_run baseline-bearer http://127.0.0.1:8081/api/ping "$BASE_TOKEN" 64 $WARM $t
done
for r in $(seq 1 "$REPS"); do
  get_run demo-bearer http://127.0.0.1:8080/api/ping "$DEMO_TOKEN" 64 "$DUR" "$r"
  get_run demo-permitall http://127.0.0.1:8080/api/public/ping "" 64 "$DUR" "$r"
  get_run baseline-bearer http://127.0.0.1:8081/api/ping "$BASE_TOKEN" 64 "$DUR" "$r"
done
fi

if has refresh; then
echo "== 1b. refresh (demo, in-memory stores) vs login (demo), latency 0, 64 connections"
ctl "latency?ms=0" > /dev/null
# a pool of refresh tokens, 4 per connection; each answer's new token goes back into the pool
refresh_pool() { # $1 count: logs in $1 users and writes their refresh tokens to target/load/refresh.txt
  ctl "mint?app=wx-demo-mini-program&n=$1&file=$PWD/target/load/pool-codes.txt" > /dev/null
  python3 - "$PWD/target/load/pool-codes.txt" "$PWD/target/load/refresh.txt" <<'PY'
import json, sys, urllib.request
tokens = []
for code in open(sys.argv[1]).read().split():
    request = urllib.request.Request("http://127.0.0.1:8080/login/wechat/classic", method="POST",
        data=json.dumps({"code": code}).encode(), headers={"Content-Type": "application/json"})
    tokens.append(json.load(urllib.request.urlopen(request))["refresh_token"])
open(sys.argv[2], "w").write("\n".join(tokens) + "\n")
PY
}
refresh_run() { # $1 connections, $2 seconds, $3 rep
  local line before
  refresh_pool $(( $1 * 4 ))
  before=$(cpu_ticks "$DEMO_PID")
  line=$(THREADS=2 REFRESH_TOKENS=$PWD/target/load/refresh.txt wrk -t2 -c"$1" -d"${2}s" --timeout 10s \
    -s wrk/refresh.lua "http://127.0.0.1:8080" | grep '^RESULT' || echo "RESULT failed")
  line=$(with_cpu "$line" "$DEMO_PID" "$before")
  [ "$3" = warm ] || echo "$line scenario=refresh target=demo-refresh connections=$1 latency_ms=0 rep=$3" | tee -a "$OUT"
}
refresh_run 64 $WARM warm
login_run demo 8080 /login/wechat/classic wx-demo-mini-program 64 0 $WARM warm
for r in $(seq 1 "$REPS"); do
  refresh_run 64 "$DUR" "$r"
  login_run demo 8080 /login/wechat/classic wx-demo-mini-program 64 0 "$DUR" "$r"
done
fi

if has logins; then
echo "== 2. logins: demo (mini program, jscode2session) vs hand-rolled baseline, latency 0 and 50 ms"
for lat in 0 50; do
  ctl "latency?ms=$lat" > /dev/null
  c=$([ "$lat" = 0 ] && echo 32 || echo 128)
  login_run demo 8080 /login/wechat/classic wx-demo-mini-program "$c" "$lat" $WARM warm
  login_run baseline 8081 /login wx-demo-mini-program "$c" "$lat" $WARM warm
  for r in $(seq 1 "$REPS"); do
    login_run demo 8080 /login/wechat/classic wx-demo-mini-program "$c" "$lat" "$DUR" "$r"
    login_run baseline 8081 /login wx-demo-mini-program "$c" "$lat" "$DUR" "$r"
  done
  # A fresh JVM for each latency, so that both latencies start from the same state (the
  # refresh-token store no longer refuses logins when full: it drops the soonest-expiring ones)
  stop_demo; stop_baseline; start_demo "$JAVA17"; start_baseline
done
fi
stop_baseline

if has curve; then
echo "== 3. login throughput against connections, 50 ms upstream latency"
ctl "latency?ms=50" > /dev/null
for c in ${CURVE17:-16 64 128 256}; do
  stop_demo; start_demo "$JAVA17"
  login_run demo-java17-platform 8080 /login/wechat/classic wx-demo-mini-program "$c" 50 $WARM warm
  for r in $(seq 1 "$REPS"); do
    login_run demo-java17-platform 8080 /login/wechat/classic wx-demo-mini-program "$c" 50 "$DUR" "$r"
  done
done
# The default (multi-app, code2verifyinfo + cached access token) at the target's 128 connections
stop_demo; start_demo "$JAVA17"
login_run demo-java17-platform-multiapp 8080 /login/wechat wx-demo-multi-app 128 50 $WARM warm
for r in $(seq 1 "$REPS"); do
  login_run demo-java17-platform-multiapp 8080 /login/wechat wx-demo-multi-app 128 50 "$DUR" "$r"
done
for c in ${CURVE25:-16 64 128 256 512 1024}; do
  stop_demo; start_demo "$JAVA25" --spring.threads.virtual.enabled=true --server.tomcat.max-connections=2048
  login_run demo-java25-virtual 8080 /login/wechat/classic wx-demo-mini-program "$c" 50 $WARM warm
  for r in $(seq 1 "$REPS"); do
    login_run demo-java25-virtual 8080 /login/wechat/classic wx-demo-mini-program "$c" 50 "$DUR" "$r"
  done
done
# The hand-rolled baseline on the same JVM and threads, as the machine's ceiling for the curve's top
stop_demo
for c in ${CURVE25BASE:-256 1024}; do
  start_baseline "$JAVA25" --spring.threads.virtual.enabled=true --server.tomcat.max-connections=2048
  login_run baseline-java25-virtual 8081 /login wx-demo-mini-program "$c" 50 $WARM warm
  for r in $(seq 1 "$REPS"); do
    login_run baseline-java25-virtual 8081 /login wx-demo-mini-program "$c" 50 "$DUR" "$r"
  done
  stop_baseline
done
fi
stop_demo 2>/dev/null || true

if has stacks; then
echo "== 4. WebFlux against servlet: the same application (StackApplication), 50 ms upstream latency"
ctl "latency?ms=50" > /dev/null
: > target/load/stacks.log
# All four at once, on their own ports, so that the repetitions alternate between them
STACKS="8082:servlet-java17 8083:webflux-java17 8084:servlet-java25-virtual 8085:webflux-java25"
start_stack 8082 servlet "$JAVA17"
start_stack 8083 webflux "$JAVA17"
start_stack 8084 servlet "$JAVA25" --spring.threads.virtual.enabled=true --server.tomcat.max-connections=2048
start_stack 8085 webflux "$JAVA25"
for s in $STACKS; do
  login_run "stack-${s#*:}" "${s%%:*}" /login/wechat wx-demo-mini-program 128 50 "${STACK_WARM:-40}" warm
done
for c in ${STACK_CONNS:-128 1024}; do
  for s in $STACKS; do
    login_run "stack-${s#*:}" "${s%%:*}" /login/wechat wx-demo-mini-program "$c" 50 $WARM warm
  done
  for r in $(seq 1 "$REPS"); do
    for s in $STACKS; do
      login_run "stack-${s#*:}" "${s%%:*}" /login/wechat wx-demo-mini-program "$c" 50 "$DUR" "$r"
    done
  done
done
for s in $STACKS; do
  # the threads of each process after the runs, by name without the trailing number (jstack)
  pid=${STACK_PIDS[${s%%:*}]}
  echo "THREADS target=stack-${s#*:} $(ls /proc/$pid/task | while read -r t; do cat /proc/$pid/task/$t/comm; done \
    | sed -E 's/[-#]?[0-9]+$//' | sort | uniq -c | sort -rn | awk '{printf "%s:%s ", $2, $1}')" | tee -a "$OUT"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
fi
ctl stop > /dev/null || true
# The next run binds the same ports: wait until this simulator has exited
for _ in $(seq 1 60); do kill -0 "$SIM_PID" 2>/dev/null || break; sleep 0.5; done
echo "done: $OUT"
