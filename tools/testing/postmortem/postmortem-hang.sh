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
# The hang is t_hang_abba_leaked's (lib.sh): a lock leaked on CPU 3 and
# an ABBA deadlock on CPUs 1 and 2, the file in SOS-PROC lines.  At
# SOS-DUMP-NOW the host stops the guest; gdb reads it and has qemu dump it.
# The lockup detectors and RCU stall warnings are off: the hang lasts
# while the host works.
# The vmcoreinfo that qemu puts in the dump comes through fw_cfg.
sos "NOTE fw_cfg etc: $(ls /sys/firmware/qemu_fw_cfg/by_name/etc 2>&1 | tr "\n" " ")"
t_hang_abba_leaked
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
# The host stops the guest as soon as it sees DUMP-NOW (polling every
# 100 ms), and it stays stopped while gdb reads it and qemu dumps it;
# this waits in guest time.
sleep 10
t_check abba-still-held grep -q ' held [^ ]* sos_abba_a' /proc/lock_owners
