# SPDX-License-Identifier: GPL-2.0
# build: base
# part: foundation
# timeout: 90
# help: the guest boots with 4 CPUs, debugfs and loadable modules
# What the other scenarios rely on: setup steps, not tests of the feature.
t_setup cpus grep -qx 0-3 /sys/devices/system/cpu/online
t_setup debugfs grep -q ' /sys/kernel/debug debugfs ' /proc/mounts
t_setup modprobe modprobe lkdtm
t_setup lkdtm-direct test -e /sys/kernel/debug/provoke-crash/DIRECT
