# SPDX-License-Identifier: GPL-2.0
# build: snapshot debug rt arm64
# part: kunit
# timeout: 120
# help: the spinlock_owner_snapshot KUnit suite passes at boot (KTAP parsed on the host)
# The suite is built in and runs before /init; scripts/parse-console turns
# its KTAP result into the subtest kunit:spinlock_owner_snapshot.
t_check proc-file test -r /proc/lock_owners
t_check proc-mode sh -c '[ "$(stat -c %a /proc/lock_owners)" = 400 ]'
t_check header sh -c 'head -2 /proc/lock_owners | tail -1 | grep -qx "cpu ctx state lock symbol variant pid comm ms site"'
# Nothing left over by the tests: no held or waiting line, counters at 0.
t_check empty-after-kunit sh -c '! grep -qE "^[0-9]+ [a-z]+ (held|wait) .* (sos_|spinlock_owner_kunit)" /proc/lock_owners'
t_check unmatched-zero grep -qx 'unmatched 0' /proc/lock_owners
