# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# timeout: 90
# allow: ^(Call Trace:|BUG: kernel NULL pointer dereference, address: 0+|Oops: .*)$
# help: without panic_resched, an oops holding spinlocks leaks them as in the base kernel: nobody can take them again
# The contrast to 30-panic-resched: the same oops, the feature off (the
# default), and the dead task's locks stay taken.
D=/sys/kernel/debug/sos_panic
t_check default-off grep -qx 0 /proc/sys/kernel/panic_resched
insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
sh -c "echo oops > $D/trigger" 2>/dev/null
t_check no-release sh -c '! dmesg | grep -q "panic_resched:"'
cat $D/check > /tmp/check
t_check sos_a-leaked grep -qx 'sos_a stuck' /tmp/check
t_check sos_b-leaked grep -qx 'sos_b stuck' /tmp/check
t_check leak-shown sh -c 'grep -E " held .*sos_a\[sos_panic\] spin_irqsave " /proc/lock_owners'
