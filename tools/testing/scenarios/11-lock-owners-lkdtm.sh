# SPDX-License-Identifier: GPL-2.0
# build: snapshot arm64 snapshot-6.1 snapshot-mainline
# part: lock-owners
# timeout: 120
# allow: 1 ^BUG: scheduling while atomic: sh/[0-9]+/0x[0-9a-f]+$
# help: /proc/lock_owners names the holder and the waiter of LKDTM's lock_me_up, and the wait time grows at the right rate
# LKDTM SPINLOCKUP returns to user space holding lock_me_up (preemption
# stays disabled on that CPU); a second SPINLOCKUP spins on it for ever.
# The holder's return to user space may schedule: that report is allowed,
# once, and from then on the lock is leaked, still shown with the holder's
# pid and comm.  The lock address column is %pK (hashed, or
# "(____ptrval____)" before the RNG is ready).
t_setup lkdtm modprobe lkdtm
D=/sys/kernel/debug/provoke-crash/DIRECT
P=/proc/lock_owners

# The holder: write the trigger, then stay on the CPU in a builtin-only
# loop so that it remains the task running there.  Holder and waiter stay
# off CPU 0: poweroff moves to CPU 0 and would wait for it for ever.
taskset 8 sh -c 'echo $$ > /tmp/holder; echo SPINLOCKUP > '$D'; while :; do :; done' &
wait_for_line /tmp/holder . 5
HOLDER=$(cat /tmp/holder 2>/dev/null)
t_need holder-pid "$HOLDER" || exit 1
# The site is _raw_spin_lock()'s return address, in lkdtm: lkdtm_SPINLOCKUP()
# tail-calls it, so it is in its caller (lkdtm_do_action() on 6.12,
# inlined into direct_entry() on 6.1).
held="^3 task (held|leaked) [^ ]+ lock_me_up\[lkdtm\] spin $HOLDER sh [0-9]+ [a-z_]+\+0x[0-9a-f]+/0x[0-9a-f]+\[lkdtm\]$"
t_wait_line holder-line $P "$held" 10
HCPU=$(grep -E "$held" $P | cut -d' ' -f1 | head -1)

# The waiter, from another process.
taskset 4 sh -c 'echo $$ > /tmp/waiter; echo SPINLOCKUP > '$D &
wait_for_line /tmp/waiter . 5
WAITER=$(cat /tmp/waiter 2>/dev/null)
t_need waiter-pid "$WAITER" || exit 1
wait_re="^[0-9]+ task wait [^ ]+ lock_me_up\[lkdtm\] spin $WAITER "
t_wait_line waiter-line $P "$wait_re" 10
WCPU=$(grep -E "$wait_re" $P | cut -d' ' -f1 | head -1)
t_need waiter-other-cpu "$WCPU" "$HCPU" && t_check waiter-other-cpu test "$WCPU" != "$HCPU"
# Both in one snapshot, the holder still listed.
cp $P /tmp/snap
t_check one-snapshot sh -c "grep -qE '$held' /tmp/snap && grep -qE '$wait_re' /tmp/snap"
# The wait time grows as fast as the clock: between two reads about 1.2 s
# apart, it grows by the time that passed between them (uptime, 10 ms
# resolution), give or take 100 ms for the jiffy resolution and a vCPU
# that qemu did not run for a while.
cs() { tr -d . < /proc/uptime | cut -d' ' -f1; }    # uptime in centiseconds
a0=$(cs); ms1=$(grep -E "$wait_re" $P | cut -d' ' -f9); a1=$(cs)
sleep 1.2
b0=$(cs); ms2=$(grep -E "$wait_re" $P | cut -d' ' -f9); b1=$(cs)
sos NOTE "wait ms $ms1 then $ms2, reads $(((b0 - a1) * 10))-$(((b1 - a0) * 10)) ms apart"
t_need wait-ms-rate "$ms1" "$ms2" &&
	t_check wait-ms-rate test $((ms2 - ms1)) -ge $(((b0 - a1) * 10 - 100)) -a $((ms2 - ms1)) -le $(((b1 - a0) * 10 + 100))

# After the system quiets down, no held entry but the known holder (an
# interrupt may hold a lock at the instant of a read: try a few reads).
quiet=no
for i in 1 2 3 4 5 6 7 8 9 10; do
	cat $P > /tmp/q || break
	if grep -q '^rescued ' /tmp/q && grep -qE "$held" /tmp/q &&
	   ! grep -E '^[0-9]+ [a-z]+ (held|leaked) ' /tmp/q | grep -vqE "$held"; then
		quiet=yes; break
	fi
	sleep 0.2
done
[ $quiet = yes ] && t_ok only-known-holder || { cat $P; t_fail only-known-holder "other held entries stay"; }
# (Access rights, kptr_restrict and partial reads: 40-lock-owners-bad-input
# and 41-security.)
