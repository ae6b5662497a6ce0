# SPDX-License-Identifier: GPL-2.0
# build: base
# part: foundation
# timeout: 90
# help: the guest boots with 4 CPUs, debugfs and loadable modules
t_check cpus grep -qx 0-3 /sys/devices/system/cpu/online
t_check debugfs grep -q ' /sys/kernel/debug debugfs ' /proc/mounts
t_check modprobe modprobe lkdtm
t_check lkdtm-direct test -e /sys/kernel/debug/provoke-crash/DIRECT
