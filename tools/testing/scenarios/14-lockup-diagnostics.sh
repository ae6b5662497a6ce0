# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: lockup
# timeout: 120
# cmdline: watchdog_thresh=1 spinlock_owner_snapshot.warn_ms=500 rcupdate.rcu_cpu_stall_timeout=3
# allow: ^(BUG: scheduling while atomic: sh/[0-9]+/0x[0-9a-f]+|Call Trace:|watchdog: BUG: soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[sh:[0-9]+\]|rcu: INFO: rcu_preempt (self-)?detected stalls? on CPUs?.*)$
# help: lockup reports print the snapshot: soft lockup, RCU stall, long spin report with the holder's backtrace, SysRq-O
# LKDTM SPINLOCKUP twice: the first returns to user space holding
# lock_me_up, the second spins on it.  With the soft lockup threshold at
# 2 s, RCU stalls at 3 s and spinlock_owner_snapshot.warn_ms=500, each
# report must name the holder; SysRq-O prints the same table on demand.
modprobe lkdtm
D=/sys/kernel/debug/provoke-crash/DIRECT
t_check warn-ms-param grep -qx 500 /sys/module/spinlock_owner_snapshot/parameters/warn_ms

taskset 8 sh -c 'echo $$ > /tmp/holder; echo SPINLOCKUP > '$D'; while :; do :; done' &
wait_for_line /tmp/holder . 5
HOLDER=$(cat /tmp/holder)
held=" [0-9]+ task held [^ ]+ lock_me_up\[lkdtm\] spin $HOLDER [^ ]+ [0-9]+ lkdtm_[^ ]+\[lkdtm\]\$"
t_wait_line holder-line /proc/lock_owners "^${held# }" 10
HCPU=$(grep -E "^${held# }" /proc/lock_owners | cut -d' ' -f1)
taskset 4 sh -c 'echo $$ > /tmp/waiter; echo SPINLOCKUP > '$D &
wait_for_line /tmp/waiter . 5
WAITER=$(cat /tmp/waiter)

# after REGEX: the kernel log from the first line matching REGEX on.
after() {
	dmesg | sed -n "/$1/,\$p"
}
i=0
until dmesg | grep -q 'soft lockup - CPU#' && dmesg | grep -q 'rcu: INFO: rcu_preempt' &&
      dmesg | grep -q 'spinlock_owner: holder:' || [ $i -ge 150 ]; do
	sleep 0.1
	i=$((i + 1))
done
dmesg > /tmp/log
# Soft lockup: the waiter's CPU, then the snapshot with the holder line.
t_check softlockup-report grep -qE "soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[sh:$WAITER\]" /tmp/log
t_check softlockup-snapshot sh -c "sed -n '/soft lockup - CPU#/,\$p' /tmp/log | grep -qE '$held'"
t_check softlockup-waiter sh -c "sed -n '/soft lockup - CPU#/,\$p' /tmp/log | grep -qE ' task wait [^ ]+ lock_me_up\[lkdtm\] spin $WAITER '"
# RCU stall: the snapshot follows the stall report.
# (the first snapshot after the stall line, with no soft lockup between;
# the regex goes through the environment: awk -v would eat its escapes)
rcu_snap() {
	HELD=$held awk '
		/rcu: INFO: rcu_preempt/ { s = 1 }
		/soft lockup - CPU#/ { if (s == 1) s = 0 }
		/spinlock owner snapshot:$/ { if (s == 1) s = 2 }
		s == 2 && $0 ~ ENVIRON["HELD"] { found = 1; exit }
		END { exit !found }' /tmp/log
}
t_check rcu-stall-snapshot rcu_snap
# Long spin report: the waiter, the holder with its pid, its backtrace.
t_check long-spin-report grep -qE "spinlock_owner: CPU[0-9]+ has spun on a lock for [0-9]+ ms \(warn_ms=500\)" /tmp/log
t_check long-spin-waiter grep -qE "spinlock_owner: waiter: [0-9]+ task wait [^ ]+ lock_me_up\[lkdtm\] spin $WAITER " /tmp/log
t_check long-spin-holder grep -qE "spinlock_owner: holder:$held" /tmp/log
t_check long-spin-backtrace sh -c "sed -n '/spinlock_owner: holder:/,\$p' /tmp/log | grep -q 'NMI backtrace for cpu $HCPU'"
t_check long-spin-once test "$(grep -c 'spinlock_owner: CPU[0-9]* has spun' /tmp/log)" = 1
# SysRq-O, through /proc/sysrq-trigger.
t_mark sysrq
echo O > /proc/sysrq-trigger
dmesg_since sysrq > /tmp/sysrq
t_check sysrq-header grep -q 'sysrq: Show spinlock owners' /tmp/sysrq
t_check sysrq-holder grep -qE "$held" /tmp/sysrq
t_check sysrq-counters grep -qE 'spinlock owner snapshot: [0-9]+ entries, untracked [0-9]+ overflows [0-9]+ unmatched [0-9]+ stale [0-9]+ rescued [0-9]+$' /tmp/sysrq
# Bad values for warn_ms change nothing.
p=/sys/module/spinlock_owner_snapshot/parameters/warn_ms
for bad in abc -1 3600001; do
	t_check "warn-ms-rejects-$bad" sh -c "! echo $bad 2>/dev/null > $p && grep -qx 500 $p"
done
echo 0 > $p
t_check warn-ms-off grep -qx 0 $p
