# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: lockup
# timeout: 120
# cmdline: watchdog_thresh=1 spinlock_owner_snapshot.warn_ms=500 rcupdate.rcu_cpu_stall_timeout=3
# allow: 8 ^watchdog: BUG: soft lockup - CPU#[23] stuck for [0-9]+s! \[sh:[0-9]+\]$
# allow: 3 ^rcu: INFO: rcu_preempt (self-detected stall on CPU|detected stalls on CPUs/tasks:)$
# allow: 6 ^NMI backtrace for cpu [23]$
# help: lockup reports print the snapshot: soft lockup, RCU stall, long spin report with the holder's backtrace, SysRq-O
# A shell on CPU 3 makes sos_contend hold its spinlock for 10 s; a shell on
# CPU 2 spins on it.  With the soft lockup threshold at 2 s, RCU stalls at
# 3 s and spinlock_owner_snapshot.warn_ms=500, each report must name the
# holder; SysRq-O prints the same table on demand.  With kptr_restrict=1,
# as distributions set it, the reports from interrupts (soft lockup, RCU
# stall, long spin) must still print the lock's address, hashed (%pK
# would print "pK-error" there, padded; the guest has no entropy source,
# so the hash is "(____ptrval____)" until the random pool is ready).
H=/sys/kernel/debug/sos_contend/hold
echo 1 > /proc/sys/kernel/kptr_restrict
t_setup contend modprobe sos_contend
t_check warn-ms-param grep -qx 500 /sys/module/spinlock_owner_snapshot/parameters/warn_ms

taskset 8 sh -c 'echo $$ > /tmp/holder; echo "spin 10000" > '$H &
wait_for_line /tmp/holder . 5
HOLDER=$(cat /tmp/holder 2>/dev/null)
t_need holder-pid "$HOLDER" || exit 1
held=" 3 task held [^ ]+ sos_contend_lock\[sos_contend\] spin $HOLDER sh [0-9]+ sos_contend_[^ ]+\[sos_contend\]\$"
t_wait_line holder-line /proc/lock_owners "^${held# }" 10
HCPU=3
taskset 4 sh -c 'echo $$ > /tmp/waiter; echo "spin 1" > '$H &
wait_for_line /tmp/waiter . 5
WAITER=$(cat /tmp/waiter 2>/dev/null)
t_need waiter-pid "$WAITER" || exit 1
waiting=" task wait [^ ]+ sos_contend_lock\[sos_contend\] spin $WAITER "

# Each check reads the report that must carry it (report_of, in lib.sh),
# not merely some later line.
REPORTS='soft lockup - CPU#|rcu: INFO: |has spun on a lock for|sysrq: '
SNAPEND=' spinlock owner snapshot: [0-9]+ entries,'

# SysRq-O, through /proc/sysrq-trigger, while the lock is still held.
t_mark sysrq
echo O > /proc/sysrq-trigger
dmesg_since sysrq > /tmp/sysrq.all
report_of /tmp/sysrq.all 'sysrq: Show spinlock owners' "$REPORTS" "$SNAPEND" > /tmp/sysrq
t_check sysrq-report test -s /tmp/sysrq
t_check sysrq-holder grep -qE "$held" /tmp/sysrq
t_check sysrq-counters grep -qE 'spinlock owner snapshot: [0-9]+ entries, untracked [0-9]+ overflows [0-9]+ unmatched [0-9]+ stale [0-9]+ rescued [0-9]+$' /tmp/sysrq

# Until each report is there, whole (its snapshot printed), or 15 s.
complete() {
	dmesg > /tmp/log
	grep -qE "soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[sh:$WAITER\]" /tmp/log &&
		[ -n "$(report_of /tmp/log 'soft lockup - CPU#' "$REPORTS" "$SNAPEND")" ] &&
		[ -n "$(report_of /tmp/log 'rcu: INFO: rcu_preempt' "$REPORTS" "$SNAPEND")" ] &&
		grep -q 'spinlock_owner: reported in' /tmp/log
}
i=0
until complete || [ $i -ge 150 ]; do
	sleep 0.1
	i=$((i + 1))
done

# report_has NAME HEADER REGEX: the report HEADER has a line matching REGEX.
report_has() {
	report_of /tmp/log "$2" "$REPORTS" "$SNAPEND" > /tmp/report
	if [ ! -s /tmp/report ]; then
		t_fail "$1" "no report '$2' followed by its snapshot"
	else
		t_check "$1" grep -qE "$3" /tmp/report
	fi
}
# Soft lockup: the waiter's CPU, then the snapshot with holder and waiter.
t_check softlockup-report grep -qE "soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[sh:$WAITER\]" /tmp/log
report_has softlockup-snapshot 'soft lockup - CPU#' "$held"
report_has softlockup-waiter 'soft lockup - CPU#' "$waiting"
# RCU stall: the snapshot follows the stall report.
report_has rcu-stall-snapshot 'rcu: INFO: rcu_preempt' "$held"
# The lock's address, in every report, whatever the context.
hexheld=" 3 task held ([0-9a-f]+|\(____ptrval____\)) sos_contend_lock\[sos_contend\] "
report_has softlockup-address 'soft lockup - CPU#' "$hexheld"
report_has rcu-stall-address 'rcu: INFO: rcu_preempt' "$hexheld"
t_check no-pk-error sh -c '! grep -q pK-error /tmp/log'
# Long spin report: the waiter, the holder with its pid, the holder CPU's
# backtrace, in that report (up to the next report or the end of the log).
sed -n '/spinlock_owner: CPU[0-9]* has spun on a lock/,$p' /tmp/log |
	awk -v re="$REPORTS" 'NR > 1 && $0 ~ re { exit } { print }' > /tmp/spin
t_check long-spin-report grep -qE "spinlock_owner: CPU[0-9]+ has spun on a lock for [0-9]+ ms \(warn_ms=500\)" /tmp/spin
t_check long-spin-waiter grep -qE "spinlock_owner: waiter: [0-9]+$waiting" /tmp/spin
t_check long-spin-holder grep -qE "spinlock_owner: holder:$held" /tmp/spin
t_check long-spin-backtrace sh -c "sed -n '/spinlock_owner: holder:/,\$p' /tmp/spin | grep -q 'NMI backtrace for cpu $HCPU'"
t_check long-spin-once test "$(grep -c 'spinlock_owner: CPU[0-9]* has spun' /tmp/log)" = 1
# The kernel log as lock-owners' input: each report's snapshot on its own,
# the holder's line in each (the lockup reports and SysRq-O above).
rc=0
lock-owners /tmp/log > /tmp/lo 2>&1 || rc=$?
t_check log-input sh -c "test $rc = 0 && grep -q '^== snapshot 2 of ' /tmp/lo &&
	test \$(grep -cE ' held +3 +task +$HOLDER +sh ' /tmp/lo) -ge 2"
# Bad values for warn_ms are refused and change nothing.
p=/sys/module/spinlock_owner_snapshot/parameters/warn_ms
for bad in abc -1 3600001; do
	t_check "warn-ms-rejects-$bad" sh -c "! echo $bad 2>/tmp/err > $p && grep -q 'Invalid argument' /tmp/err && grep -qx 500 $p"
done
