# SPDX-License-Identifier: GPL-2.0
# build: debug
# part: post-mortem
# help: the crash kernel's side of kdump-hang.sh: makedumpfile -d 31 writes /proc/vmcore, flattened, to ttyS1, which the host saves
# Runs in the crash kernel that kdump-hang.sh loaded (one CPU, the
# crashkernel= memory), in the same qemu: kdump-hang.sh's timeout covers
# it; the host judges its console with this metadata, and turns the
# flattened stream back into a kdump-compressed vmcore with
# makedumpfile -R.
t_check vmcore-present test -e /proc/vmcore
t_setup ttyS1-raw stty -F /dev/ttyS1 raw -echo -opost
rc=0
makedumpfile -F -l -d 31 --message-level 6 /proc/vmcore > /dev/ttyS1 2> /tmp/md.err || rc=$?
cat /tmp/md.err
t_check makedumpfile test $rc = 0
