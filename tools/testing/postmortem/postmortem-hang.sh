# SPDX-License-Identifier: GPL-2.0
# build: debug
# part: post-mortem
# timeout: 300
# cmdline: nowatchdog rcupdate.rcu_cpu_stall_suppress=1
# allow: 1 WARNING: possible circular locking dependency detected
# allow: 1 ^BUG: scheduling while atomic: sos_sleeper/3/[0-9]+/0x[0-9a-f]+$
# help: guest side of tools/testing/host/postmortem.sh: an ABBA hang (lockdep reports it) and a leaked lock, which the host reads with gdb and dumps with dump-guest-memory
# Not a scenario of its own (scripts/test does not run this directory):
# tools/testing/host/postmortem.sh boots it with a monitor.
# sos_panic's sleeper, on CPU 3, sleeps holding sos_leak (a leaked lock,
# with its pid); sos_abba deadlocks CPUs 1 and 2; the file, read as root with
# kptr_restrict=1 (raw addresses, as the drgn script prints them), goes to
# the console as SOS-PROC lines; at SOS-DUMP-NOW the host attaches gdb,
# then stops the guest for the dump.
# The lockup detectors and RCU stall warnings are off: the hang lasts
# while the host works.
# The vmcoreinfo that qemu puts in the dump comes through fw_cfg.
sos "NOTE fw_cfg etc: $(ls /sys/firmware/qemu_fw_cfg/by_name/etc 2>&1 | tr "\n" " ")"
t_setup insmod-panic insmod /lib/modules/$(uname -r)/extra/sos_panic.ko sleeper_ms=600000
t_setup sleeper sh -c 'echo sleeper > /sys/kernel/debug/sos_panic/trigger'
t_wait_line leaked /proc/lock_owners '^3 task leaked [^ ]+ sos_leak\[sos_panic\] ' 20
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_abba.ko cpu0=1 cpu1=2
t_wait_line abba-wait-a /proc/lock_owners ' wait [^ ]+ sos_abba_a' 20
t_wait_line abba-wait-b /proc/lock_owners ' wait [^ ]+ sos_abba_b' 20
echo 1 > /proc/sys/kernel/kptr_restrict
cat /proc/lock_owners > /tmp/snap
while IFS= read -r l; do
	echo "<6>SOS-PROC $l" > /dev/kmsg
done < /tmp/snap
# The kernel's own %pS of a few addresses, for the host to compare with
# the debuggers' symbol lookup: a function and a clone of one (suffixes
# kept) at an offset, a function-local static lock, the padding after
# jiffies_64 (kallsyms sizes up to the next symbol), a module's data at
# an offset and its text.
K=/sys/kernel/debug/sos_panic/symbol
for spec in try_to_wake_up:10 rcu_lock_acquire.constprop.0:4 mask_lock.1:0 \
	    jiffies_64:8 sos_nest:8 sos_sleeper_fn:4; do
	a=$(awk -v n="${spec%%:*}" '$3 == n { print $1; exit }' /proc/kallsyms)
	[ -n "$a" ] || continue
	echo "$a ${spec##*:}" > $K && echo "<6>SOS-KSYM $a ${spec##*:} $(cat $K)" > /dev/kmsg
done
sos "DUMP-NOW"
# The host stops the guest within a second; this waits in guest time.
sleep 10
t_check abba-still-held grep -q ' held [^ ]* sos_abba_a' /proc/lock_owners
