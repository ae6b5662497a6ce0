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

# t_setup NAME COMMAND...: a setup step (modprobe, rmmod, a module write):
# progress on the host, not a test, but its failure fails the run.
t_setup() {
	local n="$1"
	shift
	if "$@"; then
		sos "SETUP ok $n"
	else
		sos "SETUP fail $n exit $?: $*"
	fi
}

# t_need NAME VALUE...: true when every VALUE is non-empty; otherwise the
# test NAME fails.  Guards a check on a value scraped from the log or a
# file, which an empty value would make vacuous (grep -q "" matches):
#   t_need pid "$PID" && t_check pid grep -qw "$PID" /tmp/out
t_need() {
	local n="$1" v
	shift
	for v in "$@"; do
		[ -n "$v" ] && continue
		t_fail "$n" "a value it needs is empty"
		return 1
	done
}

# t_lacks NAME ERE FILE: ok if FILE can be read and has no line matching
# ERE; fails on a match and when FILE cannot be read (a negated grep alone
# would pass on a missing file).
t_lacks() {
	local rc=0
	if [ ! -r "$3" ]; then
		t_fail "$1" "cannot read $3"
		return
	fi
	grep -E -- "$2" "$3" > /tmp/.t_lacks 2>&1 || rc=$?
	case $rc in
	0) t_fail "$1" "$3 has: $(head -1 /tmp/.t_lacks)" ;;
	1) t_ok "$1" ;;
	*) t_fail "$1" "grep failed (status $rc) on $3: $(head -1 /tmp/.t_lacks)" ;;
	esac
}

# t_fails NAME TEXT COMMAND...: ok if COMMAND fails and its stderr has
# TEXT (e.g. "Permission denied"), so that a missing file, program or
# helper is not taken for the refusal that is expected.
t_fails() {
	local n="$1" text="$2" rc=0
	shift 2
	"$@" > /tmp/.t_fails.out 2> /tmp/.t_fails.err || rc=$?
	if [ $rc = 0 ]; then
		t_fail "$n" "succeeded: $*"
	elif ! grep -qF -- "$text" /tmp/.t_fails.err; then
		t_fail "$n" "exit $rc without '$text': $(head -c 200 /tmp/.t_fails.err)"
	else
		t_ok "$n"
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

# wait_for_dmesg REGEX TIMEOUT_SECONDS: wait until the kernel log has a
# line matching the extended REGEX; fails after TIMEOUT_SECONDS.
wait_for_dmesg() {
	local i=0
	while ! dmesg | grep -qE "$1"; do
		[ $i -ge $(($2 * 10)) ] && return 1
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

# report_of LOG HEADER OTHER END: the lines of the first report in LOG whose
# first line matches the extended regex HEADER, from that line to the first
# line matching END, provided no line matching OTHER (the start of another
# report) comes in between; nothing if there is no such report.  The
# regexes go through the environment: awk -v would eat their escapes.
report_of() {
	HDR=$2 OTHER=$3 END=$4 awk '
		$0 ~ ENVIRON["HDR"] { s = 1; n = 0 }
		s == 1 { buf[n++] = $0 }
		s == 1 && n > 1 && $0 ~ ENVIRON["OTHER"] { s = 0 }
		s == 1 && $0 ~ ENVIRON["END"] {
			for (i = 0; i < n; i++)
				print buf[i]
			exit
		}' "$1"
}

# t_hang_abba_leaked: the post-mortem guests' hang.  sos_panic's sleeper
# sleeps on CPU 3 holding sos_leak (a leaked lock, with its pid), then
# sos_abba deadlocks CPUs 1 and 2; the file, read as root with
# kptr_restrict=1 (raw addresses, as the debuggers print them), goes to
# the console as SOS-PROC lines, which the host compares with theirs.
t_hang_abba_leaked() {
	local m=/lib/modules/$(uname -r)/extra l
	t_setup insmod-panic insmod $m/sos_panic.ko sleeper_ms=600000
	t_setup sleeper sh -c 'echo sleeper > /sys/kernel/debug/sos_panic/trigger'
	t_wait_line leaked /proc/lock_owners '^3 task leaked [^ ]+ sos_leak\[sos_panic\] ' 20
	t_setup insmod insmod $m/sos_abba.ko cpu0=1 cpu1=2
	t_wait_line abba-wait-a /proc/lock_owners ' wait [^ ]+ sos_abba_a' 20
	t_wait_line abba-wait-b /proc/lock_owners ' wait [^ ]+ sos_abba_b' 20
	echo 1 > /proc/sys/kernel/kptr_restrict
	cat /proc/lock_owners > /tmp/snap
	while IFS= read -r l; do
		echo "<6>SOS-PROC $l" > /dev/kmsg
	done < /tmp/snap
}
