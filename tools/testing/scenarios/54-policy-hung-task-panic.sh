# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: policies
# cmdline: panic_resched=1 hung_task_panic=1
# timeout: 90
# expect: panic
# panic: ^Kernel panic - not syncing: hung_task: blocked tasks$
# line: ^panic_resched: not rescuing khungtaskd\[[0-9]+\]: kernel\.hung_task_panic$
# allow: 1 ^INFO: task sh:[0-9]+ blocked for more than [0-9]+ seconds\.$
# help: panic_resched=1 never overrides hung_task_panic: khungtaskd's panic halts the machine as in the base kernel (khungtaskd is not parked)
t_setup hung-task-timeout sh -c 'echo 2 > /proc/sys/kernel/hung_task_timeout_secs'
t_setup lkdtm modprobe lkdtm
t_expect_panic
# The writer sleeps uninterruptibly for good.
sh -c "echo HUNG_TASK > /sys/kernel/debug/provoke-crash/DIRECT" &
sleep 20
