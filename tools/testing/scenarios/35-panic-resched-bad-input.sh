# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: bad-input
# cmdline: panic_resched=yes panic_resched=2 panic_resched=-1 panic_resched=
# timeout: 60
# help: invalid panic_resched= boot values and sysctl writes are rejected with a clear message and change nothing
# Each invalid boot value gives one warning and leaves the feature off.
t_check boot-warnings sh -c '[ $(dmesg | grep -c "panic_resched: invalid value \".*\" (want 0 or 1), leaving it off") = 4 ]'
for v in yes 2 -1 ''; do
	t_check "boot-warning-'$v'" sh -c "dmesg | grep -qF 'panic_resched: invalid value \"$v\"'"
done
t_check boot-off grep -qx 0 /proc/sys/kernel/panic_resched
t_check mode sh -c '[ "$(stat -c %a /proc/sys/kernel/panic_resched)" = 644 ]'
# sysctl writes: out of range or not a number: EINVAL, value unchanged.
echo 1 > /proc/sys/kernel/panic_resched
for v in yes 2 -1 abc ''; do
	t_check "reject-'$v'" sh -c "! echo '$v' > /proc/sys/kernel/panic_resched 2>/dev/null"
	t_check "unchanged-'$v'" grep -qx 1 /proc/sys/kernel/panic_resched
done
t_check reject-unprivileged sh -c '! runas 65534 sh -c "echo 0 > /proc/sys/kernel/panic_resched" 2>/dev/null'
t_check unchanged-unprivileged grep -qx 1 /proc/sys/kernel/panic_resched
t_check readable-unprivileged runas 65534 grep -qx 1 /proc/sys/kernel/panic_resched
