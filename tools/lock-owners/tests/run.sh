#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The tests of lock-owners:
#   tests/run.sh PATH/TO/lock-owners     (make check runs it)
# Each test prints "ok NAME", "FAIL NAME: why" or "skip NAME: why"; the last
# line counts them.  The exit status is 1 if a test failed.
#
# The inputs are the *.txt files here; NAME.table and NAME.json are the
# expected outputs where a whole output is compared.  Regenerate those
# with UPDATE=1 tests/run.sh PATH/TO/lock-owners, and review the diff.
set -u

[ $# = 1 ] || { echo "usage: $0 PATH/TO/lock-owners" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(cd "$(dirname "$0")" && pwd)
[ -x "$bin" ] || { echo "$0: $bin: not an executable" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$dir" || exit 2

passed=0 failed=0 skipped=0
name="" why="" updated=""

# begin NAME: start a test; its checks stop at the first failure.
begin() {
	name=$1
	why=""
	updated=""
}

# end: report the test.  One that only rewrote its expected output (UPDATE)
# tested nothing: it is skipped.
end() {
	if [ -n "$updated" ] && [ -z "$why" ]; then
		echo "skip $name: $updated rewritten (UPDATE is set); review the diff"
		skipped=$((skipped + 1))
	elif [ -z "$why" ]; then
		echo "ok $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name: $why"
		failed=$((failed + 1))
	fi
}

skip() {
	echo "skip $1: $2"
	skipped=$((skipped + 1))
}

# run ARGS...: run the tool; $rc, $tmp/out and $tmp/err hold the results.
run() {
	"$bin" "$@" > "$tmp/out" 2> "$tmp/err" < "${stdin:-/dev/null}"
	rc=$?
}

# check WHY COMMAND...: unless a check failed already, run COMMAND; if it
# fails, the test fails with WHY.
# A check may set $detail, which is added to WHY.
check() {
	local w=$1

	[ -z "$why" ] || return 0
	shift
	detail=""
	"$@" || why="$w${detail:+: $detail}"
}

rc_is() { [ "$rc" = "$1" ]; }
out_has() { grep -qF -- "$1" "$tmp/out"; }
err_has() { grep -qF -- "$1" "$tmp/err"; }
out_lacks() { ! grep -qF -- "$1" "$tmp/out"; }
err_empty() { [ ! -s "$tmp/err" ]; }

# line_of TEXT: the number of the first line of stdout that has TEXT.
line_of() { grep -nF -- "$1" "$tmp/out" | head -1 | cut -d: -f1; }

# before A B: A is on an earlier line of stdout than B.
before() {
	local a b
	a=$(line_of "$1")
	b=$(line_of "$2")
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}

# next_has A B: the line after the first line of stdout with A has B.
next_has() {
	local a
	a=$(line_of "$1")
	[ -n "$a" ] && sed -n "$((a + 1))p" "$tmp/out" | grep -qF -- "$2"
}

# same_as FILE: stdout is FILE.
same_as() {
	diff -u "$1" "$tmp/out" > "$tmp/diff" && return 0
	detail=$(grep -m4 -E '^[-+]([^-+]|$)' "$tmp/diff" | tr '\n' '|')
	return 1
}

# golden FILE: stdout is the expected output FILE.  With UPDATE=1 stdout
# becomes FILE instead, and the test is skipped, not passed.
golden() {
	if [ -n "${UPDATE:-}" ]; then
		cp "$tmp/out" "$1"
		updated="${updated:+$updated, }$1"
		return 0
	fi
	same_as "$1"
}

has_python=""
command -v python3 > /dev/null && has_python=yes

# json_ok: stdout is valid JSON.
json_ok() { python3 -m json.tool < "$tmp/out" > /dev/null 2>&1; }

# json_is EXPR: the Python expression EXPR, on the JSON document d, is true.
json_is() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
		"$tmp/out" "$1" 2> /dev/null
}

# --- Tables ---------------------------------------------------------------

begin table-normal
run normal.txt
check "exit status $rc, expected 0" rc_is 0
check "stderr not empty: $(head -c 200 "$tmp/err")" err_empty
check "output differs from normal.table" golden normal.table
end

begin table-columns
run normal.txt
check "no header line" out_has "LOCK              SYMBOL                STATE  CPU  CTX       PID  COMM          MS  VARIANT       SITE"
check "site with a module is not whole" out_has "mymod_work+0x10/0x80 [mymod]"
check "counters missing" out_has "untracked 0, overflows 2, unmatched 0, stale 0, rescued 0"
end

begin group-order
run normal.txt
# 2b7c3f10 has the longest wait (75 ms), then jiffies_lock (30 ms), then
# the locks without waiters, longest held first.
check "lock with the longest wait is not first" before 000000002b7c3f10 00000000a1b2c3d4
check "jiffies_lock not before the locks without waiters" before 00000000a1b2c3d4 00000000deadbeef
check "locks without waiters not longest held first" before 00000000deadbeef 0000000055aa55aa
end

begin waiter-order
run normal.txt
check "holder not first in its group" before "process_one_work" "hardirq  1234"
check "waiters not longest first" before "hardirq  1234  worker        75" "task      977  bash          40"
end

begin stdin
stdin=normal.txt run -
stdin=""
check "exit status $rc, expected 0" rc_is 0
check "stdin output differs from normal.table" same_as normal.table
end

begin empty-snapshot
run empty-snapshot.txt
check "exit status $rc, expected 0" rc_is 0
check "no 'no spinlock held' line" out_has "no spinlock held or waited for"
end

begin untracked-note
run untracked.txt
check "exit status $rc, expected 0" rc_is 0
check "no note about untracked locks" out_has "note: 3 locks held beyond the recorded depth are not shown"
end

begin rwlock-readers
run rwlock.txt
check "exit status $rc, expected 0" rc_is 0
check "first reader missing" out_has "read_bh"
check "second reader missing" out_has "do_task_stat"
check "readers not before the writer" before "do_task_stat" "write_irq"
end

begin irq-disable-variant
run irq-disable.txt
check "exit status $rc, expected 0" rc_is 0
check "spin_irq_disable holder missing" out_has "spin_irq_disable"
check "waiter not grouped with its holder" out_lacks "no recorded holder"
end

begin site-module-and-comm-spaces
run comm-spaces.txt
check "exit status $rc, expected 0" rc_is 0
check "comm with a space not kept" out_has "my prog  600"
check "comm with blanks not kept" out_has "a  b  c  550"
check "site with its module not kept" out_has "mymod_fn+0x4/0x20 [mymod]"
check "waiter not grouped with its holder" out_lacks "no recorded holder"
end

# --- Matching -----------------------------------------------------------

begin match-hashed-address
run hashed.txt
check "exit status $rc, expected 0" rc_is 0
# 9e3779b9: held on cpu 0, waited for on cpu 1: one group.
check "waiter not after its holder" before "61  a" "62  b"
check "holder of another lock in the group" before "62  b" "000000007f4a7c15"
check "waiter without a holder not shown" out_has "(no recorded holder)"
check "waiter without a holder not before locks without waiters" before "(no recorded holder)" "000000007f4a7c15"
end

begin match-symbol-fallback
run symbol.txt
check "exit status $rc, expected 0" rc_is 0
check "lkdtm waiter not grouped with its holder" before "lkdtm_do_action" "90  sh"
check "holder line not directly followed by the waiter" \
	next_has "lkdtm_do_action" "wait     2  task   90  sh"
check "no note on matching by symbol" out_has "locks were matched by symbol"
check "lock without symbol was matched" out_has "(holder unknown: no usable address or symbol)"
end

begin match-zero-addresses
run zeros.txt
check "exit status $rc, expected 3" rc_is 3
check "lock_a waiter not matched by symbol" before "a_func" "202  taskB  860"
check "lock without a symbol was matched" out_has "(holder unknown: no usable address or symbol)"
end

begin match-demo
run demo.txt
check "exit status $rc, expected 0" rc_is 0
check "no held line of lock_me_up" out_has "lock_me_up[lkdtm]"
check "waiter not right after its holder" next_has "lkdtm_do_action" "wait"
check "waiter not grouped with its holder" out_lacks "holder"
end

# --- JSON ---------------------------------------------------------------

if [ -z "$has_python" ]; then
	skip json-valid "python3 not found, JSON not checked"
	skip json-schema "python3 not found"
	skip json-escape "python3 not found"
	skip json-top "python3 not found"
else
	begin json-valid
	for f in *.txt; do
		case $f in bad-*) continue ;; esac
		run --json "$f"
		check "$f: not valid JSON" json_ok
	done
	run --json normal.txt
	check "exit status $rc, expected 0" rc_is 0
	check "output differs from normal.json" golden normal.json
	end

	begin json-schema
	run --json normal.txt
	check "no schema 1" json_is 'd["schema"] == 1 and d["source"] == "normal.txt"'
	check "lock order" json_is '[l["lock"] for l in d["locks"]] == ["000000002b7c3f10", "00000000a1b2c3d4", "00000000deadbeef", "0000000055aa55aa"]'
	check "holders/waiters" json_is '[w["pid"] for w in d["locks"][0]["waiters"]] == [1234, 977] and d["locks"][0]["holders"][0]["pid"] == 412'
	check "null symbol, null site" json_is 'd["locks"][0]["symbol"] is None and d["locks"][0]["waiters"][0]["site"] is None'
	check "max_wait_ms" json_is 'd["locks"][0]["max_wait_ms"] == 75 and d["locks"][3]["max_wait_ms"] is None'
	check "counters" json_is 'd["counters"] == {"untracked": 0, "overflows": 2, "unmatched": 0, "stale": 0, "rescued": 0}'
	check "deadlocks not empty" json_is 'd["deadlocks"] == [] and d["more_deadlocks"] is False'
	run --json symbol.txt
	check "match kinds" json_is '[l["match"] for l in d["locks"]] == ["symbol", "none", "none"]'
	run --json abba.txt
	check "exit status $rc, expected 3" rc_is 3
	check "deadlock tasks" json_is '[(t["cpu"], t["pid"], t["holds"]["symbol"], t["waits"]["symbol"]) for t in d["deadlocks"][0]["tasks"]] == [(0, 101, "lock_a", "lock_b"), (1, 202, "lock_b", "lock_a")]'
	end

	# comm may hold '"' and '\' (the kernel keeps isgraph() characters),
	# and bytes that are not UTF-8 (Latin-1 for the kernel's ctype).
	begin json-escape
	{
		head -2 normal.txt
		printf '0 task held 0000000000000001 a\\"b spin 1 q"u\\o\351\303\251 5 f+0x1/0x2\n'
		tail -5 normal.txt
	} > "$tmp/escape.txt"
	run --json "$tmp/escape.txt"
	check "exit status $rc, expected 0: $(cat "$tmp/err")" rc_is 0
	check "not valid JSON" json_ok
	check "comm not decoded back" json_is 'd["locks"][0]["holders"][0]["comm"] == "q\"u\\o\u00e9\u00e9"'
	check "symbol not decoded back" json_is 'd["locks"][0]["symbol"] == "a\\\"b"'
	end

	begin json-top
	run --json --top 2 --samples 2 --interval 0 -q normal.txt
	check "exit status $rc, expected 0" rc_is 0
	check "not valid JSON" json_ok
	check "top lists" json_is 'd["samples"] == 2 and len(d["held"]) == 2 and d["contended"][0]["waiters"] == 4 and d["sites"][0]["seen"] == 2'
	end
fi

# --- Deadlocks ----------------------------------------------------------

begin deadlock-abba
run abba.txt
check "exit status $rc, expected 3" rc_is 3
check "no 'possible deadlock:'" out_has "possible deadlock: 2 tasks wait for each other"
check "pid 101 missing" out_has "cpu 0 pid 101 (taskA) holds lock_a (00000000000aaaa0)"
check "pid 202 missing" out_has "cpu 1 pid 202 (taskB) holds lock_b (00000000000bbbb0)"
check "lock_b not waited for" out_has "waits for lock_b (00000000000bbbb0)"
check "lock_a not waited for" out_has "waits for lock_a (00000000000aaaa0)"
check "output differs from abba.table" golden abba.table
end

begin deadlock-3-tasks
run cycle3.txt
check "exit status $rc, expected 3" rc_is 3
check "no 3-task cycle" out_has "possible deadlock: 3 tasks wait for each other"
check "task one missing" out_has "cpu 0 pid 301 (one) holds lock_one"
check "task two missing" out_has "cpu 1 pid 302 (two) holds lock_two"
check "task three missing" out_has "cpu 2 pid 303 (three) holds lock_three"
check "bystander is in the cycle" out_lacks "pid 304 (bystander) holds"
check "more than one cycle" [ "$(grep -c 'possible deadlock' "$tmp/out")" = 1 ]
end

begin deadlock-self
run self.txt
check "exit status $rc, expected 3" rc_is 3
check "no self-deadlock" out_has "possible deadlock: cpu 2 pid 50 (sh) waits for a lock it holds"
check "held and wait contexts" out_has "holds lock_x (0000000000c0ffee) [task, line 3], waits for lock_x (0000000000c0ffee) [hardirq, line 4]"
end

begin deadlock-rwlock
run rwcycle.txt
check "exit status $rc, expected 3" rc_is 3
check "cycle through the reader missing" out_has "cpu 0 pid 21 (ps) holds tasklist_lock"
check "the other reader is in the cycle" out_lacks "pid 22 (top) holds"
end

begin no-deadlock
for f in nocycle.txt rwlock.txt normal.txt hashed.txt; do
	run "$f"
	check "$f: exit status $rc, expected 0" rc_is 0
	check "$f: deadlock reported" out_lacks "possible deadlock"
done
end

# A task is a (cpu, pid): if the pid changed between the held and the wait
# lines of a CPU, the lines are not one task and make no cycle.
begin no-deadlock-other-task
sed 's/^1 task wait \(.*\) 202 taskB/1 task wait \1 203 taskC/' abba.txt > "$tmp/t.txt"
run "$tmp/t.txt"
check "exit status $rc, expected 0" rc_is 0
check "deadlock reported" out_lacks "possible deadlock"
end

# --- Malformed input ----------------------------------------------------

# malformed NAME FILE LINE TEXT [ARGS...]: exit 1, "line LINE: ...TEXT" on
# stderr, nothing on stdout.
malformed() {
	local n=$1 f=$2 l=$3 text=$4

	shift 4
	begin "malformed-$n"
	run "$@" "$f"
	check "exit status $rc, expected 1" rc_is 1
	check "no 'line $l:' in '$(head -c 200 "$tmp/err")'" err_has "$f: line $l: "
	check "no '$text' in '$(head -c 200 "$tmp/err")'" err_has "$text"
	check "output on stdout" [ ! -s "$tmp/out" ]
	end
}

malformed version bad-version.txt 1 "unsupported version 3 (this tool reads versions 1 to 2)"
malformed no-version bad-no-version.txt 1 "expected 'version 2'"
malformed empty bad-empty.txt 1 "empty input"
malformed unknown-column bad-unknown-column.txt 2 "unknown column 'flags'"
malformed header-short bad-header-short.txt 2 "header has 9 columns"
malformed header-order bad-header-order.txt 2 "header column 2 is 'state'"
malformed truncated bad-truncated.txt 4 "truncated entry"
malformed fields bad-fields.txt 4 "truncated entry: 8 fields"
malformed cpu bad-cpu.txt 3 "cpu: 'x1' is not a number"
malformed cpu-range bad-cpu-range.txt 3 "is out of range"
malformed pid bad-pid.txt 4 "pid: '20x' is not a number"
malformed ms bad-ms.txt 5 "ms: '-880' is not a number"
malformed state bad-state.txt 3 "state: 'hold'"
malformed ctx bad-ctx.txt 3 "ctx: 'irq'"
malformed lock bad-lock.txt 3 "lock: '0xaaaa0' is not an address"
malformed variant bad-variant.txt 3 "unknown variant 'spin_fast'"
malformed after-counters bad-after-counters.txt 4 "entry after the counters"
malformed counter bad-counter.txt 4 "counter: 'lots' is not a number"
malformed dup-wait bad-dup-wait.txt 5 "second wait entry for cpu 1"
malformed no-counters bad-no-counters.txt 4 "no counters"
malformed off bad-off.txt 2 "the snapshot is switched off on this kernel (booted with spinlock_owner=off"

{ head -3 normal.txt; printf '1 task wait 000000002b7c3f10 - spin\001 977 bash 40 -\n'; tail -5 normal.txt; } > "$tmp/control.txt"
malformed control "$tmp/control.txt" 4 "control character 0x01"
{ head -3 normal.txt; printf '1 task wait 0000000\0002b7c3f10 - spin 977 bash 40 -\n'; tail -5 normal.txt; } > "$tmp/nul.txt"
malformed nul "$tmp/nul.txt" 4 "NUL byte"
{ head -2 normal.txt; printf '0 task held 1 - spin 1 x 1 f+0x%05000d/0x2\n' 1; tail -5 normal.txt; } > "$tmp/long.txt"
malformed long-line "$tmp/long.txt" 3 "line longer than 4096 bytes"
malformed max-entries normal.txt 6 "more than 3 entries" --max-entries 3

begin leaked
run leaked.txt
check "exit status $rc, expected 0" rc_is 0
check "no leaked holder line" out_has "leaked    3  task   82  sh    2040  spin     lkdtm_SPINLOCKUP+0x15/0x30[lkdtm]"
check "waiter not right after its leaked holder" next_has "leaked    3" "wait      2  task   93"
run --json leaked.txt
check "JSON state not leaked" json_is 'd["locks"][0]["holders"][0]["state"] == "leaked" and d["locks"][0]["waiters"][0]["state"] == "wait"'
end

{ echo "version 1"; tail -n +2 leaked.txt; } > "$tmp/leaked-v1.txt"
malformed leaked-v1 "$tmp/leaked-v1.txt" 4 "state: 'leaked' is not held, wait (leaked needs version 2)"

begin crlf
sed 's/$/\r/' normal.txt > "$tmp/crlf.txt"
run "$tmp/crlf.txt"
check "exit status $rc, expected 0: $(cat "$tmp/err")" rc_is 0
check "CRLF output differs from normal.table" same_as normal.table
end

# --- Kernel logs --------------------------------------------------------

begin log-journal
run log-journal.txt
check "exit status $rc, expected 3" rc_is 3
check "no first snapshot header" out_has "== snapshot 1 of 3, log-journal.txt:2 =="
check "no second snapshot header" out_has "== snapshot 2 of 3, log-journal.txt:8 =="
check "the first snapshot's entry" out_has "taskA"
check "the cycle" out_has "possible deadlock: 2 tasks wait for each other"
check "the cycle's first task" out_has "cpu 2 pid 88 (kworker/2:1) holds lock_a"
check "first before second" before "taskA" "possible deadlock:"
check "the cut short one not reported" err_has "log-journal.txt:15: the snapshot is cut short (no count line): skipped"
check "an interleaved line taken for an entry" out_lacks "serial8250"
end

begin log-dmesg
run log-dmesg.txt
check "exit status $rc, expected 3" rc_is 3
check "stderr not empty: $(head -c 200 "$tmp/err")" err_empty
check "not matched by symbol" out_has "locks were matched by symbol"
check "the off line" out_has "== snapshot 2 of 2, log-dmesg.txt:8: switched off at boot =="
check "the cycle's task" out_has "pid 67 (sos_abba/0) holds sos_abba_a[sos_abba]"
end

begin log-stdin
stdin=log-dmesg.txt run -
check "exit status $rc, expected 3" rc_is 3
check "no source <stdin>" out_has "== snapshot 1 of 2, <stdin>:1 =="
end

begin log-json
if [ -z "$has_python" ]; then
	skip log-json "no python3"
else
	run --json log-journal.txt
	check "exit status $rc, expected 3" rc_is 3
	check "not JSON" json_ok
	check "not an array of the two whole snapshots" json_is 'len(d) == 2 and d[0]["source"] == "log-journal.txt:2" and d[1]["source"] == "log-journal.txt:8"'
	check "no deadlock in the second" json_is 'len(d[1]["deadlocks"]) == 1 and not d[0]["deadlocks"]'
	end
fi

begin log-kmsg
run log-kmsg.txt
check "exit status $rc, expected 3 (a CPU glued to /dev/kmsg's prefix)" rc_is 3
check "the cycle's task" out_has "pid 67 (t0) holds lock_a"
end

begin log-crcr
run log-crcr.txt
check "exit status $rc, expected 3 (CR CR LF line ends)" rc_is 3
end

begin log-other-report
run log-warn.txt
check "exit status $rc, expected 3" rc_is 3
check "stderr not empty: $(head -c 200 "$tmp/err")" err_empty
check "the long spin report's lines taken for entries" out_has "untracked 0, overflows 0"
check "the cycle" out_has "possible deadlock: 2 tasks wait for each other"
end

begin log-two-hosts
run log-two-hosts.txt
check "exit status $rc, expected 3" rc_is 3
check "stderr not empty: $(head -c 200 "$tmp/err")" err_empty
check "hosta's snapshot not first" out_has "== snapshot 1 of 2, log-two-hosts.txt:1 =="
check "hostb's snapshot not second" out_has "== snapshot 2 of 2, log-two-hosts.txt:2 =="
check "hostb's entry" out_has "lock_c"
check "hosta's cycle" out_has "pid 67 (a0) holds lock_a"
end

begin log-lines-lost
run bad-log-lost.txt
check "exit status $rc, expected 1" rc_is 1
check "the lost line not reported" err_has "bad-log-lost.txt:1: the count line says 4 entries, the log has 3 (lines lost?): skipped"
end

begin log-without-snapshot
run bad-log-none.txt
check "exit status $rc, expected 1" rc_is 1
check "not the file parser's error" err_has "bad-log-none.txt: line 1: expected 'version 2'"
end

# --- Options ------------------------------------------------------------

begin usage
for args in "--bogus" "--watch" "--watch 0 normal.txt" "--watch x normal.txt" \
	    "--watch 1 -" "--top 0 normal.txt" "--samples 1x normal.txt" \
	    "--interval -1 normal.txt" "--top 2 -" "--watch 1 --top 2 normal.txt" \
	    "normal.txt abba.txt"; do
	# shellcheck disable=SC2086
	run $args
	check "'$args': exit status $rc, expected 2" rc_is 2
	check "'$args': no message" err_has "lock-owners: "
done
run --help
check "--help: exit status $rc, expected 0" rc_is 0
check "--help: no usage" out_has "usage: lock-owners"
end

begin missing-file
run "$tmp/does-not-exist"
check "exit status $rc, expected 1" rc_is 1
check "no 'cannot open'" err_has "cannot open $tmp/does-not-exist: No such file or directory"
end

begin top
run --top 2 --samples 3 --interval 0 normal.txt
check "exit status $rc, expected 0" rc_is 0
check "no sample count" out_has "3 samples"
check "most held lock (held longest) not first" before "00000000deadbeef  my_lock[mymod]" "000000002b7c3f10"
check "not the top 2 held" [ "$(sed -n '/^most held/,/^$/p' "$tmp/out" | grep -c '^ *[0-9]')" = 2 ]
check "most contended lock" out_has "        6        3      75  000000002b7c3f10  -"
check "most frequent site" out_has "     3     500  mymod_work+0x10/0x80 [mymod]"
check "no progress on stderr" err_has "sample 3/3: 7 entries, 4 locks"
run --top 2 --samples 3 --interval 0 -q normal.txt
check "progress with -q" err_empty
end

begin top-deadlock
run --samples 2 --interval 0 -q abba.txt
check "exit status $rc, expected 3" rc_is 3
check "no deadlock count" out_has "possible deadlock in 2 of 2 samples"
check "no cycle" out_has "cpu 1 pid 202 (taskB) holds lock_b"
end

begin top-malformed
run --samples 2 --interval 0 -q bad-pid.txt
check "exit status $rc, expected 1" rc_is 1
check "no line number" err_has "bad-pid.txt: line 4: pid"
end

if command -v timeout > /dev/null; then
	begin watch
	timeout --preserve-status -s INT 2 "$bin" --watch 0.3 normal.txt \
		> "$tmp/out" 2> "$tmp/err"
	rc=$?
	check "exit status $rc, expected 0" rc_is 0
	check "fewer than 2 snapshots" [ "$(grep -c '^lock-owners every 0.3s: normal.txt' "$tmp/out")" -ge 2 ]
	check "no table" out_has "jiffies_lock"
	timeout --preserve-status -s INT 1 "$bin" --watch 0.3 abba.txt \
		> "$tmp/out" 2> "$tmp/err"
	rc=$?
	check "deadlock: exit status $rc, expected 3" rc_is 3
	end
else
	skip watch "timeout not found"
fi

total="$passed passed, $failed failed"
[ "$skipped" = 0 ] || total+=", $skipped skipped"
echo "$total"
[ "$failed" = 0 ]
