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
# did not pay for its 5 minutes), so "on" is checked against boot-off
# plus base_less_off, the figure that turns boot-off into base for each
# pair, measured on the suite's builds (2026-12-02; base, boot-off, on):
#   spin_lock 16 16 34, spin_lock_irq 18 18 37, spin_lock_irqsave 27 26
#   46, spin_lock_bh 28 29 48, spin_trylock 27 21 40, raw_spin_lock 16
#   16 34, read_lock 18 19 38, write_lock 16 16 35.
# (base has no jump labels, the snapshot build has them; GCC lays the
# functions out a little differently, spin_trylock most.)  With --long,
# which boots base, a base_less_off that no longer matches FAILs: update
# it from that run's results.tsv.  So the limits of both runs are the
# same, and the check without --long sees the record (what "on" adds to
# boot-off); only the check against base with --long sees a cost added
# to the lock functions outside the record, in both modes.
set -euo pipefail
. "$ROOT/scripts/lib.sh"

variants="base on boot-off" ref=base static=6
locks="spin_lock spin_lock_irq spin_lock_irqsave spin_lock_bh spin_trylock raw_spin_lock read_lock write_lock"
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
# Measured base less boot-off, per pair (see above).
declare -A base_less_off=([spin_lock]=0 [spin_lock_irq]=0 [spin_lock_irqsave]=1 [spin_lock_bh]=-1
	[spin_trylock]=6 [raw_spin_lock]=0 [read_lock]=-1 [write_lock]=0)
# fig VARIANT ROW: a figure from results.tsv.
fig() { awk -F'\t' -v v="$1" -v r="$2" '$1 == v && $2 == r { print $3 }' "$out/results.tsv"; }
for l in $locks; do
	b=$(fig "$ref" "pair $l") o=$(fig on "pair $l")
	case $l in
	spin_lock_bh|read_lock) budget=17 ;;	# the known miss, above
	*) budget=16 ;;
	esac
	# The boot switch (spinlock_owner=), on, with jump labels as the
	# snapshot build has them: see above.
	budget=$((budget + 3))
	[ "$ref" = base ] || budget=$((budget + ${base_less_off[$l]}))
	if [ -z "$b" ] || [ -z "$o" ]; then
		echo "FAIL bench:pair-$l: no figure ($ref '$b', on '$o')"
	elif awk -v b="$b" -v o="$o" -v n="$budget" 'BEGIN { exit !(b >= 10 && b <= 40 && o > b && o <= b + n) }'; then
		echo "ok bench:pair-$l"
	else
		echo "FAIL bench:pair-$l: $ref $b (want 10 to 40), on $o (want more than $ref, at most $ref + $budget)"
	fi
done
# The snapshot build booted with spinlock_owner=off: the lock functions
# jump over the record, at most 2 instructions per pair over the base;
# and base less boot-off as the check without --long assumes.
if [ "$ref" = base ]; then
	for l in $locks; do
		b=$(fig base "pair $l") o=$(fig boot-off "pair $l")
		if [ -z "$b" ] || [ -z "$o" ]; then
			echo "FAIL bench:boot-off-pair-$l: no figure (base '$b', boot-off '$o')"
		elif ! awk -v b="$b" -v o="$o" 'BEGIN { exit !(o <= b + 2.1) }'; then
			echo "FAIL bench:boot-off-pair-$l: base $b, booted with spinlock_owner=off $o (want at most base + 2)"
		elif ! awk -v b="$b" -v o="$o" -v d="${base_less_off[$l]}" 'BEGIN { x = b - o - d; exit !(x > -0.3 && x < 0.3) }'; then
			echo "FAIL bench:boot-off-pair-$l: base $b less boot-off $o is not ${base_less_off[$l]}: update base_less_off in $(basename "$0")"
		else
			echo "ok bench:boot-off-pair-$l"
		fi
	done
else
	echo "skip bench:boot-off-pairs: no base kernel to compare with without --long"
fi
# The first two figure columns: "base" and "on", or "on" and "boot-off".
if grep -qE '^\| pair spin_lock \| [^|]+ \| [0-9]+\.[0-9] [^|]*\| [0-9]+\.[0-9] ' "$out/table.md" &&
   [ "$(head -c 8 "$out/chart.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; then
	echo "ok bench:table-and-chart"
else
	echo "FAIL bench:table-and-chart: no pair row in $out/table.md or no PNG in $out/chart.png"
fi
