#!/usr/bin/env bash
# Mutation testing of the gate's security-critical code with Stryker.NET (a local tool, see
# .config/dotnet-tools.json). Slow: not part of .ci/run. See docs/mutation.md.
#
#   tests/mutation.sh                       every area below, one Stryker run each
#   tests/mutation.sh Dsse                  one folder of src/McpGate.Core
#   tests/mutation.sh Policy/NamePattern.cs one file
#
# Reports: artifacts/mutation/<area>/reports/mutation-report.{html,json} (git-ignored).
# STRYKER_CONCURRENCY (default 1) sets the number of parallel test runners.
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
)
if [ $# -gt 0 ]; then
  areas=("$@")
fi

dotnet tool restore >/dev/null

summary=()
for area in "${areas[@]}"; do
  area=${area#src/McpGate.Core/}
  area=${area%/}
  if [ -d "src/McpGate.Core/$area" ]; then
    glob="**/McpGate.Core/$area/**/*.cs"
  elif [ -f "src/McpGate.Core/$area" ]; then
    glob="**/McpGate.Core/$area"
  else
    echo "no such folder or file: src/McpGate.Core/$area" >&2
    exit 2
  fi
  name=${area//\//_}
  out="$root/artifacts/mutation/$name"
  rm -rf "$out"
  mkdir -p "$out"
  echo "== $area"
  (cd tests && dotnet dotnet-stryker \
    --config-file stryker-config.json \
    --mutate "$glob" \
    --concurrency "${STRYKER_CONCURRENCY:-1}" \
    --skip-version-check \
    --output "$out") >"$out/stryker.log" 2>&1 || {
      tail -40 "$out/stryker.log" >&2
      exit 1
    }
  report="$out/reports/mutation-report.json"
  # Score as Stryker computes it: (killed + timeout) / (killed + timeout + survived + no coverage).
  jq -r --arg area "$area" '
    def score(m): (m | map(select(.status == "Killed" or .status == "Timeout")) | length) as $k
      | (m | map(select(.status == "Survived" or .status == "NoCoverage")) | length) as $s
      | if $k + $s == 0 then "  n/a" else "\((1000 * $k / ($k + $s) | floor) / 10)%" end
        + "  (\($k) killed, \($s) survived)";
    (.files | to_entries | map(select(.value.mutants | length > 0))) as $files
    | ($files | map(.value.mutants) | add // []) as $all
    | ($files[] | "  \(.key | sub(".*/McpGate.Core/"; ""))  \(score(.value.mutants))"),
      "  \($area) total  \(score($all))",
      ($all | map(select(.status == "Survived" or .status == "NoCoverage"))[]?
        | "    survivor: \(.mutatorName) line \(.location.start.line): \(.replacement // "" | gsub("\\s+"; " ") | .[0:80])")
  ' "$report" | sed "s|$root/||" | tee "$out/score.txt"
  summary+=("$(grep " total " "$out/score.txt")")
done

echo
echo "== scores"
printf '%s\n' "${summary[@]}"
