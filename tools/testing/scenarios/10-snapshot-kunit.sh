# SPDX-License-Identifier: GPL-2.0
# build: snapshot debug rt arm64 snapshot-6.1 snapshot-mainline
# part: kunit
# timeout: 120
# kunit: spinlock_owner_snapshot
# help: the spinlock_owner_snapshot KUnit suite passes at boot (KTAP parsed on the host)
# The suite is built in and runs before /init; scripts/parse-console turns
# each of its cases into a test, kunit:spinlock_owner_snapshot/CASE, and
# fails the run if the suite did not run.
# Where the suite is a module (the rt build), loading it runs it.
if grep -q 'spinlock_owner_kunit\.ko' "/lib/modules/$(uname -r)/modules.dep" 2>/dev/null; then
	t_setup kunit-module modprobe spinlock_owner_kunit
fi
t_check proc-file test -r /proc/lock_owners
t_check proc-mode sh -c '[ "$(stat -c %a /proc/lock_owners)" = 400 ]'
t_check header sh -c 'head -2 /proc/lock_owners | tail -1 | grep -qx "cpu ctx state lock symbol variant pid comm ms site"'
# Nothing left over by the tests: no held or waiting line, counters at 0.
t_lacks empty-after-kunit "^[0-9]+ [a-z]+ (held|wait|leaked) .* (sos_|spinlock_owner_kunit)" /proc/lock_owners
t_check unmatched-zero grep -qx 'unmatched 0' /proc/lock_owners
