# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: policies
# cmdline: panic_resched=1 oops=panic
# timeout: 90
# expect: panic
# panic: ^Kernel panic - not syncing: Fatal exception$
# line: ^panic_resched: not rescuing sh\[[0-9]+\]: oops=panic \(panic_on_oops\)$
# allow: 1 ^BUG: kernel NULL pointer dereference, address: 0+$
# allow: 1 ^Oops: Oops: 0002 \[#1\] PREEMPT SMP$
# help: panic_resched=1 never overrides oops=panic: an oops halts the machine as in the base kernel, after one line saying why
t_setup lkdtm modprobe lkdtm
t_expect_panic
sh -c "echo EXCEPTION > /sys/kernel/debug/provoke-crash/DIRECT"
sleep 5
