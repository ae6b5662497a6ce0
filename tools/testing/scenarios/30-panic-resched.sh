# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: panic_resched
# cmdline: panic_resched=1
# timeout: 240
# allow: ^(Call Trace:|BUG: kernel NULL pointer dereference, address: 0+|Oops: .*)$
# help: panic_resched=1: panics holding each spinlock variant are rescued, the locks freed, the task parked; an oops frees its locks
# Each case panics in the writer (or in a kthread) holding the case's
# locks; sos_panic's check then takes every lock from a kthread on that
# CPU within a second.  The machine must run on through all of them.
D=/sys/kernel/debug/sos_panic
insmod /lib/modules/$(uname -r)/extra/sos_panic.ko

# wait_count REGEX N: until the kernel log has N lines matching REGEX.
wait_count() {
	local i=0
	while [ "$(dmesg | grep -cE "$1")" -lt "$2" ]; do
		[ $i -ge 100 ] && return 1
		sleep 0.1
		i=$((i + 1))
	done
}

# state PID: the task's state letter (I: idle, parked).
state() {
	cut -d' ' -f3 "/proc/$1/stat"
}

n=0
for c in spin:1 irqsave:1 irq:1 bh:1 nested:7 rw:2 raw:1 kthread:1; do
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
	t_check "$name-cpu-sane" grep -qE '^cpu [0-9]+ preempt_count 0 irqs on$' /tmp/check
	if [ "$name" = kthread ]; then
		pid=$(grep -l '^sos_panic$' /proc/[0-9]*/comm | head -1 | cut -d/ -f3)
	fi
	t_check "$name-parked" sh -c "[ \"\$(cut -d' ' -f3 /proc/$pid/stat)\" = I ]"
done

t_check nothing-held sh -c '! grep -qE " (held|wait) .*\[sos_panic\]" /proc/lock_owners'
t_check counter grep -qx "rescued $n" /proc/lock_owners
t_check taint-D sh -c '[ $(( $(cat /proc/sys/kernel/tainted) & 128 )) -ne 0 ]'
t_check sysctl-on grep -qx 1 /proc/sys/kernel/panic_resched

# An oops holding an irqsave and a plain lock: the writer dies, and its
# locks are given back as it exits.
sh -c "echo oops > $D/trigger" 2>/dev/null
t_check oops-released wait_count 'panic_resched: oops in sh\[[0-9]+\], released 2 spinlocks' 1
cat $D/check > /tmp/check
t_check oops-locks-free sh -c '! grep -q stuck /tmp/check'
t_check oops-cpu-sane grep -qE '^cpu [0-9]+ preempt_count 0 irqs on$' /tmp/check
# With a bh lock too, x86 turns the oops into "Fatal exception in
# interrupt" (bottom halves are off): a panic in process context all the
# same, rescued, and the writer is parked.
n=$((n + 1))
sh -c "echo oops-bh > $D/trigger" 2>/dev/null &
t_check oops-bh-rescued wait_count 'panic_resched: rescued sh\[[0-9]+\], released 2 spinlocks' 1
t_check oops-bh-message sh -c "dmesg | grep -q 'panic_resched: panic in sh\[[0-9]*\]: Fatal exception in interrupt'"
cat $D/check > /tmp/check
t_check oops-bh-locks-free sh -c '! grep -q stuck /tmp/check'
t_check counter-after-oops grep -qx "rescued $n" /proc/lock_owners
t_check alive sh -c 'echo alive > /tmp/alive && [ "$(cat /tmp/alive)" = alive ]'
