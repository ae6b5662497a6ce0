# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: post-mortem
# timeout: 300
# reboot: yes
# cmdline: memmap=1M$0x3f000000 ramoops.mem_address=0x3f000000 ramoops.mem_size=0x100000 ramoops.record_size=0x40000 pstore.kmsg_bytes=65536
# allow: 1 Kernel panic - not syncing: sos_abba: deadlocked
# allow: 3 Kernel panic - not syncing: dumptest
# allow: 1 ^BUG: scheduling while atomic: sos_sleeper/3/[0-9]+/0x[0-9a-f]+$
# line: ^[23] task held \S+ sos_abba_a\[sos_abba\] spin_irq [0-9]+ sos_abba/0 [0-9]+ sos_abba_fn
# line: ^[23] task held \S+ sos_abba_b\[sos_abba\] spin_irq [0-9]+ sos_abba/1 [0-9]+ sos_abba_fn
# help: a panic prints the snapshot (two CPUs stopped by NMI holding sos_abba's locks, and a lock a sleeping task leaked) on the console and into pstore, read back after a warm reboot; panic_dump=0 prints none, panic_print=8 prints it, once
# Five boots of one qemu (no -no-reboot; panic=-1 reboots at once), the
# phase read back from the previous boot's ramoops record, where the
# "SOS-PHASE N" line written just before the panic is:
#   1  no record: sos_panic's sleeper sleeps on CPU 3 holding sos_leak
#      (leaked, with its pid); sos_abba deadlocks CPUs 2 and 3 with interrupts off
#      (irq=1: only an NMI stops them; most of the system then waits for
#      them, the shell too) and panics from a kthread 500 ms later
#   2  the record has the panic and, after it, the snapshot once, with
#      both held and both wait lines and the leaked one; then panic_dump=0 and the same panic
#   3  the record has the panic and no snapshot; then panic_dump=0 and
#      panic_print=8
#   4  the record has the snapshot once; then panic_print=8 with the
#      default panic_dump=1
#   5  the record has the snapshot once; power off
# The "# line:" checks find boot 1's held lines on the console (spin_irq:
# the later boots take the locks with spin_lock()).  A
# boot that finds no record starts at phase 1 again: if pstore loses
# records the scenario reboots until its timeout.
PS=/sys/fs/pstore
mount -t pstore pstore $PS || t_fail pstore-mount "cannot mount pstore"
cat $PS/dmesg-ramoops-* > /tmp/rec 2>/dev/null
last=$(sed -n 's/.*SOS-PHASE \([0-9]\).*/\1/p' /tmp/rec | tail -1)
sos "NOTE previous phase: ${last:-none}"

# The part of the record from the panic on.
sed -n '/Kernel panic - not syncing: /,$p' /tmp/rec > /tmp/after
headers() { grep -c 'spinlock owner snapshot:$' /tmp/after; }

# abba_and_panic PHASE [irq=1]: LKDTM first (a module load needs every
# CPU), then the deadlock, then the panic.
abba_and_panic() {
	t_setup lkdtm modprobe lkdtm
	t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_abba.ko $2
	t_setup abba-wait-a wait_for_line /proc/lock_owners ' wait [^ ]+ sos_abba_a' 10
	t_setup abba-wait-b wait_for_line /proc/lock_owners ' wait [^ ]+ sos_abba_b' 10
	sos "PHASE $1"
	echo PANIC > /sys/kernel/debug/provoke-crash/DIRECT
	t_fail "panic-$1" "LKDTM PANIC returned"
}

case ${last:-0} in
0)
	t_check panic-dump-default grep -qx Y /sys/module/spinlock_owner/parameters/panic_dump
	t_setup insmod-panic insmod /lib/modules/$(uname -r)/extra/sos_panic.ko sleeper_ms=600000
	t_setup sleeper sh -c 'echo sleeper > /sys/kernel/debug/sos_panic/trigger'
	t_setup leaked wait_for_line /proc/lock_owners '^3 task leaked [^ ]+ sos_leak\[sos_panic\] ' 10
	sos "PHASE 1"
	insmod /lib/modules/$(uname -r)/extra/sos_abba.ko irq=1 panic_ms=500
	# The deadlock starts 200 ms after the load; from then on anything
	# that needs every CPU (an exit's TLB flush) waits for ever.
	sleep 30
	t_fail panic-1 "sos_abba did not panic" ;;
1)
	P0=$(sed -n 's/.*sos_abba: thread 0 pid \([0-9]*\) cpu \([0-9]\).*/\1/p' /tmp/rec)
	C0=$(sed -n 's/.*sos_abba: thread 0 pid \([0-9]*\) cpu \([0-9]\).*/\2/p' /tmp/rec)
	P1=$(sed -n 's/.*sos_abba: thread 1 pid \([0-9]*\) cpu \([0-9]\).*/\1/p' /tmp/rec)
	C1=$(sed -n 's/.*sos_abba: thread 1 pid \([0-9]*\) cpu \([0-9]\).*/\2/p' /tmp/rec)
	t_check record-panic grep -q 'Kernel panic - not syncing: sos_abba: deadlocked' /tmp/rec
	t_check record-once test "$(headers)" = 1
	if t_need thread-pids "$P0" "$P1" "$C0" "$C1"; then
		t_check record-held-a grep -qE " $C0 task held [^ ]+ sos_abba_a\[sos_abba\] spin_irq $P0 sos_abba/0 [0-9]+ sos_abba_fn" /tmp/after
		t_check record-held-b grep -qE " $C1 task held [^ ]+ sos_abba_b\[sos_abba\] spin_irq $P1 sos_abba/1 [0-9]+ sos_abba_fn" /tmp/after
		t_check record-wait-b grep -qE " $C0 task wait [^ ]+ sos_abba_b\[sos_abba\] spin $P0 sos_abba/0 " /tmp/after
		t_check record-wait-a grep -qE " $C1 task wait [^ ]+ sos_abba_a\[sos_abba\] spin $P1 sos_abba/1 " /tmp/after
	fi
	SL=$(sed -n 's/.*BUG: scheduling while atomic: sos_sleeper\/3\/\([0-9]*\)\/.*/\1/p' /tmp/rec)
	t_need sleeper-pid "$SL" &&
		t_check record-leaked grep -qE " 3 task leaked [^ ]+ sos_leak\[sos_panic\] spin $SL sos_sleeper/3 [0-9]+ sos_sleeper_fn\+" /tmp/after
	t_check record-count grep -qE 'spinlock owner snapshot: [0-9]+ entries, untracked' /tmp/after
	# The record is a kernel log: lock-owners finds the deadlock in it.
	rc=0
	lock-owners /tmp/rec > /tmp/lo 2>&1 || rc=$?
	t_check record-lock-owners-exit-3 test $rc = 3
	if t_need thread-pids "$P0" "$P1"; then
		t_check record-lock-owners-cycle sh -c "grep -q 'pid $P0 (sos_abba/0) holds sos_abba_a' /tmp/lo &&
			grep -q 'pid $P1 (sos_abba/1) holds sos_abba_b' /tmp/lo"
	fi
	rm -f $PS/dmesg-ramoops-*
	t_setup panic-dump-off sh -c 'echo 0 > /sys/module/spinlock_owner/parameters/panic_dump'
	abba_and_panic 2 ;;
2)
	t_check off-record-panic grep -q 'Kernel panic - not syncing: dumptest' /tmp/rec
	t_lacks off-no-snapshot 'spinlock owner snapshot' /tmp/after
	rm -f $PS/dmesg-ramoops-*
	t_setup panic-dump-off sh -c 'echo 0 > /sys/module/spinlock_owner/parameters/panic_dump'
	t_setup panic-print-8 sh -c 'echo 8 > /proc/sys/kernel/panic_print'
	abba_and_panic 3 ;;
3|4)
	n=print8; [ "$last" = 4 ] && n=print8-dump
	t_check $n-record-panic grep -q 'Kernel panic - not syncing: dumptest' /tmp/rec
	t_check $n-once test "$(headers)" = 1
	t_check $n-held-a grep -qE ' task held [^ ]+ sos_abba_a\[sos_abba\] spin ' /tmp/after
	t_check $n-held-b grep -qE ' task held [^ ]+ sos_abba_b\[sos_abba\] spin ' /tmp/after
	rm -f $PS/dmesg-ramoops-*
	if [ "$last" = 3 ]; then
		t_setup panic-print-8 sh -c 'echo 8 > /proc/sys/kernel/panic_print'
		abba_and_panic 4
	fi ;;
*)
	t_fail phase "unknown phase '$last' in the record" ;;
esac
