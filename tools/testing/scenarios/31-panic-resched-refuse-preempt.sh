# SPDX-License-Identifier: GPL-2.0
# build: snapshot snapshot-6.1 snapshot-mainline
# part: panic_resched
# cmdline: panic_resched=1
# timeout: 90
# expect: panic
# panic: Kernel panic - not syncing: sos_panic: preempt$
# line: ^panic_resched: not rescuing .*\[[0-9]+\]: preempt count not explained by its spinlocks$
# help: panic_resched=1 refuses a panic under an untracked preempt_disable(), says why, and panics as the base kernel does
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
t_expect_panic
echo preempt > /sys/kernel/debug/sos_panic/trigger
sleep 5
