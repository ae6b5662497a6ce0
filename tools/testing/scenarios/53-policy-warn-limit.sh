# SPDX-License-Identifier: GPL-2.0
# build: snapshot
# part: policies
# cmdline: panic_resched=1
# timeout: 90
# expect: panic
# panic: ^Kernel panic - not syncing: scheduling while atomic: system warned too often \(kernel\.warn_limit is 1\)$
# line: ^panic_resched: not rescuing sos_sleeper/3\[[0-9]+\]: kernel\.warn_limit$
# allow: 1 ^BUG: scheduling while atomic: sos_sleeper/3/[0-9]+/0x[0-9a-f]+$
# help: panic_resched=1 never overrides kernel.warn_limit: a warning that reaches it halts the machine as in the base kernel
# The warning is "scheduling while atomic" (sos_panic's sleeper sleeps
# holding a spinlock), which goes through check_panic_on_warn() as WARN()
# does, from a task that holds a spinlock.
t_setup warn-limit sh -c 'echo 1 > /proc/sys/kernel/warn_limit'
t_setup insmod insmod /lib/modules/$(uname -r)/extra/sos_panic.ko
t_expect_panic
sh -c "echo sleeper > /sys/kernel/debug/sos_panic/trigger"
sleep 5
