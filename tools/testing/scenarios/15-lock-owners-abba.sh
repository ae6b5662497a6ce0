# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: lockup
# timeout: 90
# help: two kthreads deadlock ABBA on two spinlocks; lock-owners in the guest reports the cycle with both pids and both locks
# sos_abba's threads, bound to CPUs 2 and 3, each hold one lock and spin
# on the other.  The default soft lockup threshold (20 s) is longer than
# this test.
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_abba.ko
wait_for_line /proc/lock_owners ' wait [^ ]+ sos_abba_a' 10
wait_for_line /proc/lock_owners ' wait [^ ]+ sos_abba_b' 10
P0=$(dmesg | sed -n 's/.*sos_abba: thread 0 pid \([0-9]*\) .*/\1/p')
P1=$(dmesg | sed -n 's/.*sos_abba: thread 1 pid \([0-9]*\) .*/\1/p')
t_need thread-pids "$P0" "$P1" || exit 1
cat /proc/lock_owners > /tmp/snap
cat /tmp/snap
rc=0
lock-owners /tmp/snap > /tmp/out 2>&1 || rc=$?
cat /tmp/out
t_check exit-status-3 test $rc = 3
t_check possible-deadlock grep -q 'possible deadlock:' /tmp/out
t_check pid-thread0 grep -qE "pid $P0 \(sos_abba[^)]*\) holds sos_abba_[ab]" /tmp/out
t_check pid-thread1 grep -qE "pid $P1 \(sos_abba[^)]*\) holds sos_abba_[ab]" /tmp/out
t_check lock-a grep -q 'holds sos_abba_a' /tmp/out
t_check lock-b grep -q 'holds sos_abba_b' /tmp/out
# The same straight from /proc, and as JSON.
rc=0
lock-owners > /dev/null 2>&1 || rc=$?
t_check proc-exit-status-3 test $rc = 3
rc=0
lock-owners --json /tmp/snap > /tmp/json 2>&1 || rc=$?
t_check json-cycle sh -c "test $rc = 3 && grep -qE '\"pid\": ?$P0[,}]' /tmp/json && grep -qE '\"pid\": ?$P1[,}]' /tmp/json"
# The same snapshot without the two threads' lines has no cycle.
t_check no-cycle-clean sh -c "grep -v sos_abba /tmp/snap > /tmp/clean && grep -q '^rescued ' /tmp/clean && lock-owners /tmp/clean > /dev/null"
