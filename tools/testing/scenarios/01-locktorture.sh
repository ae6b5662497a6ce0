# SPDX-License-Identifier: GPL-2.0
# build: base
# part: foundation
# timeout: 150
# help: locktorture spin_lock with CPU hotplug (after rcutorture's LOCK01)
# Options as kvm.sh runs LOCK01 (spin_lock, verbose, CPU hotplug every 3 s),
# shortened: stats every 2 s, hotplug from 2 s, 10 s (30 s with --long).
secs=10
[ -n "${SOS_LONG:-}" ] && secs=30
t_mark locktorture
t_setup modprobe modprobe locktorture torture_type=spin_lock nwriters_stress=4 \
	stat_interval=2 verbose=1 onoff_interval=3 onoff_holdoff=2
sleep $secs
t_setup rmmod rmmod locktorture
dmesg_since locktorture > /tmp/log
t_check success grep -q 'spin_lock-torture:--- End of test: SUCCESS' /tmp/log
stats=$(grep 'Writes:  Total:' /tmp/log)
if [ -z "$stats" ]; then
	t_fail stats "no statistics lines"
elif echo "$stats" | grep -qvE 'Fail: 0( |$)'; then
	t_fail stats "$(echo "$stats" | grep -vE 'Fail: 0( |$)' | head -1)"
else
	t_ok stats
fi
