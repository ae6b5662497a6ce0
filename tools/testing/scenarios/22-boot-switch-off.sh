# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: coexistence
# cmdline: spinlock_owner=off panic_resched=1
# timeout: 120
# kunit: spinlock_owner_snapshot
# expect: panic
# panic: Kernel panic - not syncing: sos_panic: spin$
# line: ^panic_resched: not rescuing .*\[[0-9]+\]: the spinlock owner snapshot is switched off at boot \(spinlock_owner=\)$
# help: spinlock_owner=off: KUnit's sos_off finds the record empty while locks are held (the other cases skip), /proc/lock_owners says off, lock-owners and SysRq-O say so, warn_ms is refused, locktorture passes, and panic_resched refuses with that reason
# The snapshot build booted with the snapshot switched off: the lock
# functions jump over the record.  The last step panics holding a spinlock
# with panic_resched=1, which must refuse and panic as the base kernel does.
P=/proc/lock_owners
t_check boot-message sh -c "dmesg | grep -qF 'spinlock_owner: off (spinlock_owner=on to record)'"
t_check proc-says-off sh -c "[ \"\$(cat $P)\" = \"\$(printf 'version 2\noff')\" ]"
t_fails lock-owners-says-off 'the snapshot is switched off on this kernel' lock-owners
t_mark sysrq
t_setup sysrq sh -c 'echo O > /proc/sysrq-trigger'
sleep 1
dmesg_since sysrq > /tmp/sysrq
t_check sysrq-says-off grep -qF 'spinlock owner snapshot: switched off at boot (spinlock_owner=)' /tmp/sysrq
t_lacks sysrq-no-entries 'spinlock owner snapshot: [0-9]+ entries' /tmp/sysrq
W=/sys/module/spinlock_owner_snapshot/parameters/warn_ms
t_fails warn-ms-refused 'Operation not permitted' sh -c "echo 500 > $W"
t_check warn-ms-unchanged grep -qx 0 $W
t_check warn-ms-message sh -c "dmesg | grep -q 'spinlock_owner: warn_ms needs the snapshot, switched off at boot (spinlock_owner=)'"
# Locks still work: locktorture on every CPU, and the record stays empty.
t_mark locktorture
t_setup modprobe modprobe locktorture torture_type=spin_lock stat_interval=2
sleep 4
t_check proc-still-off sh -c "[ \"\$(cat $P)\" = \"\$(printf 'version 2\noff')\" ]"
t_setup rmmod rmmod locktorture
dmesg_since locktorture > /tmp/log
t_check locktorture-success grep -q 'spin_lock-torture:--- End of test: SUCCESS' /tmp/log
# The refused rescue: sos_panic panics in the writer holding a spinlock.
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
t_expect_panic
echo spin > /sys/kernel/debug/sos_panic/trigger
sleep 5
