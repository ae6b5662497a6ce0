# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: panic_resched
# cmdline: panic_resched=1
# timeout: 120
# allow: 1 ^INFO: task sh:[0-9]+ blocked for more than 2 seconds\.$
# allow: 1 ^panic_resched: panic in sos_panic\[[0-9]+\]: sos_panic: kthread$
# help: a rescued kthread lets the freezer freeze it and kthread_stop() end it; the hung task detector still reports other tasks afterwards
# The first version parked a rescued task in TASK_IDLE for good: the
# freezer could not freeze it, kthread_stop() never returned, and the D
# taint switched the hung task detector off for every other task.
D=/sys/kernel/debug/sos_panic
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
t_setup panic sh -c "echo kthread > $D/trigger"
wait_for_dmesg 'panic_resched: rescued sos_panic' 5
t_check rescued sh -c "dmesg | grep -q 'panic_resched: rescued sos_panic\[[0-9]*\], released 1 spinlocks'"
# The freezer, as suspend runs it (pm_test=freezer stops right after it),
# with a freeze timeout of 2 s instead of 20.
echo 2000 > /sys/power/pm_freeze_timeout
t_setup pm-test sh -c 'echo freezer > /sys/power/pm_test'
t_mark freeze
t_check freezer sh -c 'echo freeze > /sys/power/state'
dmesg_since freeze > /tmp/freeze
t_lacks freezer-no-refusal 'Freezing .*failed|refusing to freeze' /tmp/freeze
t_check kthread-stop sh -c "echo kthread-stop > $D/trigger"
ms=$(dmesg | sed -n 's/.*sos_panic: kthread_stop returned -4 after \([0-9]*\) ms$/\1/p')
t_need kthread-stop-fast "$ms" && t_check kthread-stop-fast test "$ms" -lt 1000
# The hung task detector still works: a task stuck in D for 2 s is reported.
t_setup hung-timeout sh -c 'echo 2 > /proc/sys/kernel/hung_task_timeout_secs'
t_setup lkdtm modprobe lkdtm
sh -c 'echo $$ > /tmp/hung; echo HUNG_TASK > /sys/kernel/debug/provoke-crash/DIRECT' &
wait_for_dmesg 'blocked for more than' 10
HUNG=$(cat /tmp/hung 2>/dev/null)
t_need hung-task-reported "$HUNG" &&
	t_check hung-task-reported sh -c "dmesg | grep -q 'INFO: task sh:$HUNG blocked for more than 2 seconds.'"
