#!/usr/bin/env bash
# The JMH suite, short on purpose (about 4 minutes): code conversion, WeChat answer parsing,
# JWT issue/verify for HS256, ES256 and RS256, the whole filter chain for logins and bearer
# requests. Writes results/jmh.txt (and results/jmh.json). Extra arguments go to JMH, e.g.
# a benchmark regex or -prof stack. OUT (default results/jmh) names the output files, so that a
# partial run (OUT=results/jmh-filterchain ./run-jmh.sh FilterChainBenchmark) keeps the full one.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results
OUT=${OUT:-results/jmh}
CP="target/classes:$(cat target/classpath.txt)"
java -cp "$CP" org.openjdk.jmh.Main -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$OUT.json" "$@" \
  | tee "$OUT.log" | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' | tee "$OUT.txt"
