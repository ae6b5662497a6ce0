# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: bad-input
# cmdline: panic_resched=yes panic_resched=2 panic_resched=-1 panic_resched= panic_resched_limit=-3 panic_resched_limit=lots oops_release_locks=maybe spinlock_owner=maybe spinlock_owner=
# timeout: 60
# help: invalid panic_resched=, panic_resched_limit=, oops_release_locks= and spinlock_owner= boot values and sysctl writes are rejected with a clear message and change nothing
# Each invalid boot value gives one warning and leaves the switch off (the
# limit at its default).
t_check boot-warnings sh -c '[ $(dmesg | grep -c "panic_resched: invalid value \".*\" for panic_resched= (want 0 or 1), leaving it off") = 4 ]'
for v in yes 2 -1 ''; do
	t_check "boot-warning-'$v'" sh -c "dmesg | grep -qF 'panic_resched: invalid value \"$v\" for panic_resched='"
done
t_check boot-off grep -qx 0 /proc/sys/kernel/panic_resched
for v in -3 lots; do
	t_check "limit-warning-'$v'" sh -c "dmesg | grep -qF 'panic_resched: invalid value \"$v\" for panic_resched_limit= (want 0 or more), keeping 10'"
done
t_check limit-default grep -qx 10 /proc/sys/kernel/panic_resched_limit
t_check oops-release-warning sh -c "dmesg | grep -qF 'panic_resched: invalid value \"maybe\" for oops_release_locks= (want 0 or 1), leaving it off'"
t_check oops-release-off grep -qx 0 /proc/sys/kernel/oops_release_locks
for v in maybe ''; do
	t_check "switch-warning-'$v'" sh -c "dmesg | grep -qF 'spinlock_owner: invalid value \"$v\" for spinlock_owner= (want on or off), keeping it on'"
done
t_check switch-still-on sh -c "dmesg | grep -qF 'spinlock_owner: on' && sed -n 2p /proc/lock_owners | grep -q '^cpu ctx state'"
t_check mode sh -c '[ "$(stat -c %a /proc/sys/kernel/panic_resched)" = 644 ]'
# sysctl writes: out of range or not a number: EINVAL, value unchanged.
t_setup sysctl-on sh -c 'echo 1 > /proc/sys/kernel/panic_resched'
for v in yes 2 -1 abc ''; do
	t_fails "reject-'$v'" 'Invalid argument' sh -c "echo '$v' > /proc/sys/kernel/panic_resched"
	t_check "unchanged-'$v'" grep -qx 1 /proc/sys/kernel/panic_resched
done
for v in -1 abc; do
	t_fails "limit-reject-'$v'" 'Invalid argument' sh -c "echo '$v' > /proc/sys/kernel/panic_resched_limit"
	t_fails "oops-release-reject-'$v'" 'Invalid argument' sh -c "echo '$v' > /proc/sys/kernel/oops_release_locks"
done
t_check limit-unchanged grep -qx 10 /proc/sys/kernel/panic_resched_limit
t_check oops-release-unchanged grep -qx 0 /proc/sys/kernel/oops_release_locks
t_fails reject-unprivileged 'Permission denied' runas 65534 sh -c "echo 0 > /proc/sys/kernel/panic_resched"
t_check unchanged-unprivileged grep -qx 1 /proc/sys/kernel/panic_resched
t_check readable-unprivileged runas 65534 grep -qx 1 /proc/sys/kernel/panic_resched
