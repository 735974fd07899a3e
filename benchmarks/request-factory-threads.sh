#!/usr/bin/env bash
# Threads started and CPU per call of each request factory (RequestFactoryThreads, see
# docs/architecture.md), for each JDK given, with the common pool's parallelism at 1 (what any
# machine with 2 CPUs or fewer gets) and at 2 (3 CPUs), calls on 1 thread and on 32 threads.
# Usage: benchmarks/request-factory-threads.sh [java ...]   (default: java on the PATH)
# Needs: ./mvnw -q -f benchmarks/pom.xml package -DskipTests (target/classes and both class paths);
# CP=... replaces the class path.
set -euo pipefail
cd "$(dirname "$0")"
CP="${CP:-target/classes:$(cat target/classpath.txt):$(cat target/classpath-http-clients.txt)}"
JAVAS=("$@")
[ ${#JAVAS[@]} -eq 0 ] && JAVAS=(java)
MAIN=io.github.wechatlogin.benchmarks.http.RequestFactoryThreads
for JAVA in "${JAVAS[@]}"; do
	for P in 1 2; do
		OPTS=(-Djava.util.concurrent.ForkJoinPool.common.parallelism=$P -cp "$CP" $MAIN)
		echo "### $("$JAVA" -version 2>&1 | head -1), parallelism=$P, 1 thread, $(date -u +%T) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
		"$JAVA" "${OPTS[@]}" 3000 6000 3 send,sendAsync,spring-jdk,wechat-login,simple,apache,reactor GET,POST 1
		echo "### $("$JAVA" -version 2>&1 | head -1), parallelism=$P, 32 threads, $(date -u +%T) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
		"$JAVA" "${OPTS[@]}" 6000 6000 3 spring-jdk,wechat-login,simple,apache,reactor GET,POST 32
	done
done
echo "### end $(date -u +%T) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
