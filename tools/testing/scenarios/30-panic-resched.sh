# SPDX-License-Identifier: GPL-2.0
# build: snapshot snapshot-6.1 snapshot-mainline
# part: panic_resched
# cmdline: panic_resched=1 panic_resched_limit=16
# timeout: 240
# allow: 11 ^panic_resched: panic in [^ ]+\[[0-9]+\]: (sos_panic: [a-z-]+|Fatal exception in interrupt)$
# allow: 1 ^BUG: kernel NULL pointer dereference, address: 0+$
# allow: 1 ^Oops: (Oops: )?0002 \[#1\]( PREEMPT)? SMP$
# (panic_resched_limit=16: 11 rescues where the kernel has
# spin_lock_irq_disable(), beyond the default limit of 10.)
# help: panic_resched=1: panics holding each spinlock variant are rescued, the locks freed, a user task killed, a kthread stopped; an oops with bottom halves off too
# Each case panics in the writer (or in a kthread) holding the case's
# locks; sos_panic's check then takes every lock from a kthread on that
# CPU within a second.  The machine must run on through all of them.  The
# allowed oops is the one "oops-bh" provokes at the end.
D=/sys/kernel/debug/sos_panic
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko

# wait_count REGEX N: until the kernel log has N lines matching REGEX.
wait_count() {
	local i=0
	while [ "$(dmesg | grep -cE "$1")" -lt "$2" ]; do
		[ $i -ge 100 ] && return 1
		sleep 0.1
		i=$((i + 1))
	done
}

# spin_lock_irq_disable() (7.x): a kernel that has it must have the case.
cases="spin:1 irqsave:1 irq:1 trylock-irq:1 bh:1 nested:7 rw:2 raw:1 kthread:1"
case $(uname -r) in
[0-6].*) ;;
*)
	t_check irq-disable-case grep -qw irq-disable /sys/module/sos_panic/parameters/cases
	cases="$cases irq-disable:1" ;;
esac
n=0
for c in $cases; do
	name=${c%:*}
	locks=${c#*:}
	n=$((n + 1))
	echo "$name" > $D/trigger &
	pid=$!
	t_check "$name-rescued" wait_count 'panic_resched: rescued ' $n
	t_check "$name-released" sh -c "dmesg | grep 'panic_resched: rescued ' | tail -1 |
		grep -q 'released $locks spinlocks'"
	t_check "$name-message" sh -c "dmesg | grep -q 'panic_resched: panic in .*: sos_panic: $name\$'"
	cat $D/check > /tmp/check
	sos NOTE "$name: $(tr '\n' ';' < /tmp/check)"
	t_check "$name-locks-free" sh -c '! grep -q stuck /tmp/check && [ $(grep -c " ok$" /tmp/check) = 6 ]'
	# The next task on that CPU starts with the state the rescue restored.
	t_check "$name-cpu-state" grep -q ' preempt_count 0 irqs on$' /tmp/check
	if [ "$name" = kthread ]; then
		# The kthread waits, sleeping, for kthread_stop().
		k=$(grep -l '^sos_panic$' /proc/[0-9]*/comm | head -1 | cut -d/ -f3)
		t_need kthread-waits "$k" &&
			t_check kthread-waits sh -c "dmesg | grep -q 'rescued sos_panic\[$k\], released 1 spinlocks; the kthread waits for kthread_stop()\$' &&
				cut -d' ' -f3 /proc/$k/stat | grep -qE '^[DI]\$'"
		t_setup kthread-stop sh -c "echo kthread-stop > $D/trigger"
		ms=$(dmesg | sed -n 's/.*sos_panic: kthread_stop returned -4 after \([0-9]*\) ms$/\1/p')
		t_need kthread-stopped "$ms" && t_check kthread-stopped test "$ms" -lt 1000
		t_check kthread-gone sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do [ -e /proc/$k ] || exit 0; sleep 0.1; done; exit 1"
	else
		# A user task is killed: its parent reaps it, killed by SIGKILL.
		wait $pid
		t_check "$name-killed" test $? = 137
	fi
done

t_lacks nothing-held " (held|wait|leaked) .*\[sos_panic\]" /proc/lock_owners
t_check counter grep -qx "rescued $n" /proc/lock_owners
# W, not D: D would switch the hung task detector off.
t_check taint-W-not-D sh -c 't=$(cat /proc/sys/kernel/tainted); [ $((t & 512)) -ne 0 ] && [ $((t & 128)) -eq 0 ]'

# With a bh lock too, x86 turns the oops into "Fatal exception in
# interrupt" (bottom halves are off): a panic in process context all the
# same, rescued, and the writer is killed.
n=$((n + 1))
sh -c "echo oops-bh > $D/trigger" 2>/dev/null &
pid=$!
t_check oops-bh-rescued wait_count 'panic_resched: rescued sh\[[0-9]+\], released 2 spinlocks' 1
t_check oops-bh-message sh -c "dmesg | grep -q 'panic_resched: panic in sh\[[0-9]*\]: Fatal exception in interrupt'"
cat $D/check > /tmp/check
t_check oops-bh-locks-free sh -c '! grep -q stuck /tmp/check && [ $(grep -c " ok$" /tmp/check) = 6 ]'
wait $pid
t_check oops-bh-killed test $? = 137
t_check counter-after-oops grep -qx "rescued $n" /proc/lock_owners

# A rescued panic does not print the snapshot (spinlock_owner.panic_dump
# is on): the dump comes after the rescue's decision.
dmesg > /tmp/dmesg
t_check rescues-in-dmesg grep -q 'panic_resched: rescued ' /tmp/dmesg
t_lacks rescued-no-panic-dump 'spinlock owner snapshot' /tmp/dmesg
