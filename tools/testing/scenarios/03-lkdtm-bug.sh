# SPDX-License-Identifier: GPL-2.0
# build: base
# part: foundation
# timeout: 90
# allow: ^(Oops: invalid opcode: 0000 \[#1\] .*|Call Trace:)$
# help: LKDTM BUG: an oops kills the writer, the kernel lives on
# The allowed lines are the two of the oops that look like a splat: its
# header (BUG() is ud2 on x86) and the trace's header; a second oops or any
# other splat still fails the run.
modprobe lkdtm
t_mark bug
(echo BUG > /sys/kernel/debug/provoke-crash/DIRECT)
dmesg_since bug > /tmp/log
t_check performed grep -q 'lkdtm: Performing direct entry BUG' /tmp/log
t_check rip grep -q 'RIP: 0010:lkdtm_BUG+' /tmp/log
t_check oops-count grep -qx 1 /sys/kernel/oops_count
t_check alive sh -c 'echo alive'
