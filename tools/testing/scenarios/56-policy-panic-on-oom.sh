# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: policies
# cmdline: panic_resched=1
# timeout: 120
# expect: panic
# panic: ^Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled$
# line: ^panic_resched: not rescuing tail\[[0-9]+\]: vm\.panic_on_oom$
# allow: 1 invoked oom-killer: gfp_mask=
# help: panic_resched=1 never overrides vm.panic_on_oom: the OOM halts the machine as in the base kernel (a rescue would leave oom_lock held for good)
t_setup panic-on-oom sh -c 'echo 1 > /proc/sys/vm/panic_on_oom'
t_expect_panic
# tail keeps the last line of /dev/zero, which never ends.
tail /dev/zero
sleep 5
