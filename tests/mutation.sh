#!/usr/bin/env bash
# Mutation testing of the gate's security-critical code with Stryker.NET (a local tool, see
# .config/dotnet-tools.json). Slow: not part of .ci/run. See docs/mutation.md.
#
#   tests/mutation.sh                        every area below, in one Stryker run
#   tests/mutation.sh Dsse                   one folder of src/McpGate.Core
#   tests/mutation.sh Policy/NamePattern.cs  one file (several arguments: one run for all)
#
# Prints the score per file and per area, then every surviving mutant. Reports go to
# artifacts/mutation/<areas>/ (git-ignored): stryker.log, score.txt, reports/mutation-report.{html,json}.
# STRYKER_CONCURRENCY (default 1) sets the number of parallel test runners; STRYKER_TEST_FILTER
# (dotnet test --filter syntax) the tests to run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

areas=(
  Approvals
  Policy
  Proofs
  Dsse
  Crypto/Ed25519PublicKey.cs
  Ledger/ChangeLedger.Verification.cs
  Engine/ChangeEngine.Approvals.cs
  Engine/ChangeEngine.Execute.cs
  Engine/ChangeEngine.Evidence.cs
  Engine/ChangeEngine.Recovery.cs
)
if [ $# -gt 0 ]; then
  areas=("$@")
fi

dotnet tool restore >/dev/null

# One Stryker run for all the areas asked for: Stryker compiles every mutant of the project
# whatever --mutate says, so one run with several globs costs far less than one run per area.
mutate=()
for area in "${areas[@]}"; do
  area=${area#src/McpGate.Core/}
  area=${area%/}
  if [ -d "src/McpGate.Core/$area" ]; then
    mutate+=(--mutate "**/McpGate.Core/$area/**/*.cs")
  elif [ -f "src/McpGate.Core/$area" ]; then
    mutate+=(--mutate "**/McpGate.Core/$area")
  else
    echo "no such folder or file: src/McpGate.Core/$area" >&2
    exit 2
  fi
done

# The engine tests run a sandbox cluster each: slow. Mutants outside Engine/ are checked without
# them (their score is then a lower bound); set STRYKER_TEST_FILTER to choose the tests yourself.
filter=${STRYKER_TEST_FILTER-}
if [ -z "${STRYKER_TEST_FILTER+set}" ] && ! printf '%s\n' "${areas[@]}" | grep -q '^\(src/McpGate.Core/\)\?Engine'; then
  filter='FullyQualifiedName!~McpGate.Core.Tests.Engine'
fi
if [ -n "$filter" ]; then
  mutate+=(--test-case-filter "$filter")
fi

name=$(printf '%s+' "${areas[@]}" | tr '/' '_')
name=${name%+}
[ ${#name} -le 80 ] || name=all
out="$root/artifacts/mutation/$name"
rm -rf "$out"
mkdir -p "$out"
echo "Stryker on ${areas[*]} (log: ${out#$root/}/stryker.log)"
(cd tests && dotnet dotnet-stryker \
  --config-file stryker-config.json \
  "${mutate[@]}" \
  --concurrency "${STRYKER_CONCURRENCY:-1}" \
  --skip-version-check \
  --output "$out") >"$out/stryker.log" 2>&1 || {
    tail -40 "$out/stryker.log" >&2
    exit 1
  }

# Score as Stryker computes it: (killed + timeout) / (killed + timeout + survived + no coverage);
# compile errors and ignored mutants do not count. Per file, per area, then every survivor.
jq -r --argjson areas "$(printf '%s\n' "${areas[@]}" | jq -R . | jq -s .)" '
  def detected: .status == "Killed" or .status == "Timeout";
  def missed: .status == "Survived" or .status == "NoCoverage";
  def score: (map(select(detected)) | length) as $k | (map(select(missed)) | length) as $s
    | if $k + $s == 0 then "n/a" else "\((1000 * $k / ($k + $s) | floor) / 10)%" end + " (\($k) detected, \($s) survived)";
  [.files | to_entries[] | {file: (.key | sub(".*/McpGate.Core/"; "")), mutants: .value.mutants}
    | select(any(.mutants[]; detected or missed))] as $files
  | "per file:",
    ($files[] | "  \(.file)  \(.mutants | score)"),
    "per area:",
    ($areas[] as $a | ($a | sub("^src/McpGate.Core/"; "") | sub("/$"; "")) as $p
      | "  \($p)  \([$files[] | select(.file == $p or (.file | startswith($p + "/"))) | .mutants[]] | score)"),
    "survivors:",
    ($files[] | .file as $f | .mutants[] | select(missed)
      | "  \($f):\(.location.start.line) \(.mutatorName) [\(.status)]: \(.replacement // "" | gsub("\\s+"; " ") | .[0:100])")
' "$out/reports/mutation-report.json" | tee "$out/score.txt"
echo "report: ${out#$root/}/reports/mutation-report.html"
