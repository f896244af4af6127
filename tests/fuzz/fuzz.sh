#!/usr/bin/env bash
# Coverage-guided fuzzing of one input surface with AFL++ and SharpFuzz (docs/fuzzing.md).
#   tests/fuzz/fuzz.sh TARGET [MINUTES]      TARGET: otlp-json, wire-scan, record-decode, stored-trace, jaeger-document,
#                                            query-parameters
# Findings are replayed at the end, each with its exception; the corpus is kept in $FUZZ_DIR for the next run.
set -euo pipefail
target=${1:?usage: tests/fuzz/fuzz.sh TARGET [MINUTES]}
minutes=${2:-10}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${FUZZ_DIR:-/tmp/jaeger-streaming-fuzz}

command -v afl-fuzz >/dev/null || apt-get install -y afl++
cd "$root"
dotnet tool restore >/dev/null

# Instrumented code runs only under afl-fuzz, so seeds and replays use a plain copy. Only our assemblies are
# instrumented: coverage then steers toward our branches, not the libraries'.
rm -rf "$work/bin" "$work/instrumented"
dotnet publish tests/fuzz -c Release -o "$work/bin" >/dev/null
cp -r "$work/bin" "$work/instrumented"
for assembly in Schemas Collector Ingester Query; do
  dotnet sharpfuzz "$work/instrumented/Jaeger.Streaming.$assembly.dll" >/dev/null
done

fuzzer="$work/bin/Jaeger.Streaming.Fuzz"
corpus=$("$fuzzer" corpus "$target")
[ -d "$work/seeds/$corpus" ] || "$fuzzer" seeds "$work/seeds"

findings="$work/findings/$target"
mkdir -p "$work/findings"
# A target that needs files (query-parameters' store) makes them under TMPDIR. afl-fuzz ends its runs with SIGKILL,
# which no handler of the target's outlives, so they are removed here.
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
trap 'rm -rf "$TMPDIR"' EXIT
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_AUTORESUME=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  afl-fuzz -V $((minutes * 60)) -i "$work/seeds/$corpus" -o "$findings" -t 5000 -m none -- "$work/instrumented/Jaeger.Streaming.Fuzz" "$target" >"$work/$target.log" 2>&1 || true

grep -E '^(execs_done|corpus_count|saved_crashes|saved_hangs)' "$findings/default/fuzzer_stats" || { tail -n 20 "$work/$target.log"; exit 1; }
shopt -s nullglob
crashes=("$findings"/default/crashes/id*)
for crash in "${crashes[@]}"; do
  echo "== $crash"
  "$fuzzer" "$target" "$crash" 2>&1 | head -n 12 || true
done
[ ${#crashes[@]} -eq 0 ]
