#!/usr/bin/env bash
# Everything, in the order docs/benchmarks.md reports it (about 25 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")"
# The demo module is cleaned: a plain install leaves its fat jar with the old library inside
(cd .. && ./mvnw -q install -DskipTests && ./mvnw -q -pl samples/demo clean install -DskipTests) && ../mvnw -q -f pom.xml package -DskipTests
SECTIONS=bearer OUT=results/load-bearer.txt ./run-load.sh 5 6
SECTIONS="logins curve" OUT=results/load-logins.txt ./run-load.sh 3 6
cat results/load-bearer.txt results/load-logins.txt > results/load.txt
python3 summarize.py | tee results/summary.txt
java -Xmx1g -cp "target/classes:$(cat target/classpath.txt)" io.github.wechatlogin.benchmarks.load.ColdCacheHarness 500 3 50 \
  | grep '^RESULT' | tee results/cold-cache.txt
./run-jmh.sh
./startup.sh 9
./profile-bearer.sh 15 /api/ping
./profile-bearer.sh 15 /api/public/ping
