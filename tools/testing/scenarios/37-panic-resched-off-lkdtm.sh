# SPDX-License-Identifier: GPL-2.0
# build: snapshot arm64
# part: panic_resched
# cmdline: panic_resched=1 panic_resched=0
# timeout: 90
# expect: panic
# panic: Kernel panic - not syncing: dumptest
# help: panic_resched=1 then panic_resched=0: the last value wins, and LKDTM PANIC halts the owner-snapshot kernel exactly as the base kernel
# The first value turns the rescue on, the second off again: a parser that
# kept the first value would rescue LKDTM's panic and fail the run.
t_check sysctl-off grep -qx 0 /proc/sys/kernel/panic_resched
t_setup lkdtm modprobe lkdtm
t_expect_panic
echo PANIC > /sys/kernel/debug/provoke-crash/DIRECT
