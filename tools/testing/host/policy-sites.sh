#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cpus: 0
# panic_resched never overrides a panic that a policy asks for: every
# panic() or vpanic() in the series tree under a condition that names a panic policy
# (policy-sites.py) goes through policy_panic(), or is listed with its
# reason in policy-sites.known (oops=panic, which panic_resched recognises
# from oops_enter(); NMI and hardirq context, always refused; not a
# policy).  So a new policy site, in a new base or a new driver, fails
# here instead of slipping through.  The self-check: the scanner finds
# the sites the series marks once their mark is taken off, and a panic
# under fips_enabled unless the rescue refuses in FIPS mode.
# Each series is checked in its own tree, with its own list: the
# primary (policy-sites.known, labels policy-sites:) and patches/NAME/
# (policy-sites-NAME.known, labels policy-sites-NAME:).
# "cpus: 0": the scan reads three whole source trees, which the page cache
# has mostly dropped since scripts/apply wrote them: in a cold run 328 s,
# about 40 s of it on the CPU, so it runs beside the other jobs.
set -euo pipefail
. "$ROOT/scripts/lib.sh"

dir=$(dirname "$0")
check_series() {
	local s=$1 tree found known new gone k=policy-sites${1:+-$1}
	tree=$(SOS_SERIES=$s "$ROOT/scripts/apply")
	found=$(python3 "$dir/policy-sites.py" "$tree" | cut -d: -f1,2 | sort -u)
	known=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$dir/$k.known" | awk '{ print $1 }' | sort -u)
	new=$(comm -23 <(echo "$found") <(echo "$known"))
	gone=$(comm -13 <(echo "$found") <(echo "$known"))
	if [ -z "$new" ]; then
		echo "ok $k:all-marked"
	else
		echo "FAIL $k:all-marked: not policy_panic() and not in $k.known: $(echo $new)"
	fi
	if [ -z "$gone" ]; then
		echo "ok $k:known-current"
	else
		echo "FAIL $k:known-current: listed in $k.known but not found: $(echo $gone)"
	fi
}
for s in "" $(extra_series); do
	check_series "$s"
done
tree=$("$ROOT/scripts/apply")
# The scanner must see marked sites as policy sites once their mark is
# taken off: one under its own "if", one after an early return; and a
# vpanic() under a policy's "if".
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/kernel" "$tmp/mm"
sed 's/policy_panic("[^"]*",/panic(/' "$tree/kernel/hung_task.c" > "$tmp/kernel/hung_task.c"
sed 's/policy_panic("[^"]*",/panic(/' "$tree/mm/oom_kill.c" > "$tmp/mm/oom_kill.c"
printf '%s\n' 'static void sos_vpanic(const char *fmt, va_list args)' '{' \
	'	if (sos_panic_on_event)' '		vpanic(fmt, args);' '}' > "$tmp/kernel/sos_vpanic.c"
found=$(python3 "$dir/policy-sites.py" "$tmp")
if echo "$found" | grep -q '^kernel/hung_task.c:check_hung_uninterruptible_tasks:' &&
   echo "$found" | grep -q '^mm/oom_kill.c:check_panic_on_oom:' &&
   echo "$found" | grep -q '^kernel/sos_vpanic.c:sos_vpanic:'; then
	echo "done selftest:policy-sites-scanner"
else
	echo "FAIL selftest:policy-sites-scanner: unmarked hung_task_panic, panic_on_oom or vpanic() sites not found: $found"
fi
# A panic under fips_enabled: found where the rescue does not refuse in
# FIPS mode as a whole, and not where it does.
printf '%s\n' 'static int __init sos_fips_test(void)' '{' '	if (fips_enabled)' \
	'		panic("sos: self-test failed");' '	return 0;' '}' > "$tmp/kernel/sos_fips.c"
without=$(python3 "$dir/policy-sites.py" "$tmp" | grep -c '^kernel/sos_fips.c:sos_fips_test:' || true)
mkdir -p "$tmp/kernel/locking"
printf '%s\n' 'static const char *refusal(void)' '{' '	if (fips_enabled)' \
	'		return "fips=1";' '	return NULL;' '}' > "$tmp/kernel/locking/panic_resched.c"
with=$(python3 "$dir/policy-sites.py" "$tmp" | grep -c '^kernel/sos_fips.c:' || true)
if [ "$without" = 1 ] && [ "$with" = 0 ]; then
	echo "done selftest:policy-sites-fips"
else
	echo "FAIL selftest:policy-sites-fips: a fips_enabled panic found $without times without the rescue's fips=1 refusal (want 1), $with times with it (want 0)"
fi
