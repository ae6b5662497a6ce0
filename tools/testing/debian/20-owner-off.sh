# SPDX-License-Identifier: GPL-2.0
# cmdline: spinlock_owner=off
# timeout: 600
# help: Debian 12 with systemd booted with spinlock_owner=off: the boot says so, /proc/lock_owners says off, lock-owners says so, systemd boots as usual
t_check systemd-running sh -c '[ "$SOS_SYSTEMD" = running ] || { systemctl --failed --no-pager; false; }'
t_check boot-message sh -c "journalctl -k -q --no-pager | grep -qF 'spinlock_owner: off (spinlock_owner=on to record)'"
t_check proc-says-off sh -c '[ "$(cat /proc/lock_owners)" = "$(printf "version 2\noff")" ]'
t_fails lock-owners-says-off 'the snapshot is switched off on this kernel' lock-owners
