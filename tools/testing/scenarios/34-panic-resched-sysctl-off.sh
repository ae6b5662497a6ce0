# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: panic_resched
# cmdline: panic_resched=1
# timeout: 90
# expect: panic
# panic: Kernel panic - not syncing: sos_panic: spin$
# help: kernel.panic_resched=0 at run time turns the rescue off: a panic holding a spinlock halts the guest
t_check sysctl-was-on grep -qx 1 /proc/sys/kernel/panic_resched
t_setup sysctl-off sh -c 'echo 0 > /proc/sys/kernel/panic_resched'
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
t_expect_panic
echo spin > /sys/kernel/debug/sos_panic/trigger
sleep 5
