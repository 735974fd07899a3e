#!/usr/bin/env bash
# Where a bearer request's CPU goes: the demo (Java 17) under wrk bearer load (64 connections,
# loopback), profiled with JFR (settings=profile) for SECONDS after a warm-up, then every
# execution sample is attributed (inclusive) to a few groups of frames (profile-groups.py).
# Every run is bounded and every JVM started here is stopped at the end.
# Usage: benchmarks/profile-bearer.sh [seconds] [path: /api/ping or /api/public/ping]
# Writes results/profile-bearer.txt (or results/profile-permitall.txt for /api/public/ping).
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_=${1:-15}
URLPATH=${2:-/api/ping}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
mkdir -p results target/profile
NAME=$([ "$URLPATH" = /api/ping ] && echo bearer || echo permitall)
CP="target/classes:$(cat target/classpath.txt)"
cp ../samples/demo/target/wechat-login-demo-0.1.0-SNAPSHOT.jar target/profile/demo.jar
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_port() { for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.5; done; echo "port $1 not up"; exit 1; }

for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:8090/ || break; sleep 0.5; done # a previous run's simulator
"$JAVA17/bin/java" -Xmx1g -cp "$CP" io.github.wechatlogin.benchmarks.load.LoadSimulator 8089 8090 10 > target/profile/simulator.log 2>&1 &
PIDS+=($!)
wait_port 8090
"$JAVA17/bin/java" -Xms1g -Xmx1g -XX:FlightRecorderOptions:stackdepth=256 -jar target/profile/demo.jar \
  --server.port=8080 --server.address=127.0.0.1 --demo.simulator.enabled=false \
  --wechat.login.api-base-url=http://127.0.0.1:8089 --logging.level.root=WARN --spring.main.banner-mode=off \
  > target/profile/demo.log 2>&1 &
DEMO=$!; PIDS+=($DEMO)
wait_port 8080
curl -sf "http://127.0.0.1:8090/mint?app=wx-demo-mini-program&n=1&file=$PWD/target/profile/one.txt" > /dev/null
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' -d "{\"code\":\"$(cat target/profile/one.txt)\"}" \
  http://127.0.0.1:8080/login/wechat/classic | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
[ "$NAME" = bearer ] || TOKEN=""
TOKEN=$TOKEN wrk -t2 -c64 -d10s -s wrk/bearer.lua "http://127.0.0.1:8080$URLPATH" | grep '^RESULT'
"$JAVA17/bin/jcmd" "$DEMO" JFR.start name=bench settings=profile duration="${SECONDS_}s" \
  filename="$PWD/target/profile/$NAME.jfr" > /dev/null
TOKEN=$TOKEN wrk -t2 -c64 -d"${SECONDS_}s" -s wrk/bearer.lua "http://127.0.0.1:8080$URLPATH" | grep '^RESULT'
sleep 3
"$JAVA17/bin/jfr" print --events jdk.ExecutionSample --stack-depth 256 "target/profile/$NAME.jfr" \
  > "target/profile/$NAME.txt"
python3 profile-groups.py "target/profile/$NAME.txt" | tee "results/profile-$NAME.txt"
