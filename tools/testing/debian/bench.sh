# SPDX-License-Identifier: GPL-2.0
# timeout: 1800
# help: guest side of scripts/deb-bench: real workloads in the Debian guest, timed in guest instructions
# Not a test scenario (no number in its name: tools/testing/host/debian.sh
# does not boot it).  scripts/deb-bench boots it with --icount and one
# vCPU, where the guest clock advances one nanosecond per instruction the
# CPU executes, and jumps over the time the CPU idles.  Every
# workload does a fixed amount of work in tmpfs, once untimed (it brings
# programs and files into the page cache: no disk wait in the timed run),
# then once timed:
#   SOS-BENCH deb NAME INSTRUCTIONS idle IDLE_NANOSECONDS
# where INSTRUCTIONS is the guest nanoseconds it took (monotonic clock)
# less the CPU's idle time meanwhile, and for perf bench futex's timed workloads:
#   SOS-BENCH deb-ops NAME INSTRUCTIONS ops OPERATIONS idle IDLE_NANOSECONDS
# Parameters from the kernel command line:
#   sos.bench.scale=N    multiplies every workload's amount of work (1)
#   sos.bench.pairs=N    sos_bench iterations per pair figure, 0 to skip
# sos_bench's own lines (pair and nest4 figures) go to the kernel log.
arg() { sed -n "s/.*sos\.bench\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
S=$(arg scale)
S=${S:-1}
P=$(arg pairs)
R=$(uname -r)
W=/run/sos-bench
mkdir -p $W/tool $W/mod
cp /usr/local/lib/sos/src/lock-owners/* $W/tool/
cp /usr/local/lib/sos/src/sos_bench.c $W/mod/
echo 'obj-m := sos_bench.o' > $W/mod/Kbuild
cd $W || exit 1

if [ ! -r /proc/lock_owners ]; then
	owner=none
elif [ "$(sed -n 2p /proc/lock_owners)" = off ]; then
	owner=off
else
	owner=on
fi
sos "BENCH kernel $R cpus $(nproc) owner $owner cpuidle $(cat /sys/devices/system/cpu/cpuidle/current_driver 2>/dev/null || echo none)"

# The workloads, as named in the report.  Each is a shell function that
# does a fixed amount of work, N times its unit ($1), without time limits
# (a fixed time would count work done, not time taken).
w_messaging() { perf bench sched messaging -g 2 -l $((50 * $1)) >/dev/null; }
w_messaging_pipe_threads() { perf bench sched messaging -p -t -g 2 -l $((50 * $1)) >/dev/null; }
w_sched_pipe() { perf bench sched pipe -l $((10000 * $1)) >/dev/null; }
w_hackbench() { hackbench -g 2 -f 10 -l $((100 * $1)) >/dev/null; }
w_stress_pipe() { stress-ng -q --pipe 1 --pipe-ops $((20000 * $1)); }
w_stress_fork() { stress-ng -q --fork 1 --fork-ops $((500 * $1)); }
w_stress_futex() { stress-ng -q --futex 1 --futex-ops $((20000 * $1)); }
w_stress_lockf() { stress-ng -q --lockf 1 --lockf-ops $((20000 * $1)); }
# lock-owners (five files and a link, -O0: the compiler's own work would
# hide the kernel's) and sos_bench.ko with the kernel's kbuild: fork, exec,
# mmap and small files all the time.
w_compile_tool() {
	i=0
	while [ $i -lt $((2 * $1)) ]; do
		make -s -C tool CFLAGS=-O0 clean all >/dev/null || return
		i=$((i + 1))
	done
}
w_compile_module() {
	i=0
	while [ $i -lt "$1" ]; do
		make -s -C /lib/modules/$R/build M=$W/mod clean >/dev/null &&
		make -s -C /lib/modules/$R/build M=$W/mod modules >/dev/null || return
		i=$((i + 1))
	done
}
# The guest's monotonic clock and its CPUs' idle and iowait time so far,
# in ns, from one read of /proc/timer_list ("now at N nsecs", and the
# tick's own idle accounting, at every idle exit): "NOW IDLE".  Under
# -icount with sleep=off the clock jumps over idle time; elapsed time
# less idle time is what the CPU executed, one instruction per ns.  (Not
# date(1): the wall clock can be set while a workload runs.)
clock() {
	# "  .idle_sleeptime  : N nsecs", "  .iowait_sleeptime: N nsecs"; %.0f,
	# not %d: mawk's %d stops at 2^31.
	awk '/^now at [0-9]+ nsecs/ { now = $3 }
	     /^ *\.(idle|iowait)_sleeptime *:/ { sub(/^[^:]*: */, ""); s += $1; n++ }
	     END { if (now && n == 2 * ENVIRON["NCPU"]) printf "%.0f %.0f", now, s }' /proc/timer_list
}
NCPU=$(nproc)
export NCPU
[ -n "$(clock)" ] || sos "BENCH error: no clock or idle times in /proc/timer_list"

for w in messaging messaging_pipe_threads sched_pipe hackbench stress_pipe \
	 stress_fork stress_futex stress_lockf compile_tool compile_module; do
	# Once as little as possible, untimed (the page cache), then timed.
	if ! w_$w 1; then
		sos "BENCH error: $w failed"
		continue
	fi
	sync
	c0=$(clock)
	if ! w_$w "$S"; then
		sos "BENCH error: $w failed"
		continue
	fi
	c1=$(clock)
	set -- $c0 $c1
	sos "BENCH deb $w $(($3 - $1 - ($4 - $2))) idle $(($4 - $2))"
done
# perf bench futex hash and lock-pi run for a time, not an amount of
# work: they print their operations per guest second.  lock-pi's threads
# sleep between operations, so the CPU idles: the figure is the
# instructions executed (guest time less idle) over the operations done,
# the rate times the run time.
for w in hash lock-pi; do
	if ! perf bench futex $w -r 1 >/dev/null; then
		sos "BENCH error: futex_$w failed"
		continue
	fi
	c0=$(clock)
	ops=$(perf bench futex $w -r "$S" | sed -n 's/^Averaged \([0-9]*\) operations.*/\1/p')
	c1=$(clock)
	if [ -z "$ops" ]; then
		sos "BENCH error: futex_$w failed"
		continue
	fi
	set -- $c0 $c1
	sos "BENCH deb-ops futex_$w $(($3 - $1 - ($4 - $2))) ops $((ops * S)) idle $(($4 - $2))"
done

# The uncontended pair figures on this kernel's config (-O2,
# PARAVIRT_SPINLOCKS...), as scripts/bench measures them on tinyconfig.
if [ "${P:-1000000}" != 0 ]; then
	insmod /lib/modules/$R/extra/sos_bench.ko iters=${P:-1000000} \
		contended_ms=0 || sos "BENCH error: insmod sos_bench failed"
	dmesg | grep -q 'sos_bench: done' || sos "BENCH error: sos_bench did not finish"
	rmmod sos_bench
fi
sos "BENCH done"
