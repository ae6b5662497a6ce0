# SPDX-License-Identifier: GPL-2.0
# build: debug
# part: post-mortem
# timeout: 900
# expect: panic
# panic: Kernel panic - not syncing: softlockup: hung tasks
# cmdline: crashkernel=384M softlockup_panic=1 rcupdate.rcu_cpu_stall_suppress=1
# allow: 1 WARNING: possible circular locking dependency detected
# allow: 1 ^BUG: scheduling while atomic: sos_sleeper/3/[0-9]+/0x[0-9a-f]+$
# allow: 2 ^watchdog: BUG: soft lockup - CPU#[12] stuck for [0-9]+s! \[sos_abba/[01]:[0-9]+\]$
# help: guest side of tools/testing/host/postmortem.sh's kdump part: a crash kernel loaded with kexec-tools, a leaked lock, an ABBA hang that the soft lockup detector turns into a panic
# Not a scenario of its own (scripts/test does not run this directory):
# tools/testing/host/postmortem.sh boots it with kexec, makedumpfile and
# their libraries, the kernel and the crash kernel's initramfs
# (/boot/bzImage, /boot/capture.cpio.gz) added to the initramfs.  The
# crash kernel runs kdump-capture.sh.  As in postmortem-hang.sh, the
# guest's own /proc/lock_owners goes to the console as SOS-PROC lines.
# The timeout is for both kernels (about 180 s here, 110 of them the
# crash kernel's makedumpfile).
t_setup kexec-load kexec -p /boot/bzImage --initrd=/boot/capture.cpio.gz \
	--append="console=ttyS0 i8042.nokbd i8042.noaux panic=-1 loglevel=7 sos.build=$(sed -n 's/.*sos\.build=\([^ ]*\).*/\1/p' /proc/cmdline) sos.test=kdump-capture kunit.enable=0 nr_cpus=1 reset_devices"
t_check crash-kernel-loaded grep -qx 1 /sys/kernel/kexec_crash_loaded
t_hang_abba_leaked
sos "NOTE waiting for the soft lockup detector's panic (softlockup_panic=1)"
t_expect_panic
sleep 600
t_fail softlockup-panic "no panic after 600 s"
