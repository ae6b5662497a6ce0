# SPDX-License-Identifier: GPL-2.0
# build: snapshot arm64
# part: lock-owners
# timeout: 120
# allow: ^(BUG: scheduling while atomic: sh/[0-9]+/0x[0-9a-f]+|Call Trace:)$
# help: /proc/lock_owners names the holder and the waiter of LKDTM's lock_me_up; root only
# LKDTM SPINLOCKUP returns to user space holding lock_me_up (preemption
# stays disabled on that CPU); a second SPINLOCKUP spins on it for ever.
# The holder's return to user space may schedule: the allowed lines are
# that report's header and its trace header.  The lock address column is
# %pK (hashed, or "(____ptrval____)" before the RNG is ready).
modprobe lkdtm
D=/sys/kernel/debug/provoke-crash/DIRECT
P=/proc/lock_owners

# The holder: write the trigger, then stay on the CPU in a builtin-only
# loop so that it remains the task running there.  Holder and waiter stay
# off CPU 0: poweroff moves to CPU 0 and would wait for it for ever.
taskset 8 sh -c 'echo $$ > /tmp/holder; echo SPINLOCKUP > '$D'; while :; do :; done' &
wait_for_line /tmp/holder . 5
HOLDER=$(cat /tmp/holder)
held="^[0-9]+ task held [^ ]+ lock_me_up\[lkdtm\] spin $HOLDER [^ ]+ [0-9]+ lkdtm_"
t_wait_line holder-line $P "$held" 10
HCPU=$(grep -E "$held" $P | cut -d' ' -f1)

# The waiter, from another process.
taskset 4 sh -c 'echo $$ > /tmp/waiter; echo SPINLOCKUP > '$D &
wait_for_line /tmp/waiter . 5
WAITER=$(cat /tmp/waiter)
wait_re="^[0-9]+ task wait [^ ]+ lock_me_up\[lkdtm\] spin $WAITER "
t_wait_line waiter-line $P "$wait_re" 10
WCPU=$(grep -E "$wait_re" $P | cut -d' ' -f1)
t_check waiter-other-cpu test "$WCPU" != "$HCPU"
# Both in one snapshot, the holder still listed.
cp $P /tmp/snap
t_check one-snapshot sh -c "grep -qE '$held' /tmp/snap && grep -qE '$wait_re' /tmp/snap"
# The wait time grows while the holder keeps the lock.
sleep 1.2
ms=$(grep -E "$wait_re" $P | cut -d' ' -f9)
t_check wait-ms-grows test "${ms:-0}" -ge 1000

# After the system quiets down, no held entry but the known holder (an
# interrupt may hold a lock at the instant of a read: try a few reads).
quiet=no
for i in 1 2 3 4 5 6 7 8 9 10; do
	if ! grep -E '^[0-9]+ [a-z]+ held ' $P | grep -vqE "$held"; then
		quiet=yes; break
	fi
	sleep 0.2
done
[ $quiet = yes ] && t_ok only-known-holder || { cat $P; t_fail only-known-holder "other held entries stay"; }

# Root only, and no raw addresses with kptr_restrict=2.
t_check nonroot-eacces sh -c "! runas 65534 cat $P 2>/tmp/err && grep -q 'Permission denied' /tmp/err"
t_check not-writable sh -c "! echo x 2>/dev/null > $P"
echo 2 > /proc/sys/kernel/kptr_restrict
t_check kptr-restrict sh -c "grep -E '$held' $P | cut -d' ' -f4 | grep -qx 0000000000000000"
t_check bytewise sh -c "dd if=$P bs=1 2>/dev/null | head -1 | grep -qx 'version 1'"
