# SPDX-License-Identifier: GPL-2.0
# build: debug
# part: coexistence
# timeout: 240
# help: the owner snapshot beside lockdep, LOCK_STAT and DEBUG_SPINLOCK: KUnit, rwlock torture under readers, lockdep still on
# locktorture's rw_lock_irq (readers
# and writers, interrupts off) runs while /proc/lock_owners is read in a
# loop: the snapshots must show the torture's lock, lockdep must still be
# on afterwards (any splat fails the run), and once the torture is gone
# its lock must be too, with no unmatched release.
secs=6
[ -n "${SOS_LONG:-}" ] && secs=30
# Real addresses for root (%pK with kptr_restrict=1): a hashed address is
# "(____ptrval____)" until the RNG is ready, the same for every lock.
echo 1 > /proc/sys/kernel/kptr_restrict
t_check lockdep-on grep -qE '^ *debug_locks: +1$' /proc/lockdep_stats
t_mark locktorture
t_setup modprobe modprobe locktorture torture_type=rw_lock_irq nwriters_stress=2 \
	nreaders_stress=2 stat_interval=2
# Read for $secs seconds, and on (up to 20 s more, for a slow KASAN
# kernel) until the torture's lock has been seen.
now() { cut -d. -f1 /proc/uptime; }
end=$(( $(now) + secs ))
reads=0
while [ "$(now)" -lt $end ] || { [ ! -s /tmp/seen ] && [ "$(now)" -lt $((end + 20)) ]; }; do
	cat /proc/lock_owners > /tmp/snap || break
	grep -E ' held [^ ]+ torture_rwlock\[locktorture\] (read|write)_irq(save)? ' /tmp/snap >> /tmp/seen
	reads=$((reads + 1))
done
t_check snapshot-reads test $reads -ge 3
# The torture's lock was seen held in some snapshot.
t_check torture-lock-seen test -s /tmp/seen
addr=$(head -1 /tmp/seen 2>/dev/null | cut -d' ' -f4)
t_setup rmmod rmmod locktorture
dmesg_since locktorture > /tmp/log
t_check torture-success grep -q 'rw_lock_irq-torture:--- End of test: SUCCESS' /tmp/log
t_check lockdep-still-on grep -qE '^ *debug_locks: +1$' /proc/lockdep_stats
t_need nothing-left "$addr" && t_lacks nothing-left " $addr " /proc/lock_owners
t_check unmatched-zero grep -qx 'unmatched 0' /proc/lock_owners
