#!/usr/bin/env bash
# Measures hart speed: runs the JMH CPU benchmark (engine/src/test/java/org/virtlab/engine/
# bench/CpuBenchmark.java) on both workloads -- cpu-m.elf (M-mode, paging off) and cpu-s.elf
# (S-mode, Sv39) -- and prints emulated MIPS. Takes a few minutes; run it on an idle machine.
#
#   scripts/bench-cpu.sh                      # defaults: 2 forks x (1 warmup + 3 measured runs)
#   scripts/bench-cpu.sh -f 1 -wi 0 -i 1      # any JMH options, e.g. a single quick pass
#   MVN_FLAGS=-o scripts/bench-cpu.sh         # offline Maven
#
# The full JMH output goes to engine/target/bench-cpu.log, JMH's JSON to
# engine/target/jmh-cpu.json; this script prints the MIPS table at the end of the log.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log=engine/target/bench-cpu.log
mkdir -p engine/target
args="-rf json -rff target/jmh-cpu.json${*:+ $*}"
echo "bench-cpu: running JMH (log: $log) ..." >&2
# shellcheck disable=SC2086
if ! mvn -q ${MVN_FLAGS:-} -pl engine -Pbench test-compile exec:exec -Dbench.args="$args" > "$log" 2>&1; then
  tail -40 "$log" >&2
  echo "bench-cpu: benchmark failed, see $log" >&2
  exit 1
fi
sed -n '/^Hart speed/,$p' "$log" | sed 's/\x1b\[[0-9;]*m//g' | grep -v '^$' || true
echo "java: $(java -version 2>&1 | head -1); cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
