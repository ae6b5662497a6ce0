#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cpus: 1
# The judge judged: each check of the harness fails when it should.
#  - scripts/parse-console on crafted console logs: splats up to the
#    expected panic line, allow budgets, "kernel BUG at", Call Trace
#    ownership, KUnit cases, missing suites and suites built as modules
#    (checked with kunit.py too), KCSAN reports that do not
#    hide what is inside them, setup lines;
#  - the guest helpers of tools/testing/guest/lib.sh under busybox sh:
#    t_lacks on a missing file, t_need on an empty value, t_fails on a
#    missing helper, report_of on interleaved reports;
#  - tools/lock-owners/tests/run.sh with UPDATE set skips, not passes;
#  - patch_exact (scripts/lib.sh, the series' apply check) fails on an
#    offset, on fuzz, on a patch already applied and on a missing file,
#    and not on a file named like asm-offsets.c.
# One "done selftest:NAME" line (a check of the harness, not of the
# feature) or "FAIL selftest:NAME: why" each.
set -euo pipefail
. "$ROOT/scripts/lib.sh"
need_pkgs busybox-static

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# console NAME [parse-console ARGS...] < LOG: run parse-console on LOG;
# its output in $tmp/NAME.out, its exit status in $rc.
console() {
	local n=$1

	shift
	cat > "$tmp/$n.log"
	rc=0
	"$ROOT/scripts/parse-console" "$tmp/$n.log" --name t "$@" > "$tmp/$n.out" 2>&1 || rc=$?
}

# verdict NAME RC REGEX...: parse-console exited with RC and printed a line
# matching each REGEX (a leading '!' means: no line matches it).
verdict() {
	local n=$1 want=$2 re why=""

	shift 2
	[ "$rc" = "$want" ] || why="exit status $rc, expected $want"
	for re in "$@"; do
		[ -z "$why" ] || break
		case $re in
		!*) ! grep -qE -- "${re#!}" "$tmp/$n.out" || why="a line matches '${re#!}'" ;;
		*) grep -qE -- "$re" "$tmp/$n.out" || why="no line matches '$re'" ;;
		esac
	done
	if [ -z "$why" ]; then
		echo "done selftest:$n"
	else
		echo "FAIL selftest:$n: $why: $(tr '\n' '|' < "$tmp/$n.out" | head -c 300)"
	fi
}

# --- parse-console ------------------------------------------------------

console panic-splat-before --expect panic --panic 'Kernel panic - not syncing: sos_panic: spin$' <<'EOF'
SOS-BEGIN x
SOS-EXPECT-PANIC
[   12.000000] panic_resched: not rescuing sh[80]: in softirq context
[   12.000001] BUG: KASAN: slab-use-after-free in panic_resched+0x10/0x20
[   12.000002] Kernel panic - not syncing: sos_panic: spin
[   12.000003] Call Trace:
EOF
verdict panic-splat-before 1 '^FAIL t: splat: BUG: KASAN: slab-use-after-free'

console panic-after-not-judged --expect panic --panic 'Kernel panic - not syncing: sos_panic: spin$' <<'EOF'
SOS-EXPECT-PANIC
Kernel panic - not syncing: sos_panic: spin
CPU: 1 UID: 0 PID: 80 Comm: sh
Call Trace:
WARNING: CPU: 0 PID: 0 at kernel/smp.c:1 smp_call_function
EOF
verdict panic-after-not-judged 0 '^ok t$'

console panic-before-marker --expect panic --panic 'Kernel panic - not syncing: dumptest$' <<'EOF'
Kernel panic - not syncing: dumptest
SOS-EXPECT-PANIC
EOF
verdict panic-before-marker 1 '^FAIL t: splat: Kernel panic' 'no line matching .* after SOS-EXPECT-PANIC'

console allow-budget --allow '1 ^Oops: invalid opcode: 0000 \[#1\] .*$' <<'EOF'
Oops: invalid opcode: 0000 [#1] PREEMPT SMP
CPU: 1 UID: 0 PID: 80 Comm: sh
Call Trace:
Oops: invalid opcode: 0000 [#2] PREEMPT SMP
Call Trace:
SOS-END x 0
EOF
verdict allow-budget 1 '^FAIL t: splat: Oops: invalid opcode: 0000 \[#2\]'

console allow-count --allow '1 ^BUG: kernel NULL pointer dereference, address: 0+$' --allow '2 ^Oops: Oops: 0002 \[#[12]\] .*$' <<'EOF'
BUG: kernel NULL pointer dereference, address: 0000000000000000
Oops: Oops: 0002 [#1] PREEMPT SMP
Call Trace:
BUG: kernel NULL pointer dereference, address: 0000000000000000
Oops: Oops: 0002 [#2] PREEMPT SMP
Call Trace:
SOS-END x 0
EOF
verdict allow-count 1 'allowed too often: BUG: kernel NULL pointer'

console allow-ok --allow '1 ^Oops: invalid opcode: 0000 \[#1\] .*$' --allow '1 ^kernel BUG at drivers/misc/lkdtm/bugs\.c:[0-9]+!$' <<'EOF'
kernel BUG at drivers/misc/lkdtm/bugs.c:78!
Oops: invalid opcode: 0000 [#1] PREEMPT SMP
CPU: 1 UID: 0 PID: 80 Comm: sh
RIP: 0010:lkdtm_BUG+0x5/0x10
Call Trace:
 <TASK>
SOS-END x 0
EOF
verdict allow-ok 0 '^ok t$'

console kernel-bug-at <<'EOF'
kernel BUG at mm/slub.c:123!
SOS-END x 0
EOF
verdict kernel-bug-at 1 '^FAIL t: splat: kernel BUG at mm/slub.c'

console expedited-stall <<'EOF'
rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 2-... } 21 jiffies s: 9 root: 0x4/.
SOS-END x 0
EOF
verdict expedited-stall 1 '^FAIL t: splat: rcu: INFO: rcu_preempt detected expedited stalls'

console self-detected-stall <<'EOF'
rcu: INFO: rcu_preempt self-detected stall on CPU
SOS-END x 0
EOF
verdict self-detected-stall 1 '^FAIL t: splat: rcu: INFO: rcu_preempt self-detected stall on CPU'

console trace-orphan <<'EOF'
CPU: 1 UID: 0 PID: 80 Comm: sh
Call Trace:
SOS-END x 0
EOF
verdict trace-orphan 1 'splat: Call Trace: \(no report header above it\)'

console trace-nmi-not-allowed <<'EOF'
NMI backtrace for cpu 3
CPU: 3 UID: 0 PID: 80 Comm: sh
Call Trace:
SOS-END x 0
EOF
verdict trace-nmi-not-allowed 1 'splat: Call Trace: after "NMI backtrace for cpu 3"'

console trace-nmi-allowed --allow '1 ^NMI backtrace for cpu [0-9]+$' <<'EOF'
NMI backtrace for cpu 3
CPU: 3 UID: 0 PID: 80 Comm: sh
Call Trace:
SOS-END x 0
EOF
verdict trace-nmi-allowed 0 '^ok t$'

console kunit-cases --kunit spinlock_owner_snapshot --kunit other_suite <<'EOF'
KTAP version 1
1..1
    KTAP version 1
    # Subtest: spinlock_owner_snapshot
    1..3
    ok 1 sos_a
    not ok 2 sos_b
    ok 3 sos_c # SKIP not on PREEMPT_RT
# spinlock_owner_snapshot: pass:1 fail:1 skip:1 total:3
not ok 1 spinlock_owner_snapshot
SOS-END x 0
EOF
verdict kunit-cases 1 '^ok t/kunit:spinlock_owner_snapshot/sos_a$' \
	'^FAIL t/kunit:spinlock_owner_snapshot/sos_b' \
	'^skip t/kunit:spinlock_owner_snapshot/sos_c: not on PREEMPT_RT$' \
	'^FAIL t/kunit:other_suite: the suite did not run$' '!^FAIL t/kunit:spinlock_owner_snapshot:'

# A suite built as a module: the boot's empty KTAP block comes first, and
# kunit.py (the second opinion) must be given the module's block.
if [ -f "$BASE_DIR/linux/tools/testing/kunit/kunit.py" ]; then
	console kunit-module --kunit spinlock_owner_snapshot --kunit-src "$BASE_DIR/linux" <<'EOF'
[    3.201654] KTAP version 1
[    3.201694] 1..0
[    3.635643] Run /init as init process
[    4.274521] KTAP version 1
[    4.274560] 1..1
[    4.274955]     KTAP version 1
[    4.274965]     # Subtest: spinlock_owner_snapshot
[    4.275099]     # module: spinlock_owner_kunit
[    4.275311]     1..2
[    4.283022]     ok 1 sos_a
[    4.289888]     ok 2 sos_b # SKIP not on PREEMPT_RT
[    4.290000] # spinlock_owner_snapshot: pass:1 fail:0 skip:1 total:2
[    4.290100] ok 1 spinlock_owner_snapshot
[    4.300000] SOS-END x 0
EOF
	verdict kunit-module 0 '^ok t/kunit:spinlock_owner_snapshot/sos_a$' '^ok t$' '!kunit.py parse failed'
fi

console kunit-missing --kunit spinlock_owner_snapshot <<'EOF'
SOS-END x 0
EOF
verdict kunit-missing 1 '^FAIL t/kunit:spinlock_owner_snapshot: the suite did not run$'

console kcsan-inside <<'EOF'
==================================================================
BUG: KCSAN: data-race in foo / bar
SOS-RESULT fail hidden-check it failed
WARNING: CPU: 2 PID: 1 at mm/x.c:1 baz
read to 0xffff of 8 bytes by task 1 on cpu 0:
 foo+0x1/0x2
==================================================================
SOS-END x 0
EOF
verdict kcsan-inside 1 '^FAIL t/hidden-check: it failed$' '^# t: KCSAN report without the owner snapshot' \
	'splat: WARNING: CPU: 2 PID: 1 at mm/x.c:1 baz'

console kcsan-feature <<'EOF'
BUG: KCSAN: data-race in spinlock_owner_read / _raw_spin_lock
 spinlock_owner_read+0x1/0x2
==================================================================
SOS-END x 0
EOF
verdict kcsan-feature 1 'involves the owner snapshot'

# The feature's frames only below an interrupt's entry (the interrupted
# code) or as the reporting task's name: not the snapshot's race.
console kcsan-interrupted <<'EOF'
BUG: KCSAN: data-race in tmigr_cpu_activate / tmigr_next_groupevt
read to 0xffff of 1 bytes by interrupt on cpu 1:
 tmigr_next_groupevt+0x4c/0xa0
 el1h_64_irq+0x64/0x68
 spinlock_owner_read+0x40/0x1a4
 sos_hotplug_reader+0x8c/0xd8

Reported by Kernel Concurrency Sanitizer on:
CPU: 1 UID: 0 PID: 88 Comm: sos_hotplug Tainted: G N 6.12.118 #1
==================================================================
SOS-END x 0
EOF
verdict kcsan-interrupted 0 '^# t: KCSAN report without the owner snapshot' '^ok t$'

# Above the interrupt's entry, the feature's frame is the race's.
console kcsan-in-interrupt <<'EOF'
BUG: KCSAN: data-race in spinlock_owner_read / foo
read to 0xffff of 1 bytes by interrupt on cpu 1:
 spinlock_owner_read+0x40/0x1a4
 asm_sysvec_apic_timer_interrupt+0x1a/0x20
 foo+0x1/0x2
==================================================================
SOS-END x 0
EOF
verdict kcsan-in-interrupt 1 'involves the owner snapshot'

console setup-lines <<'EOF'
SOS-SETUP ok modprobe
SOS-SETUP fail rmmod exit 1: rmmod x
SOS-RESULT ok check
SOS-END x 0
EOF
verdict setup-lines 1 '^done t/modprobe$' '^FAIL t/rmmod: exit 1: rmmod x$' '^ok t/check$'

# --- the guest helpers, under busybox sh --------------------------------

# guest NAME SCRIPT: run SCRIPT with lib.sh sourced, "SOS-" lines on stdout.
guest() {
	local n=$1

	(cd "$tmp" && busybox sh -c "
		. '$ROOT/tools/testing/guest/lib.sh'
		sos() { echo \"SOS-\$*\"; }
		$2" > "$tmp/$n.out" 2>&1) || true
	rc=0
}

guest lacks-missing 't_lacks x "^held " ./no-such-file'
verdict lacks-missing 0 '^SOS-RESULT fail x cannot read'
printf 'a\nheld 1\n' > "$tmp/f"
guest lacks-match "t_lacks x '^held ' $tmp/f"
verdict lacks-match 0 '^SOS-RESULT fail x .* has: held 1'
guest lacks-ok "t_lacks x '^wait ' $tmp/f"
verdict lacks-ok 0 '^SOS-RESULT ok x$'
guest need-empty 'P=""; t_need x "$P" && t_check x grep -qw "$P" /dev/null; echo rc=$?'
verdict need-empty 0 '^SOS-RESULT fail x a value it needs is empty$' '^rc=1$' '!RESULT ok'
guest need-set 'P=5; t_need x "$P" && echo rc=$?'
verdict need-set 0 '^rc=0$' '!SOS-RESULT'
guest fails-missing-helper 't_fails x "Permission denied" no-such-runas 65534 cat /etc/passwd'
verdict fails-missing-helper 0 "^SOS-RESULT fail x exit 127 without 'Permission denied'"
guest fails-success 't_fails x "Permission denied" true'
verdict fails-success 0 '^SOS-RESULT fail x succeeded: true$'
guest fails-ok "t_fails x 'Permission denied' sh -c 'echo Permission denied >&2; exit 1'"
verdict fails-ok 0 '^SOS-RESULT ok x$'
guest setup-fail 't_setup x false'
verdict setup-fail 0 '^SOS-SETUP fail x exit 1: false$'
cat > "$tmp/reports" <<'EOF'
rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
spinlock owner snapshot:
3 task held 0 lock_me_up[lkdtm] spin 9 sh 1 f
spinlock owner snapshot: 1 entries, untracked 0
watchdog: BUG: soft lockup - CPU#2 stuck for 2s! [sh:10]
rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
spinlock owner snapshot:
3 task held 0 other[lkdtm] spin 9 sh 1 f
spinlock owner snapshot: 1 entries, untracked 0
EOF
guest report-interleaved "report_of $tmp/reports 'soft lockup - CPU#' 'soft lockup|rcu: INFO: ' 'snapshot: [0-9]+ entries'; echo end"
verdict report-interleaved 0 '^end$' '!lock_me_up' '!other'
guest report-own "report_of $tmp/reports 'rcu: INFO: ' 'soft lockup|rcu: INFO: ' 'snapshot: [0-9]+ entries'"
verdict report-own 0 'lock_me_up' '!other'

# --- lock-owners' own tests: UPDATE=1 rewrites, so it must not pass ------

cp -a "$ROOT/tools/lock-owners" "$tmp/lo"
if make -s -C "$tmp/lo" OUTPUT="$tmp/lo/" > "$tmp/lo.log" 2>&1; then
	UPDATE=1 "$tmp/lo/tests/run.sh" "$tmp/lo/lock-owners" > "$tmp/update.out" 2>&1 || true
	rc=0
	verdict update '0' '^skip table-normal: normal.table rewritten' '!^ok table-normal$' \
		'^[0-9]+ passed, 0 failed, [1-9][0-9]* skipped$'
else
	echo "FAIL selftest:update: lock-owners did not build: $(tail -1 "$tmp/lo.log")"
fi

# --- patch_exact: the series' apply check must fail on fuzz and offset ---

# applies NAME RC: patch_exact of $tmp/pe/p.diff to a copy of $tmp/pe/NAME
# returned RC; its messages in $tmp/NAME.out.  The file's name has
# "offset" in it, as arch/x86/kernel/asm-offsets.c has: only what patch
# says of a hunk counts.
f=x/asm-offsets.c
mkdir -p "$tmp/pe/exact/x" "$tmp/pe/offset/x" "$tmp/pe/fuzz/x" "$tmp/pe/missing"
seq 1 30 > "$tmp/pe/exact/$f"
cp -r "$tmp/pe/exact" "$tmp/pe/new"
sed -i 's/^15$/fifteen/' "$tmp/pe/new/$f"
(cd "$tmp/pe" && diff -u "exact/$f" "new/$f" | sed 's|^--- exact/|--- a/|; s|^+++ new/|+++ b/|' > p.diff) || true
{ echo 0; seq 1 30; } > "$tmp/pe/offset/$f"
seq 1 30 | sed 's/^13$/thirteen/' > "$tmp/pe/fuzz/$f"
cp -r "$tmp/pe/new" "$tmp/pe/applied"
applies() {
	cp -r "$tmp/pe/$1" "$tmp/pe/try-$1"
	rc=0
	patch_exact "$tmp/pe/try-$1" "$tmp/pe/p.diff" > "$tmp/$1.out" 2>&1 < /dev/null || rc=$?
}
applies exact
verdict exact 0 '!.'
applies offset
verdict offset 1 '^p.diff: x/asm-offsets.c: Hunk #1 succeeded at 13 \(offset 1 line\)'
applies fuzz
verdict fuzz 1 '^p.diff: x/asm-offsets.c: Hunk #1 FAILED'
applies applied
verdict applied 1 '^p.diff: x/asm-offsets.c: Reversed'
applies missing
verdict missing 1 "can't find file"
