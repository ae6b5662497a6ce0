# SPDX-License-Identifier: GPL-2.0
# Helpers for the scenario scripts, sourced by /init (busybox ash).
# Results go to the console as "SOS-..." kernel log records (level 1, so
# they show even with "quiet"), which scripts/parse-console reads.

# sos WORDS...: print "SOS-WORDS..." on the console through the kernel log.
sos() {
	echo "<1>SOS-$*" > /dev/kmsg
}

t_ok() {
	sos "RESULT ok $1"
}

# t_fail NAME REASON...
t_fail() {
	sos "RESULT fail $*"
}

# t_skip NAME REASON...
t_skip() {
	sos "RESULT skip $*"
}

# t_check NAME COMMAND...: ok if COMMAND succeeds.
t_check() {
	local n="$1"
	shift
	if "$@"; then
		t_ok "$n"
	else
		t_fail "$n" "exit $?: $*"
	fi
}

# Call right before deliberately crashing the kernel.
t_expect_panic() {
	sos EXPECT-PANIC
}

# wait_for_line FILE REGEX TIMEOUT_SECONDS: wait until FILE has a line
# matching the extended REGEX; fails after TIMEOUT_SECONDS.
wait_for_line() {
	local i=0
	while ! grep -qE "$2" "$1" 2>/dev/null; do
		[ $i -ge $(($3 * 10)) ] && return 1
		sleep 0.1
		i=$((i + 1))
	done
}

# t_wait_line NAME FILE REGEX TIMEOUT_SECONDS: ok once FILE has a line
# matching REGEX; otherwise fail, showing the file.
t_wait_line() {
	if wait_for_line "$2" "$3" "$4"; then
		t_ok "$1"
	else
		cat "$2"
		t_fail "$1" "no line matching $3 in $2"
	fi
}

# t_mark MARK, then dmesg_since MARK: the kernel log after the mark.
t_mark() {
	sos "MARK $1"
}

dmesg_since() {
	dmesg | sed -n "/SOS-MARK $1\$/,\$p"
}
