# SPDX-License-Identifier: GPL-2.0
# build: off
# part: coexistence
# cmdline: panic_resched=1
# timeout: 90
# help: with the option off: no /proc/lock_owners, no sysctl, panic_resched= reported unknown; locktorture still passes
# The series applied with CONFIG_SPINLOCK_OWNER_SNAPSHOT off must behave as
# the base kernel: the boot parameter is not a kernel parameter at all, so
# init/main.c lists it among the unknown ones passed to user space.
t_check no-proc-file test ! -e /proc/lock_owners
t_check no-sysctl test ! -e /proc/sys/kernel/panic_resched
t_check boot-param-unknown sh -c "dmesg | grep 'Unknown kernel command line parameters' | grep -q 'panic_resched=1'"
t_mark locktorture
t_setup modprobe modprobe locktorture torture_type=spin_lock stat_interval=2
sleep 4
t_setup rmmod rmmod locktorture
dmesg_since locktorture > /tmp/log
t_check success grep -q 'spin_lock-torture:--- End of test: SUCCESS' /tmp/log
