# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: lock-owners
# timeout: 120
# allow: ^(BUG: scheduling while atomic: sh/[0-9]+/0x[0-9a-f]+|Call Trace:)$
# help: what scripts/demo --show prints: a held lock and a waiting CPU in /proc/lock_owners
modprobe lkdtm
D=/sys/kernel/debug/provoke-crash/DIRECT
echo; echo "== /proc/lock_owners on an idle machine"; cat /proc/lock_owners
echo; echo "== one process takes LKDTM's lock_me_up and returns to user space holding it"
taskset 8 sh -c 'echo SPINLOCKUP > '$D'; while :; do :; done' &
sleep 1
echo "== another process tries to take it and spins"
taskset 4 sh -c 'echo SPINLOCKUP > '$D &
sleep 2
echo; echo "== /proc/lock_owners now: the holder (held) and the waiter (wait)"
cat /proc/lock_owners
echo
t_check demo-held grep -qE '^[0-9]+ task held [^ ]+ lock_me_up\[lkdtm\] spin ' /proc/lock_owners
t_check demo-wait grep -qE '^[0-9]+ task wait [^ ]+ lock_me_up\[lkdtm\] spin ' /proc/lock_owners
