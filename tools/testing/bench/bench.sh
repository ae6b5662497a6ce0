# SPDX-License-Identifier: GPL-2.0
# timeout: 1800
# help: guest side of scripts/bench: sos_bench figures, locktorture and msgbench throughput
# Not a test scenario: scripts/bench boots it with --icount and reads the
# console.  Parameters come from the kernel command line:
#   sos.bench.iters=N      iterations per uncontended figure (sos_bench)
#   sos.bench.ms=N         guest ms per contended run (sos_bench)
#   sos.bench.torture=S    guest seconds per locktorture run, 0 to skip
#   sos.bench.msg=G,P,M,F  msgbench groups, pairs, messages, futex rounds
# Every figure goes to the console: sos_bench's own lines, locktorture's
# statistics between "SOS-BENCH torture TYPE start/stop" marks (the host
# takes the duration from their printk times), and "SOS-BENCH msgbench: ...".
arg() { sed -n "s/.*sos\.bench\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
iters=$(arg iters)
ms=$(arg ms)
torture=$(arg torture)
msg=$(arg msg)

sos "BENCH kernel $(uname -r) cpus $(grep -c ^processor /proc/cpuinfo)"
insmod /lib/modules/$(uname -r)/extra/sos_bench.ko iters=${iters:-1000000} \
	contended_ms=${ms:-20} || sos "BENCH error: insmod sos_bench failed"
dmesg | grep -q 'sos_bench: done' || sos "BENCH error: sos_bench did not finish"
rmmod sos_bench

# locktorture: writers (and readers) on CPUs 1-3, no stutter, shuffle or
# long holds, so that the lock operations dominate, not the delays.
if [ "${torture:-3}" != 0 ]; then
	for t in spin_lock rw_lock; do
		readers=0
		[ $t = rw_lock ] && readers=1
		sos "BENCH torture $t start"
		modprobe locktorture torture_type=$t nwriters_stress=2 \
			nreaders_stress=$readers stat_interval=0 shuffle_interval=0 \
			stutter=0 long_hold=0 verbose=0 bind_writers=1-2 \
			bind_readers=3 || sos "BENCH error: modprobe locktorture $t"
		sleep ${torture:-3}
		rmmod locktorture
		sos "BENCH torture $t stop"
	done
fi

# msgbench: fork/pipe/futex messaging, operations per guest second, three
# runs, all on CPU 1.  Spread over CPUs, its guest time would depend on
# when qemu's round-robin lets a woken vCPU run, not only on instructions.
if [ -n "$msg" ] && [ "$msg" != 0 ]; then
	IFS=, read -r g p m f <<-EOT
	$msg
	EOT
	for run in 1 2 3; do
		out=$(taskset 2 msgbench -g "$g" -p "$p" -m "$m" -f "$f" 2>&1) ||
			sos "BENCH error: msgbench failed: $out"
		sos "BENCH $out"
	done
fi
