# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: panic_resched
# cmdline: panic_resched=1
# timeout: 90
# allow: 1 ^BUG: scheduling while atomic: sos_sleeper/3/[0-9]+/0x[0-9a-f]+$
# allow: 1 ^panic_resched: panic in sos_sleeper_pan\[[0-9]+\]: sos_panic: sleeper-spin$
# help: a task that sleeps holding a spinlock leaves it as leaked, under its own pid; a panic of another task on that CPU gives back only its own lock
# sos_sleeper, on CPU 3, takes sos_leak and sleeps 2 s holding it.  Its
# entry must leave CPU 3's stack and show as leaked, with its pid and comm.
# Meanwhile a kthread on CPU 3 panics holding its own sos_b: the rescue
# must release sos_b only, and the sleeper must still hold sos_leak when
# it wakes.  (The first version counted the sleeper's lock as the
# panicking task's: the preempt count did not match and the panic halted.)
D=/sys/kernel/debug/sos_panic
P=/proc/lock_owners
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
t_setup sleeper sh -c "echo sleeper > $D/trigger"
sleep 0.3
cat $P > /tmp/snap
# While the sleeper sleeps (2 s), another kthread panics on CPU 3.
t_setup panicker sh -c "echo sleeper-spin > $D/trigger"
SLEEPER=$(grep -l '^sos_sleeper/3$' /proc/[0-9]*/comm | head -1 | cut -d/ -f3)
t_need leaked-shown "$SLEEPER" &&
	t_check leaked-shown grep -qE "^3 task leaked [^ ]+ sos_leak\[sos_panic\] spin $SLEEPER sos_sleeper/3 [0-9]+ sos_sleeper_fn\+" /tmp/snap
t_lacks not-held-on-cpu3 '^3 task held [^ ]+ sos_leak\[sos_panic\]' /tmp/snap
wait_for_dmesg 'sos_panic: sleeper woke' 5
dmesg > /tmp/log
t_check rescued-own-lock-only grep -qE 'panic_resched: rescued sos_sleeper_pan\[[0-9]+\], released 1 spinlocks; the kthread waits for kthread_stop\(\)$' /tmp/log
t_check sleeper-still-holds grep -qE 'sos_panic: sleeper woke on CPU[0-9]+, sos_leak still held$' /tmp/log
# The sleeper gave it back on waking: the leaked entry is gone.
t_lacks leak-released 'sos_leak\[sos_panic\]' $P
t_check unmatched-zero grep -qx 'unmatched 0' $P
