# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# timeout: 180
# help: smoke of the lock-pair benchmark module (sos_bench): every variant reports a figure
# The figures are only meaningful under scripts/boot --icount; here the
# point is that the benchmark keeps building and running.
n=100000
[ -n "$SOS_LONG" ] && n=1000000
insmod /lib/modules/$(uname -r)/extra/sos_bench.ko iters=$n 2>/dev/null
dmesg | grep 'sos_bench: ' > /tmp/bench
cat /tmp/bench
for v in spin_lock spin_lock_irq spin_lock_irqsave spin_lock_bh spin_trylock raw_spin_lock read_lock write_lock; do
	t_check "$v" grep -qE "sos_bench: $v [0-9]+\.[0-9]$" /tmp/bench
done
