# SPDX-License-Identifier: GPL-2.0
# build: base
# part: foundation
# timeout: 90
# allow: 1 ^kernel BUG at (.*/)?drivers/misc/lkdtm/bugs\.c:[0-9]+!$
# allow: 1 ^Oops: invalid opcode: 0000 \[#1\] PREEMPT SMP$
# help: LKDTM BUG: an oops kills the writer, the kernel lives on
# The allowed lines are the BUG() report and the oops's header (BUG() is
# ud2 on x86), once each: the Call Trace belongs to them, and a second oops
# or any other splat still fails the run.  The site is pinned by the
# report's file and the rip check.
t_setup lkdtm modprobe lkdtm
t_mark bug
(echo BUG > /sys/kernel/debug/provoke-crash/DIRECT)
dmesg_since bug > /tmp/log
t_check performed grep -q 'lkdtm: Performing direct entry BUG' /tmp/log
t_check rip grep -q 'RIP: 0010:lkdtm_BUG+' /tmp/log
t_check oops-count grep -qx 1 /sys/kernel/oops_count
