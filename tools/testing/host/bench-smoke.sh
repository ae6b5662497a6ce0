#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/bench keeps working: "scripts/bench --smoke" boots the suite's
# snapshot build once under qemu -icount with few iterations and must
# produce every figure, the table and the chart.  The figures themselves
# are not judged here (a smoke run is too short to mean anything); the
# full run is documented in Documentation/benchmarks.md.
set -euo pipefail
. "$ROOT/scripts/lib.sh"

out=$RESULTS_DIR/${RUN_ID:-bench}/bench-smoke
rm -rf "$out"
if ! "$ROOT/scripts/bench" --smoke --no-build --out "$out" > "$out.log" 2>&1; then
	echo "FAIL bench:smoke-run: scripts/bench --smoke failed: $(grep -m3 -E 'error|MISS' "$out.log" | tr '\n' ' ')"
	exit 0
fi
echo "ok bench:smoke-run"
rows() { awk -F'\t' -v p="$1" '$1 == "on" && index($2, p) == 1' "$out/results.tsv" | wc -l; }
for want in "pair 8" "nest4 6" "contended 8" "locktorture 2" "msgbench 1" "static 6" "sizeof 3"; do
	set -- $want
	got=$(rows "$1")
	if [ "$got" = "$2" ]; then
		echo "ok bench:figures-$1"
	else
		echo "FAIL bench:figures-$1: $got of $2 '$1' figures in $out/results.tsv"
	fi
done
# The first figure column is "on", the one variant booted.
if grep -qE '^\| pair spin_lock \| [^|]+ \| [0-9]+\.[0-9] ' "$out/table.md" &&
   [ "$(head -c 8 "$out/chart.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; then
	echo "ok bench:table-and-chart"
else
	echo "FAIL bench:table-and-chart: no pair row in $out/table.md or no PNG in $out/chart.png"
fi
