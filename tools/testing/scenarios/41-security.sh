# SPDX-License-Identifier: GPL-2.0
# build: snapshot arm64
# part: security
# timeout: 90
# help: /proc/lock_owners is root's, 0400, EACCES for others; kptr_restrict=2 hides every raw address; only root changes the panic_resched sysctls
P=/proc/lock_owners
H=/sys/kernel/debug/sos_contend/hold
t_check owner-mode sh -c "[ \"\$(stat -c '%u %g %a' $P)\" = '0 0 400' ]"
t_check nonroot-eacces sh -c "! runas 65534 cat $P 2>/tmp/err && grep -q 'Permission denied' /tmp/err"
t_check nonroot-no-open-write sh -c "! runas 65534 sh -c 'exec 3>> $P' 2>/tmp/err && grep -q 'Permission denied' /tmp/err"

# A lock held for 100 ms at a time, over and over, on CPU 3.
t_setup contend-module modprobe sos_contend
(while [ ! -e /tmp/stop ]; do echo "spin 100" > $H; done) &
held='^[0-9]+ task held [^ ]+ sos_contend_lock\[sos_contend\] '
# snap KPTR_RESTRICT FILE: a snapshot that shows the held lock.
snap() {
	echo "$1" > /proc/sys/kernel/kptr_restrict
	i=0
	while [ $i -lt 50 ]; do
		cat $P > "$2"
		grep -qE "$held" "$2" && return 0
		i=$((i + 1))
	done
	return 1
}
# With kptr_restrict=1 root sees the real address (the check below can fail).
t_check kptr1-snapshot snap 1 /tmp/s1
t_check kptr1-real-address sh -c "grep -E '$held' /tmp/s1 | cut -d' ' -f4 | grep -qE '^ffff[0-9a-f]{12}\$'"
t_check kptr2-snapshot snap 2 /tmp/s2
t_check kptr2-lock-zero sh -c "grep -E '$held' /tmp/s2 | cut -d' ' -f4 | grep -qx 0000000000000000"
t_lacks kptr2-no-raw-address '(^|[^0-9a-fA-FxX+/])(0[xX])?[fF]{4}[0-9a-fA-F]{12}' /tmp/s2
t_check kptr2-symbols-kept sh -c "grep -E '$held' /tmp/s2 | grep -qE ' sos_contend_(write|hold)\\+0x[0-9a-f]+/0x[0-9a-f]+\\[sos_contend\\]\$'"
touch /tmp/stop
wait
echo 1 > /proc/sys/kernel/kptr_restrict

# Only root changes the rescue's sysctls (0644).
for k in panic_resched panic_resched_limit oops_release_locks; do
	f=/proc/sys/kernel/$k
	v=$(cat $f 2>/dev/null)
	t_need "$k-nonroot" "$v" &&
		t_fails "$k-nonroot" 'Permission denied' runas 65534 sh -c "echo $((v == 1 ? 0 : 1)) > $f"
	t_need "$k-unchanged" "$v" && t_check "$k-unchanged" grep -qx "$v" $f
done
