# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: policies
# cmdline: panic_resched=1
# timeout: 90
# expect: panic
# panic: ^Kernel panic - not syncing: sysrq triggered crash$
# line: ^panic_resched: not rescuing sh\[[0-9]+\]: SysRq-c$
# help: panic_resched=1 never overrides SysRq-c: the crash an administrator asks for halts the machine as in the base kernel
t_expect_panic
sh -c "echo c > /proc/sysrq-trigger"
sleep 5
