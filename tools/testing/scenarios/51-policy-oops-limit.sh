# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: policies
# cmdline: panic_resched=1
# timeout: 90
# expect: panic
# panic: ^Kernel panic - not syncing: Oopsed too often \(kernel\.oops_limit is 1\)$
# line: ^panic_resched: not rescuing sh\[[0-9]+\]: kernel\.oops_limit$
# allow: 1 ^kernel BUG at (.*/)?drivers/misc/lkdtm/bugs\.c:[0-9]+!$
# allow: 1 ^Oops: invalid opcode: 0000 \[#1\] PREEMPT SMP$
# help: panic_resched=1 never overrides kernel.oops_limit: the oops that reaches it halts the machine as in the base kernel
t_setup oops-limit sh -c 'echo 1 > /proc/sys/kernel/oops_limit'
t_setup lkdtm modprobe lkdtm
t_expect_panic
sh -c "echo BUG > /sys/kernel/debug/provoke-crash/DIRECT"
sleep 5
