# SPDX-License-Identifier: GPL-2.0
# build: snapshot arm64
# part: lockup
# cmdline: spinlock_owner_snapshot.warn_ms=500
# timeout: 120
# allow: 1 ^NMI backtrace for cpu 3$
# help: the long spin report of a holder that spins with interrupts off keeps the reporting CPU busy for a few ms at most; the backtrace comes later; a report made late, as the wait ends, does not name the waiter as its own holder
# A holder on CPU 3 keeps sos_contend's raw lock for 3 s with interrupts
# off; a waiter on CPU 2 spins on it.  On arm64 without pseudo-NMI the
# holder cannot answer the backtrace IPI until it gives the lock back:
# the first version waited for it in the timer, in softirq, for up to
# 10 s (2.6 s here, until the holder let go).  The timer must now report
# in well under a second ("reported in N us": a few ms of printk, more if
# qemu deschedules the vCPU) and leave the backtrace to a work item.
H=/sys/kernel/debug/sos_contend/hold
W=/sys/module/spinlock_owner_snapshot/parameters/warn_ms
t_setup contend modprobe sos_contend
# This shell and what it starts stay on CPUs 0-1: a process queued on the
# holder's CPU waits there for the whole hold.
t_setup shell-cpus taskset -p 3 $$
# The timer runs on one CPU, and waits with it if it spins with interrupts
# off: keep it on CPU 0, away from the holder and the waiter.  A write of
# warn_ms arms it on the writer's CPU.  (It used to stay where it had last
# run, the CPU of the boot's initcall, say, when the new expiry fell in
# the same wheel bucket: once on CPU 3, and the report came at the end of
# the hold and named the waiter, which had the lock by then.)
t_setup timer-cpu0 sh -c "echo 0 > /proc/sys/kernel/timer_migration &&
	taskset 1 sh -c 'echo 500 > $W'"
# hold_and_wait MS: the holder on CPU 3 keeps the raw lock MS ms with
# interrupts off.  The waiter takes the lock for 1 ms again and again
# while the holder lives: the first write after the holder took the lock
# spins for the rest of the hold.  Nothing polls for the holder first: on
# arm64 under qemu, a loop of grep and sleep on CPUs 0-1 waiting for the
# holder's line missed the whole 3 s hold in about one run in five (the
# hold happened: the holder had exited when the loop gave up).
hold_and_wait() {
	taskset 8 sh -c "echo 'raw_irq $1' > $H" &
	HP=$!
	taskset 4 sh -c "while [ -e /proc/$HP ]; do echo 'raw 1' > $H; done" &
	wait
}
hold_and_wait 3000
# The backtrace comes once the holder lets go: give it up to 10 s.
i=0
dmesg > /tmp/log
until grep -q 'NMI backtrace for cpu 3' /tmp/log || [ $i -ge 50 ]; do
	sleep 0.2
	dmesg > /tmp/log
	i=$((i + 1))
done
t_check report grep -qE 'spinlock_owner: CPU2 has spun on a lock for [0-9]+ ms \(warn_ms=500\)' /tmp/log
t_check holder grep -qE 'spinlock_owner: holder: 3 task held [^ ]+ sos_contend_raw\[sos_contend\] spin_irq ' /tmp/log
us=$(sed -n 's/.*spinlock_owner: reported in \([0-9]*\) us, holders.*/\1/p' /tmp/log | head -1)
sos NOTE "the timer reported in ${us:-?} us"
t_need timer-few-ms "$us" && t_check timer-few-ms test "$us" -lt 500000
t_check holder-backtrace sh -c "sed -n '/spinlock_owner: reported in/,\$p' /tmp/log | grep -q 'NMI backtrace for cpu 3'"

# A late report.  The timer now goes to the holder's CPU: it cannot run
# while the holder keeps interrupts off, and runs as the hold ends, when
# the waiter on CPU 2 gets the lock.  The waiter may still show its wait
# then, and the holder scan find the waiter itself holding the lock: the
# report must say that the wait ended (and ask for no backtrace of it)
# rather than name CPU 2 as the holder of its own wait.  The timer may
# also come after the wait's end, and report nothing.
t_setup timer-cpu3 taskset 8 sh -c "echo 500 > $W"
t_mark late
hold_and_wait 2000
sleep 1
dmesg_since late > /tmp/late
if grep -q 'spinlock_owner: CPU2 has spun' /tmp/late; then
	sos NOTE "late report: $(grep -cE 'spinlock_owner: holder: 2 ' /tmp/late) holder line(s) of CPU 2, $(grep -c "CPU2's wait ended, or an interrupt" /tmp/late) note(s) that the wait ended"
	t_check late-not-own-holder sh -c "! grep -qE 'spinlock_owner: holder: 2 ' /tmp/late ||
		grep -q \"spinlock_owner: CPU2's wait ended, or an interrupt on it spun on another lock, during this report: the holders above\" /tmp/late"
	t_check late-no-backtrace sh -c "! grep -q 'NMI backtrace for cpu 2' /tmp/late"
else
	sos NOTE "late report: none (the timer ran after the wait's end)"
fi
