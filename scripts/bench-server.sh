#!/usr/bin/env bash
# The web server's load benchmark (server/src/test/java/org/virtlab/server/bench/LoadBenchmark.java):
# heap per idle lab, keystroke-to-echo latency p50/p99 with labs running cpubench, and (with
# --capacity) the most idle labs a heap holds. Builds engine and server from this checkout (the
# Maven reactor, never a stale engine jar from ~/.m2), then runs the benchmark in its own JVM.
# Takes a few minutes and both cores: run it on a quiet machine.
#
#   scripts/bench-server.sh                               # 20 idle labs; then 20 busy + 10 typists, 60 s
#   scripts/bench-server.sh --busy 20 --typists 10 --seconds 60 --runners 2
#   JAVA_OPTS=-Xmx4g scripts/bench-server.sh --capacity --minutes 10
#   MVN_FLAGS=-o scripts/bench-server.sh                  # offline Maven
#
# JAVA_OPTS defaults to -Xmx4g -XX:+UseG1GC.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck disable=SC2086
mvn -q ${MVN_FLAGS:-} -pl engine,server -am -DskipNpm test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="server/target/test-classes:server/target/classes:$(cat server/target/bench.classpath)"
echo "bench-server: $(uptime)" >&2
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xmx4g -XX:+UseG1GC} -cp "$cp" org.virtlab.server.bench.LoadBenchmark "$@"
