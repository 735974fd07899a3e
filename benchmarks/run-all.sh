#!/usr/bin/env bash
# Everything, in the order docs/benchmarks.md reports it (about 20 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")"
# The demo module is cleaned: a plain install leaves its fat jar with the old library inside
(cd .. && ./mvnw -q install -DskipTests && ./mvnw -q -pl samples/demo clean install -DskipTests) && ../mvnw -q -f pom.xml package -DskipTests
./run-load.sh 3 6
python3 summarize.py | tee results/summary.txt
java -Xmx1g -cp "target/classes:$(cat target/classpath.txt)" io.github.wechatlogin.benchmarks.load.ColdCacheHarness 500 3 50 \
  | grep '^RESULT' | tee results/cold-cache.txt
./startup.sh 7
./run-jmh.sh
