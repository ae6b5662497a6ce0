# SPDX-License-Identifier: GPL-2.0
# build: arm64
# part: panic_resched
# cmdline: panic_resched=1
# timeout: 120
# expect: panic
# panic: Kernel panic - not syncing: sos_panic: spin$
# line: ^panic_resched: not rescuing .*\[[0-9]+\]: no preempt count to check \(CONFIG_PREEMPT_COUNT=n\)$
# help: without CONFIG_PREEMPT_COUNT (arm64 PREEMPT_NONE) panic_resched=1 warns at boot and refuses even a plain spinlock panic
# Such a kernel cannot tell a preempt_disable() section from a spinlock,
# so it refuses every rescue, says so at boot, and panics as before.
t_check boot-warning sh -c "dmesg | grep -q 'panic_resched: no preempt count in this kernel (CONFIG_PREEMPT_COUNT=n): every rescue will be refused'"
t_check sysctl-on grep -qx 1 /proc/sys/kernel/panic_resched
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
t_expect_panic
echo spin > /sys/kernel/debug/sos_panic/trigger
sleep 5
