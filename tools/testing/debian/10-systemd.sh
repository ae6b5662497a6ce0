# SPDX-License-Identifier: GPL-2.0
# cmdline: panic_resched=1
# timeout: 600
# allow: 1 ^panic_resched: panic in sh\[[0-9]+\]: sos_panic: spin$
# allow: 1 ^BUG: scheduling while atomic: sh/[0-9]+/0x[0-9a-f]+$
# allow: 4 ^watchdog: BUG: soft lockup - CPU#2 stuck for [0-9]+s! \[sh:[0-9]+\]$
# allow: 2 ^rcu: INFO: rcu_preempt (self-detected stall on CPU|detected stalls on CPUs/tasks:)$
# allow: 2 ^NMI backtrace for cpu 2$
# help: Debian 12 with systemd on the packaged kernel: the package installed, /proc/lock_owners, panic_resched=1 rescues a panicking service and systemd runs on, LKDTM SPINLOCKUP's soft lockup report in journalctl -k names holder and waiter
# The kernel came from the linux-image package that scripts/deb made and
# dpkg installed (scripts/deb-guest); qemu passes panic_resched=1.  The
# runner (run) starts this once systemd reports the boot done.
R=$(uname -r)

# The package, as a user installs it.
t_check systemd-running sh -c '[ "$SOS_SYSTEMD" = running ] || { systemctl --failed --no-pager; false; }'
t_check multi-user systemctl -q is-active multi-user.target
t_check package-installed sh -c "dpkg-query -W -f '\${Status}' linux-image-$R | grep -qx 'install ok installed'"
t_check initramfs-has-virtio-blk sh -c "lsinitramfs /boot/initrd.img-$R | grep -q '/virtio_blk.ko'"
t_check virtio-blk-loaded grep -q '^virtio_blk ' /proc/modules
t_check config-installed grep -qx CONFIG_SPINLOCK_OWNER_SNAPSHOT=y /boot/config-$R

# The file, as root and as an ordinary user.
t_check proc-root sh -c 'head -1 /proc/lock_owners | grep -qx "version 2"'
t_fails proc-not-for-users 'Permission denied' setpriv --reuid=nobody --regid=nogroup --clear-groups cat /proc/lock_owners
t_check lock-owners-tool sh -c 'lock-owners > /tmp/lo; grep -q "^untracked [0-9]*, overflows " /tmp/lo'

# Modules load: lkdtm from the package, sos_panic from extra/; where the
# kernel checks signatures, neither taints it as unsigned (E, 8192).
t_setup modprobe-lkdtm modprobe lkdtm
t_setup modprobe-sos-panic modprobe sos_panic
if grep -qx CONFIG_MODULE_SIG=y /boot/config-$R; then
	t_check modules-signed sh -c 'test $(($(cat /proc/sys/kernel/tainted) & 8192)) = 0'
else
	t_skip modules-signed "the kernel does not check module signatures"
fi

# A panic in a service's process, holding a spinlock: rescued.
D=/sys/kernel/debug/sos_panic
systemd-run --wait --quiet --unit=sos-panic -p CPUAffinity=1 \
	sh -c "echo spin > $D/trigger"
# journald reads the kernel log on its own time: poll (10 s at most).
t_journal() {
	local i=0
	until journalctl "$@" -q --no-pager -o cat | grep -qE "$J"; do
		[ $i -ge 50 ] && return 1
		sleep 0.2
		i=$((i + 1))
	done
}
J='^panic_resched: rescued sh\[[0-9]+\], released 1 spinlocks; the task exits, killed$'
t_check rescue-journal t_journal -k
t_check rescue-killed sh -c 'systemctl show -p ExecMainStatus sos-panic | grep -qx ExecMainStatus=9'
cat $D/check > /tmp/check
sos NOTE "locks: $(tr '\n' ';' < /tmp/check)"
t_check locks-free sh -c '! grep -q stuck /tmp/check && [ $(grep -c " ok$" /tmp/check) = 6 ]'
# systemd runs on: it answers, it starts services, the journal records.
t_check still-answers sh -c 'timeout 30 systemctl is-system-running | grep -qxE "running|degraded"'
systemctl reset-failed sos-panic
t_check running-again sh -c 'timeout 30 systemctl is-system-running | grep -qx running'
t_check new-service timeout 60 systemd-run --wait --quiet true
logger -t sos-check "after the rescue"
J='^after the rescue$'
t_check journal-writes t_journal -t sos-check
t_check services-active systemctl -q is-active systemd-journald systemd-udevd dbus systemd-logind

# LKDTM SPINLOCKUP from two services: the first returns holding
# lock_me_up and exits (its lock is then leaked, under its pid; the exit
# schedules while atomic: allowed once), the second spins on it on CPU 2
# for good.  Soft lockup after 2 * 5 s (an RCU stall may follow at 21 s).  ("$$$$": systemd turns "$$"
# into "$" in a command line.)
sysctl -q kernel.watchdog_thresh=5
L=/sys/kernel/debug/provoke-crash/DIRECT
systemd-run --quiet --unit=sos-holder -p CPUAffinity=3 sh -c "echo \$\$\$\$ > /run/holder; echo SPINLOCKUP > $L"
wait_for_line /run/holder . 30
HOLDER=$(cat /run/holder 2>/dev/null)
t_need holder-pid "$HOLDER" || exit 1
held="^3 task (held|leaked) [^ ]+ lock_me_up\[lkdtm\] spin $HOLDER sh "
t_wait_line holder-line /proc/lock_owners "$held" 30
systemd-run --quiet --unit=sos-waiter -p CPUAffinity=2 sh -c "echo \$\$\$\$ > /run/waiter; echo SPINLOCKUP > $L"
wait_for_line /run/waiter . 30
WAITER=$(cat /run/waiter 2>/dev/null)
t_need waiter-pid "$WAITER" || exit 1
t_wait_line waiter-line /proc/lock_owners "^2 task wait [^ ]+ lock_me_up\[lkdtm\] spin $WAITER sh " 30
REPORTS='soft lockup - CPU#|rcu: INFO: |has spun on a lock for|sysrq: '
SNAPEND='^spinlock owner snapshot: [0-9]+ entries,'
i=0
while :; do
	# -o cat: the messages alone, as printk wrote them.
	journalctl -k -q --no-pager -o cat > /tmp/k
	report_of /tmp/k "soft lockup - CPU#2 stuck for [0-9]+s! \[sh:$WAITER\]" "$REPORTS" "$SNAPEND" > /tmp/report
	[ -s /tmp/report ] || [ $i -ge 60 ] && break
	sleep 1
	i=$((i + 1))
done
t_check journal-soft-lockup test -s /tmp/report
t_check journal-holder grep -qE "^3 task leaked [^ ]+ lock_me_up\[lkdtm\] spin $HOLDER sh " /tmp/report
t_check journal-waiter grep -qE "^2 task wait [^ ]+ lock_me_up\[lkdtm\] spin $WAITER sh " /tmp/report
t_check still-answers-after-lockup sh -c 'timeout 30 systemctl is-system-running | grep -qxE "running|degraded"'
