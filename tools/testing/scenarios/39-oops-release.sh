# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: panic_resched
# cmdline: oops_release_locks=1
# timeout: 90
# allow: 2 ^BUG: kernel NULL pointer dereference, address: 0+$
# allow: 1 ^Oops: Oops: 0002 \[#1\] PREEMPT SMP$
# allow: 1 ^Oops: Oops: 0002 \[#2\] PREEMPT SMP$
# help: oops_release_locks=1 (without panic_resched): an oops gives back the dying task's spinlocks, but not a spinlock in its own stack
# The oops release has its own switch: panic_resched is off here.  A task
# that oopses holding an irqsave and a plain lock gives both back as it
# dies; one holding a spinlock that lives in its own stack (which x86 has
# rewound and reuses as the task exits) gives back nothing and says why;
# its lock is counted as untracked.
D=/sys/kernel/debug/sos_panic
t_check panic-resched-off grep -qx 0 /proc/sys/kernel/panic_resched
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
sh -c 'echo $$ > /tmp/oopser; echo oops > '$D'/trigger' 2>/dev/null
OOPSER=$(cat /tmp/oopser 2>/dev/null)
t_need oops-released "$OOPSER" &&
	t_check oops-released sh -c "dmesg | grep -q 'panic_resched: oops in sh\[$OOPSER\], released 2 spinlocks$'"
cat $D/check > /tmp/check
t_check oops-locks-free sh -c '! grep -q stuck /tmp/check && [ $(grep -c " ok$" /tmp/check) = 6 ]'
t_lacks oops-nothing-leaked " leaked .*\[sos_panic\]" /proc/lock_owners

sh -c 'echo $$ > /tmp/oopser2; echo oops-stack > '$D'/trigger' 2>/dev/null
OOPSER2=$(cat /tmp/oopser2 2>/dev/null)
t_need stack-refused "$OOPSER2" &&
	t_check stack-refused sh -c "dmesg | grep -q 'panic_resched: not releasing the spinlocks of sh\[$OOPSER2\]: a spinlock in its own stack$'"
# The lock lived in the dead task's stack: it is counted as untracked, not
# kept as a leaked entry (its memory is reused).
t_lacks stack-not-kept ' leaked .* sos_oops_on_stack\+' /proc/lock_owners
t_check stack-untracked grep -qx 'untracked 1' /proc/lock_owners
