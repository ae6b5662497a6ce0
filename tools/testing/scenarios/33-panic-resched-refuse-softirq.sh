# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: panic_resched
# cmdline: panic_resched=1
# timeout: 90
# expect: panic
# panic: Kernel panic - not syncing: sos_panic: softirq$
# line: ^panic_resched: not rescuing .*\[[0-9]+\]: in softirq context$
# help: panic_resched=1 refuses a panic in softirq context (timer), says why, and panics as the base kernel does
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
t_expect_panic
echo softirq > /sys/kernel/debug/sos_panic/trigger
sleep 5
