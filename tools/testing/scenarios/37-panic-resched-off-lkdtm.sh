# SPDX-License-Identifier: GPL-2.0
# build: snapshot arm64
# part: panic_resched
# cmdline: panic_resched=0
# timeout: 90
# expect: panic
# panic: Kernel panic - not syncing: dumptest
# help: with panic_resched=0, LKDTM PANIC halts the owner-snapshot kernel exactly as the base kernel
t_check sysctl-off grep -qx 0 /proc/sys/kernel/panic_resched
modprobe lkdtm
t_expect_panic
echo PANIC > /sys/kernel/debug/provoke-crash/DIRECT
