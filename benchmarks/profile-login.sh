#!/usr/bin/env bash
# Where a login's CPU and allocations go: the demo (Java 17) under wrk login load (the mini program
# login, jscode2session, with a refresh token, in-memory stores) at CONNECTIONS connections and
# LATENCY ms of WeChat latency, profiled with JFR (settings=profile) for SECONDS after a warm-up of
# WARM seconds; every execution sample and every allocation sample (weighted by its bytes) is
# attributed (inclusive) to groups of frames by profile-login-groups.py.
# Every run is bounded and every JVM started here is stopped at the end.
# Usage: [CONNECTIONS=128] [LATENCY=50] [WARM=40] benchmarks/profile-login.sh [seconds]
# Writes results/profile-login.txt; the recording stays in target/profile/login.jfr.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_=${1:-20}
C=${CONNECTIONS:-128}
LAT=${LATENCY:-50}
WARM=${WARM:-40}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
mkdir -p results target/profile
CP="target/classes:$(cat target/classpath.txt)"
cp ../samples/demo/target/wechat-login-demo-0.1.0-SNAPSHOT.jar target/profile/demo.jar
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_port() { for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.5; done; echo "port $1 not up"; exit 1; }
ctl() { curl -sf "http://127.0.0.1:8090/$1"; }

for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:8090/ || break; sleep 0.5; done # a previous run's simulator
"$JAVA17/bin/java" -Xmx2g -cp "$CP" io.github.wechatlogin.benchmarks.load.LoadSimulator 8089 8090 15 > target/profile/simulator.log 2>&1 &
PIDS+=($!)
wait_port 8090
"$JAVA17/bin/java" -Xms1g -Xmx1g -XX:FlightRecorderOptions:stackdepth=256 -jar target/profile/demo.jar \
  --server.port=8080 --server.address=127.0.0.1 --demo.simulator.enabled=false \
  --wechat.login.api-base-url=http://127.0.0.1:8089 --logging.level.root=WARN --spring.main.banner-mode=off \
  > target/profile/demo.log 2>&1 &
DEMO=$!; PIDS+=($DEMO)
wait_port 8080
ctl "latency?ms=$LAT" > /dev/null
run() { # $1 seconds
  local bound=$(( LAT > 0 ? C * 1000 / LAT : 8000 )); [ "$bound" -gt 8000 ] && bound=8000
  ctl "mint?app=wx-demo-mini-program&n=$(( bound * $1 * 13 / 10 + 1000 ))&file=$PWD/target/profile/codes.txt" > /dev/null
  local before after line
  before=$(awk '{print $14 + $15}' "/proc/$DEMO/stat")
  line=$(THREADS=2 CODES=$PWD/target/profile/codes.txt wrk -t2 -c"$C" -d"$1s" --timeout 10s -s wrk/login.lua \
    http://127.0.0.1:8080 | grep '^RESULT')
  after=$(awk '{print $14 + $15}' "/proc/$DEMO/stat")
  local requests; requests=$(echo "$line" | sed -n 's/.*requests=\([0-9]*\).*/\1/p')
  echo "$line cpu_us=$(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests ))"
}
run "$WARM" | sed 's/^/warm-up: /'
"$JAVA17/bin/jcmd" "$DEMO" JFR.start name=bench settings=profile duration="${SECONDS_}s" \
  filename="$PWD/target/profile/login.jfr" > /dev/null
PROFILED=$(run "$SECONDS_")
echo "profiled: $PROFILED"
sleep 3
"$JAVA17/bin/jfr" print --events jdk.ExecutionSample --stack-depth 256 target/profile/login.jfr > target/profile/login-cpu.txt
"$JAVA17/bin/jfr" print --events jdk.ObjectAllocationSample --stack-depth 256 target/profile/login.jfr > target/profile/login-alloc.txt
{
  echo "# profile-login.sh $SECONDS_ (connections $C, latency $LAT ms, warm-up $WARM s), $(date -u +%FT%TZ)"
  echo "# $PROFILED"
  python3 profile-login-groups.py target/profile/login-cpu.txt target/profile/login-alloc.txt
} | tee results/profile-login.txt
