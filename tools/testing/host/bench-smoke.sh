#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cpus: 1
# scripts/bench keeps working and its figures are sane: "scripts/bench
# --smoke" boots the suite's base and snapshot builds once each under qemu
# -icount with few iterations and must produce every figure, the table and
# the chart; every uncontended pair costs base 10 to 40 instructions, and
# more with the option on, by at most the series' budget of 16.  The full
# run is documented in Documentation/benchmarks.md.
#
# Known miss, allowed explicitly: spin_lock_bh and read_lock cost 17 since
# the record's per-entry sequence count (issue 15: without it a reader can
# mix the fields of two acquisitions of one lock in one slot), one over
# the budget; both record a variant, an "or" into the preempt count word.
# Every other variant, and these two beyond 17, fail as before; the full
# benchmark reports both as MISS against 16.
#
# The boot switch (issue 15, spinlock_owner=on|off) adds three more to
# every variant while it is on (four to spin_trylock, which stays far
# below): its static key's NOP at the lock and at the unlock, and a jump
# that GCC puts on the unlock's fast path.  The budget here is the
# record's plus 3.  Booted with spinlock_owner=off, every pair must cost
# at most 2 over the base (the jumps over the record).
#
# It boots the base build, which is a compile check without --long
# (configs/builds: a whole kernel that only this check and the four
# foundation boots used did not pay for its 5 minutes): so --long only.
set -euo pipefail
. "$ROOT/scripts/lib.sh"

if [ -n "$(build_targets base)" ]; then
	echo "skip bench:smoke-run: base is a compile check without --long"
	exit 0
fi
out=$RESULTS_DIR/${RUN_ID:-bench}/bench-smoke
rm -rf "$out"
if ! "$ROOT/scripts/bench" --smoke --no-build --out "$out" > "$out.log" 2>&1; then
	echo "FAIL bench:smoke-run: scripts/bench --smoke failed: $(grep -m3 -E 'error|MISS' "$out.log" | tr '\n' ' ')"
	exit 0
fi
echo "done bench:smoke-run"
rows() { awk -F'\t' -v v="$1" -v p="$2" '$1 == v && index($2, p) == 1' "$out/results.tsv" | wc -l; }
for want in "pair 8" "nest4 6" "contended 8" "locktorture 2" "msgbench 1" "static 6" "sizeof 3"; do
	set -- $want
	got=$(rows on "$1")
	if [ "$got" = "$2" ] && [ "$(rows base "$1")" -ge 1 ]; then
		echo "ok bench:figures-$1"
	else
		echo "FAIL bench:figures-$1: $got of $2 '$1' figures for on, $(rows base "$1") for base in $out/results.tsv"
	fi
done
# fig VARIANT ROW: a figure from results.tsv.
fig() { awk -F'\t' -v v="$1" -v r="$2" '$1 == v && $2 == r { print $3 }' "$out/results.tsv"; }
for l in spin_lock spin_lock_irq spin_lock_irqsave spin_lock_bh spin_trylock raw_spin_lock read_lock write_lock; do
	b=$(fig base "pair $l") o=$(fig on "pair $l")
	case $l in
	spin_lock_bh|read_lock) budget=17 ;;	# the known miss, above
	*) budget=16 ;;
	esac
	# The boot switch (spinlock_owner=), on, with jump labels as the
	# snapshot build has them: see above.
	budget=$((budget + 3))
	if [ -z "$b" ] || [ -z "$o" ]; then
		echo "FAIL bench:pair-$l: no figure (base '$b', on '$o')"
	elif awk -v b="$b" -v o="$o" -v n="$budget" 'BEGIN { exit !(b >= 10 && b <= 40 && o > b && o <= b + n) }'; then
		echo "ok bench:pair-$l"
	else
		echo "FAIL bench:pair-$l: base $b (want 10 to 40), on $o (want more than base, at most base + $budget)"
	fi
done
# The snapshot build booted with spinlock_owner=off: the lock functions
# jump over the record, at most 2 instructions per pair over the base.
for l in spin_lock spin_lock_irq spin_lock_irqsave spin_lock_bh spin_trylock raw_spin_lock read_lock write_lock; do
	b=$(fig base "pair $l") o=$(fig boot-off "pair $l")
	if [ -z "$b" ] || [ -z "$o" ]; then
		echo "FAIL bench:boot-off-pair-$l: no figure (base '$b', boot-off '$o')"
	elif awk -v b="$b" -v o="$o" 'BEGIN { exit !(o <= b + 2.1) }'; then
		echo "ok bench:boot-off-pair-$l"
	else
		echo "FAIL bench:boot-off-pair-$l: base $b, booted with spinlock_owner=off $o (want at most base + 2)"
	fi
done
# The figure columns are "base" then "on", the two variants booted.
if grep -qE '^\| pair spin_lock \| [^|]+ \| [0-9]+\.[0-9] [^|]*\| [0-9]+\.[0-9] ' "$out/table.md" &&
   [ "$(head -c 8 "$out/chart.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; then
	echo "ok bench:table-and-chart"
else
	echo "FAIL bench:table-and-chart: no pair row in $out/table.md or no PNG in $out/chart.png"
fi
