# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: panic_resched
# cmdline: panic_resched=1
# timeout: 90
# allow: 1 ^BUG: kernel NULL pointer dereference, address: 0+$
# allow: 1 ^Oops: Oops: 0002 \[#1\] PREEMPT SMP$
# allow: 5 ^watchdog: BUG: soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[sos_spinner/[0-9]+:[0-9]+\]$
# help: oops_release_locks off (the default, even with panic_resched=1): an oops holding spinlocks leaks them as the base kernel does, shown as leaked by the dead task; a later taker spins into a soft lockup
# The contrast to 39-oops-release: the same oops, the release off, and the
# dead task's locks stay taken; /proc/lock_owners names the task that
# took them (not whatever runs on that CPU now).
D=/sys/kernel/debug/sos_panic
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
sh -c 'echo $$ > /tmp/oopser; echo oops > '$D'/trigger' 2>/dev/null
OOPSER=$(cat /tmp/oopser 2>/dev/null)
t_need oopser-pid "$OOPSER" || exit 1
dmesg > /tmp/dmesg
t_lacks no-release 'panic_resched: (oops in|not releasing)' /tmp/dmesg
cat $D/check > /tmp/check
t_check sos_a-leaked grep -qx 'sos_a stuck' /tmp/check
t_check sos_b-leaked grep -qx 'sos_b stuck' /tmp/check
cat /proc/lock_owners > /tmp/snap
t_check leak-shown grep -qE "^[0-9]+ task leaked [^ ]+ sos_a\[sos_panic\] spin_irqsave $OOPSER sh [0-9]+ sos_(run|trigger_write)" /tmp/snap
t_check leak-shown-b grep -qE "^[0-9]+ task leaked [^ ]+ sos_b\[sos_panic\] spin $OOPSER sh [0-9]+ sos_(run|trigger_write)" /tmp/snap
# A kthread that wants sos_a now spins for good: the soft lockup detector
# (threshold lowered to 2 s) reports it, and the snapshot shows it waiting.
echo 1 > /proc/sys/kernel/watchdog_thresh
t_setup spinner sh -c "echo spinner > $D/trigger"
wait_for_dmesg 'soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[sos_spinner' 15
t_check lockup-report sh -c "dmesg | grep -qE 'soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[sos_spinner'"
t_check waiter-shown grep -qE ' wait [^ ]+ sos_a\[sos_panic\] ' /proc/lock_owners
