# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: lock-owners
# timeout: 120
# help: what scripts/demo --show prints: a held lock, its holder's pid, and a waiting CPU in /proc/lock_owners and lock-owners
# The holder is a shell that writes to sos_contend, which holds its
# spinlock for 3 s in that shell's context and gives it back: nothing is
# leaked, the shell lives on, and no splat is printed.
H=/sys/kernel/debug/sos_contend/hold
t_setup contend modprobe sos_contend
echo; echo "== /proc/lock_owners on an idle machine"; cat /proc/lock_owners
echo; echo "== a shell on CPU 3 takes sos_contend's spinlock and holds it for 3 s"
taskset 8 sh -c 'echo $$ > /tmp/holder; echo "spin 3000" > '$H &
wait_for_line /proc/lock_owners '^3 task held [^ ]+ sos_contend_lock' 2
echo "== a shell on CPU 2 wants it too, and spins"
taskset 4 sh -c 'echo $$ > /tmp/waiter; echo "spin 1" > '$H &
wait_for_line /proc/lock_owners '^2 task wait [^ ]+ sos_contend_lock' 2
echo; echo "== /proc/lock_owners now: the holder (held) and the waiter (wait)"
cat /proc/lock_owners > /tmp/snap
cat /tmp/snap
echo; echo "== lock-owners, the waiters under their holder"
lock-owners /tmp/snap
wait
echo
HOLDER=$(cat /tmp/holder 2>/dev/null)
WAITER=$(cat /tmp/waiter 2>/dev/null)
t_need demo-held "$HOLDER" &&
	t_check demo-held grep -qE "^3 task held [^ ]+ sos_contend_lock\[sos_contend\] spin $HOLDER sh [0-9]+ sos_contend_" /tmp/snap
t_need demo-wait "$WAITER" &&
	t_check demo-wait grep -qE "^2 task wait [^ ]+ sos_contend_lock\[sos_contend\] spin $WAITER sh [0-9]+ -$" /tmp/snap
t_lacks demo-released ' sos_contend_lock\[sos_contend\] ' /proc/lock_owners
