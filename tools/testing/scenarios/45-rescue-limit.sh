# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: panic_resched
# cmdline: panic_resched=1 panic_resched_limit=2
# timeout: 90
# expect: panic
# panic: ^Kernel panic - not syncing: sos_panic: spin$
# line: ^panic_resched: not rescuing sh\[[0-9]+\]: kernel\.panic_resched_limit reached$
# allow: 2 ^panic_resched: panic in sh\[[0-9]+\]: sos_panic: spin$
# help: panic_resched_limit=2: two panics are rescued, the third halts the machine as in the base kernel
D=/sys/kernel/debug/sos_panic
t_check limit grep -qx 2 /proc/sys/kernel/panic_resched_limit
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
for n in 1 2; do
	sh -c "echo spin > $D/trigger"
	t_check "rescue-$n" sh -c "[ \$(dmesg | grep -c 'panic_resched: rescued sh') = $n ]"
done
t_check counter grep -qx 'rescued 2' /proc/lock_owners
t_expect_panic
sh -c "echo spin > $D/trigger"
sleep 5
