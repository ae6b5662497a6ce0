# SPDX-License-Identifier: GPL-2.0
# build: base
# part: foundation
# timeout: 90
# expect: panic
# panic: Kernel panic - not syncing: dumptest
# help: LKDTM PANIC: the harness recognises an expected panic
t_setup lkdtm modprobe lkdtm
t_expect_panic
echo PANIC > /sys/kernel/debug/provoke-crash/DIRECT
