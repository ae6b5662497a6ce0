#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cpus: 1
# scripts/bench keeps working and its figures are sane: "scripts/bench
# --smoke" boots the suite's snapshot build twice, as it is ("on") and
# with spinlock_owner=off ("boot-off"), and with --long also the base
# build ("base"), under qemu -icount with few iterations; it must produce
# every figure, the table and the chart.  With --long, every uncontended
# pair costs base 10 to 40 instructions, and more with the option on, by
# at most the series' budget of 16.  The full run is documented in
# Documentation/benchmarks.md.
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
# Without --long the base build is a compile check (configs/builds: a
# whole kernel that only this check and the four foundation boots used
# did not pay for its 5 minutes), so "on" is checked against "boot-off"
# instead, with the same budget plus 1.  Measured on the suite's builds
# (2026-12-02): boot-off is within 1 of base for every pair (base 16, 18,
# 27, 28, 16, 18, 16 against boot-off 16, 18, 26, 29, 16, 19, 16 in the
# order of the loop below, without spin_trylock), and spin_trylock's is 6
# below it (27 against 21): base has no jump labels, and GCC lays the
# trylock out differently with them.  On those builds every pair is 0
# to 2 instructions below its limit, against 0 to 1 (spin_trylock: 6)
# below the limit against base with --long.
set -euo pipefail
. "$ROOT/scripts/lib.sh"

variants="base on boot-off" ref=base static=6
[ -z "$(build_targets base)" ] || variants="on boot-off" ref=boot-off static=4
out=$RESULTS_DIR/${RUN_ID:-bench}/bench-smoke
rm -rf "$out"
if ! "$ROOT/scripts/bench" --smoke --no-build --variants "$variants" --out "$out" > "$out.log" 2>&1; then
	echo "FAIL bench:smoke-run: scripts/bench --smoke failed: $(grep -m3 -E 'error|MISS' "$out.log" | tr '\n' ' ')"
	exit 0
fi
echo "done bench:smoke-run"
rows() { awk -F'\t' -v v="$1" -v p="$2" '$1 == v && index($2, p) == 1' "$out/results.tsv" | wc -l; }
# The static figures against base (bloat-o-meter, percpu) need its vmlinux.
for want in "pair 8" "nest4 6" "contended 8" "locktorture 2" "msgbench 1" "static $static" "sizeof 3"; do
	set -- $want
	got=$(rows on "$1")
	if [ "$got" = "$2" ] && [ "$(rows "$ref" "$1")" -ge 1 ]; then
		echo "ok bench:figures-$1"
	else
		echo "FAIL bench:figures-$1: $got of $2 '$1' figures for on, $(rows "$ref" "$1") for $ref in $out/results.tsv"
	fi
done
# fig VARIANT ROW: a figure from results.tsv.
fig() { awk -F'\t' -v v="$1" -v r="$2" '$1 == v && $2 == r { print $3 }' "$out/results.tsv"; }
for l in spin_lock spin_lock_irq spin_lock_irqsave spin_lock_bh spin_trylock raw_spin_lock read_lock write_lock; do
	b=$(fig "$ref" "pair $l") o=$(fig on "pair $l")
	case $l in
	spin_lock_bh|read_lock) budget=17 ;;	# the known miss, above
	*) budget=16 ;;
	esac
	# The boot switch (spinlock_owner=), on, with jump labels as the
	# snapshot build has them; against boot-off 1 more (see above).
	budget=$((budget + 3))
	[ "$ref" = base ] || budget=$((budget + 1))
	if [ -z "$b" ] || [ -z "$o" ]; then
		echo "FAIL bench:pair-$l: no figure ($ref '$b', on '$o')"
	elif awk -v b="$b" -v o="$o" -v n="$budget" 'BEGIN { exit !(b >= 10 && b <= 40 && o > b && o <= b + n) }'; then
		echo "ok bench:pair-$l"
	else
		echo "FAIL bench:pair-$l: $ref $b (want 10 to 40), on $o (want more than $ref, at most $ref + $budget)"
	fi
done
# The snapshot build booted with spinlock_owner=off: the lock functions
# jump over the record, at most 2 instructions per pair over the base.
[ "$ref" = base ] || echo "skip bench:boot-off-pairs: no base kernel to compare with without --long"
[ "$ref" != base ] || for l in spin_lock spin_lock_irq spin_lock_irqsave spin_lock_bh spin_trylock raw_spin_lock read_lock write_lock; do
	b=$(fig base "pair $l") o=$(fig boot-off "pair $l")
	if [ -z "$b" ] || [ -z "$o" ]; then
		echo "FAIL bench:boot-off-pair-$l: no figure (base '$b', boot-off '$o')"
	elif awk -v b="$b" -v o="$o" 'BEGIN { exit !(o <= b + 2.1) }'; then
		echo "ok bench:boot-off-pair-$l"
	else
		echo "FAIL bench:boot-off-pair-$l: base $b, booted with spinlock_owner=off $o (want at most base + 2)"
	fi
done
# The first two figure columns: "base" and "on", or "on" and "boot-off".
if grep -qE '^\| pair spin_lock \| [^|]+ \| [0-9]+\.[0-9] [^|]*\| [0-9]+\.[0-9] ' "$out/table.md" &&
   [ "$(head -c 8 "$out/chart.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; then
	echo "ok bench:table-and-chart"
else
	echo "FAIL bench:table-and-chart: no pair row in $out/table.md or no PNG in $out/chart.png"
fi
