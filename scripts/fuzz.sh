#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of the gateway's parsers of untrusted input; see Fuzz/README.md.
#
#   scripts/fuzz.sh [TARGET...] [--runs N | --seconds S] [--fresh]
#
# Builds the fuzz package Fuzz/ (release, -sanitize=fuzzer,address, scratch path .build-fuzz, -j 1), then runs each
# TARGET (default: all) in turn, one process at a time, for N executions (default 1000000) or S seconds.
# Seeds are read from Fuzz/corpus/<target>/ (never written); new inputs go to .work/fuzz/<target>/corpus/,
# crash/timeout/OOM artefacts to .work/fuzz/<target>/ (crash-*, timeout-*, oom-*, leak-*), the full log to
# .work/fuzz/<target>/log.txt. The generated corpus is kept between runs (a run goes on from where the last one
# stopped); --fresh deletes .work/fuzz/<target>/ first, so the run starts from the seeds alone. Prints per target the
# executions, exec/s, final cov/ft, peak RSS, wall time and the verdict; exits non-zero if any target crashed, hung,
# ran out of memory or leaked.
# Env: MAX_LEN_<TARGET> (override -max_len), FUZZ_EXTRA_ARGS (more libFuzzer flags), SKIP_BUILD=1.
# No network (dependencies resolve from Package.resolved and SwiftPM's local repository cache).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

ALL_TARGETS=(FuzzFormRPC FuzzInflate FuzzJEncode FuzzLFNScope FuzzCFG)
declare -A MAX_LEN=([FuzzFormRPC]=8192 [FuzzInflate]=16384 [FuzzJEncode]=8192 [FuzzLFNScope]=1024 [FuzzCFG]=8192)

runs=1000000
seconds=""
fresh=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="${2:?--runs needs a number}"; seconds=""; shift 2 ;;
    --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
    --fresh) fresh=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *)
      if [[ " ${ALL_TARGETS[*]} " != *" $1 "* ]]; then
        echo "unknown target $1 (known: ${ALL_TARGETS[*]})" >&2; exit 2
      fi
      targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
[[ "$runs" =~ ^[0-9]+$ ]] || { echo "--runs takes a number" >&2; exit 2; }
[ -z "$seconds" ] || [[ "$seconds" =~ ^[0-9]+$ ]] || { echo "--seconds takes a number" >&2; exit 2; }

WORK="$REPO/.work/fuzz"
SCRATCH="$REPO/.build-fuzz"
mkdir -p "$WORK/tmp"
export TMPDIR="$WORK/tmp"

# The fuzz package pins exactly what the main package pins.
if [ ! -f Fuzz/Package.resolved ] || [ Package.resolved -nt Fuzz/Package.resolved ]; then
  cp Package.resolved Fuzz/Package.resolved
fi

build=(swift build --package-path Fuzz --scratch-path "$SCRATCH" -c release -j 1 --manifest-cache local
       --disable-automatic-resolution
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== build: ${build[*]}"
  start=$(date +%s)
  # ld.gold warns once per binary about an ASan-internal symbol; harmless, filtered.
  "${build[@]}" 2>&1 | { grep -v -e "Cannot export local symbol '__asan_extra_spill_area'" || true; } >&2
  echo "== build done in $(( $(date +%s) - start )) s"
fi
BIN="$SCRATCH/release"

# ASan: leaks are reported (libFuzzer's -detect_leaks=1); abort on the first error so libFuzzer writes the input.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:symbolize=1:quarantine_size_mb=64}"
# Swift's own crash backtracer would take the fatal signal first (suspending threads, printing registers) and can
# stall there; without it libFuzzer's handler writes the artefact and ASan prints the stack.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
SYMBOLIZER="$(command -v llvm-symbolizer || true)"
[ -n "$SYMBOLIZER" ] || [ ! -x /opt/swift/usr/bin/llvm-symbolizer ] || SYMBOLIZER=/opt/swift/usr/bin/llvm-symbolizer
[ -z "$SYMBOLIZER" ] || export ASAN_SYMBOLIZER_PATH="$SYMBOLIZER"

failed=0
summary=()
for target in "${targets[@]}"; do
  out="$WORK/$target"
  [ "$fresh" = 0 ] || rm -rf "$out"
  mkdir -p "$out/corpus"
  budget=(-runs="$runs")
  [ -z "$seconds" ] || budget=(-max_total_time="$seconds")
  len_var="MAX_LEN_$target"
  args=("${budget[@]}" -max_len="${!len_var:-${MAX_LEN[$target]}}" -rss_limit_mb=2048 -malloc_limit_mb=2048
        -timeout=10 -print_final_stats=1 -artifact_prefix="$out/" ${FUZZ_EXTRA_ARGS:-})
  echo "== $target: ${args[*]} $out/corpus Fuzz/corpus/$target"
  set +e
  began=$(date +%s)
  "$BIN/$target" "${args[@]}" "$out/corpus" "Fuzz/corpus/$target" >"$out/log.txt" 2>&1
  status=$?
  wall=$(( $(date +%s) - began ))
  set -e
  # The last status line (DONE, pulse or NEW) carries cov/ft; the final stats the totals.
  last=$(grep -E '^#[0-9]+[[:space:]]' "$out/log.txt" | tail -1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  execs=$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+)/\1/p' "$out/log.txt" | tail -1)
  rate=$(sed -nE 's/^stat::average_exec_per_sec: +([0-9]+)/\1/p' "$out/log.txt" | tail -1)
  rss=$(sed -nE 's/^stat::peak_rss_mb: +([0-9]+)/\1/p' "$out/log.txt" | tail -1)
  [ -n "$execs" ] || execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
  # libFuzzer reports 0 exec/s for runs shorter than a second; and its figure leaves out loading the corpus.
  if [ -n "$execs" ] && { [ -z "$rate" ] || [ "$rate" = 0 ]; } && [ "$wall" -gt 0 ]; then rate=$(( execs / wall )); fi
  verdict="ok"
  if [ $status -ne 0 ]; then
    failed=1
    if grep -q "ERROR: libFuzzer: timeout" "$out/log.txt"; then verdict="TIMEOUT"
    elif grep -qE "ERROR: libFuzzer: (out-of-memory|malloc limit)" "$out/log.txt"; then verdict="OOM"
    elif grep -q "ERROR: LeakSanitizer" "$out/log.txt"; then verdict="LEAK"
    else verdict="CRASH"
    fi
    artefact=$(sed -nE 's/.*(Test unit written to|artifact_prefix.*; Test unit written to) (.*)$/\2/p' "$out/log.txt" | tail -1)
    verdict="$verdict (exit $status${artefact:+, input: $artefact}; log: $out/log.txt)"
    grep -E "Fatal error|ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|SUMMARY" "$out/log.txt" | head -5 | sed 's/^/   | /'
  fi
  line=$(printf '%-13s execs %-9s exec/s %-7s cov %-5s ft %-6s peak-rss %-7s wall %-6s %s' \
    "$target" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${rss:-?}MB" "${wall}s" "$verdict")
  echo "$line"
  summary+=("$line")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit $failed
