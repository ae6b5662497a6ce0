# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: panic_resched
# timeout: 90
# allow: ^(Call Trace:|BUG: kernel NULL pointer dereference, address: 0+|Oops: .*|watchdog: BUG: soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[sos_spinner/[0-9]+:[0-9]+\])$
# help: without panic_resched, an oops holding spinlocks leaks them as in the base kernel: a later taker spins into a soft lockup
# The contrast to 30-panic-resched: the same oops, the feature off (the
# default), and the dead task's locks stay taken.
D=/sys/kernel/debug/sos_panic
dmesg_has() {
	dmesg | grep -qE "$1"
}
t_check default-off grep -qx 0 /proc/sys/kernel/panic_resched
insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
sh -c "echo oops > $D/trigger" 2>/dev/null
t_check no-release sh -c '! dmesg | grep -q "panic_resched:"'
cat $D/check > /tmp/check
t_check sos_a-leaked grep -qx 'sos_a stuck' /tmp/check
t_check sos_b-leaked grep -qx 'sos_b stuck' /tmp/check
t_check leak-shown sh -c 'grep -E " held .*sos_a\[sos_panic\] spin_irqsave " /proc/lock_owners'
# A kthread that wants sos_a now spins for good: the soft lockup detector
# (threshold lowered to 2 s) reports it, and the snapshot shows it waiting.
echo 1 > /proc/sys/kernel/watchdog_thresh
echo spinner > $D/trigger
i=0
while ! dmesg | grep -qE 'soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[sos_spinner' && [ $i -lt 150 ]; do
	sleep 0.1
	i=$((i + 1))
done
t_check lockup-report dmesg_has 'soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[sos_spinner'
t_check waiter-shown sh -c 'grep -E " wait .*sos_a\[sos_panic\] " /proc/lock_owners'
