# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: panic_resched
# cmdline: panic_resched=1
# timeout: 90
# expect: panic
# panic: ^Kernel panic - not syncing: sos_panic: sleeper-preempt$
# line: ^panic_resched: not rescuing sos_sleeper_pan\[[0-9]+\]: preempt count not explained by its spinlocks$
# allow: 1 ^BUG: scheduling while atomic: sos_sleeper/3/[0-9]+/0x[0-9a-f]+$
# help: a panic inside preempt_disable() on a CPU where another task left a spinlock is refused: the other task's lock is never released
# sos_sleeper, on CPU 3, takes sos_leak and sleeps holding it; a kthread on
# CPU 3 panics inside preempt_disable(), holding nothing.  The first
# version took the sleeper's lock for the panicking task's, found the
# preempt count explained, and released a lock the task never took.
D=/sys/kernel/debug/sos_panic
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
t_setup sleeper sh -c "echo sleeper > $D/trigger"
sleep 0.3
t_expect_panic
echo sleeper-preempt > $D/trigger
sleep 5
