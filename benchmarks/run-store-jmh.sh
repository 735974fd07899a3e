#!/usr/bin/env bash
# StoreBenchmark (the in-memory stores alone, 100,000 entries) against two builds of the
# library side by side, without Maven: the benchmark is compiled with javac against the
# libraries inside each demo fat jar, so neither build needs to be installed in ~/.m2.
# Writes results/store-jmh.txt (and a .log and a .json per build).
# Usage: BEFORE_JAR=... AFTER_JAR=... benchmarks/run-store-jmh.sh [extra JMH arguments]
set -euo pipefail
cd "$(dirname "$0")"
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JAVAC17=${JAVAC17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/javac}
M2=${M2:-$HOME/.m2/repository}
JMH="$M2/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar:$M2/net/sf/jopt-simple/jopt-simple/5.0.4/jopt-simple-5.0.4.jar:$M2/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
APT="$M2/org/openjdk/jmh/jmh-generator-annprocess/1.37/jmh-generator-annprocess-1.37.jar:$JMH"
W=target/store-jmh
OUT=${OUT:-results/store-jmh}
mkdir -p results "$W"
: > "$OUT.txt"
for v in before after; do
  jar_var=$(echo "${v}_JAR" | tr a-z A-Z)
  rm -rf "$W/$v" && mkdir -p "$W/$v/lib" "$W/$v/classes"
  cp "${!jar_var:?set $jar_var}" "$W/$v/demo.jar"
  (cd "$W/$v/lib" && unzip -q -j ../demo.jar 'BOOT-INF/lib/*.jar')
  "$JAVAC17" -d "$W/$v/classes" -cp "$W/$v/lib/*:$JMH" -processorpath "$APT" \
    src/main/java/io/github/wechatlogin/benchmarks/jmh/StoreBenchmark.java
  echo "== $v ($(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT.txt"
  "$JAVA17" -Xms1g -Xmx1g -cp "$W/$v/classes:$W/$v/lib/*:$JMH" org.openjdk.jmh.Main StoreBenchmark \
    -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$OUT-$v.json" "$@" \
    | tee "$OUT-$v.log" | grep -E '^(Benchmark|StoreBenchmark\.)' | tee -a "$OUT.txt"
done
