#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cpus: 1
# Every scenario parses with busybox sh and has valid metadata: builds in
# configs/builds (at least one, none twice; long-builds among them), a
# part, a numeric timeout, a
# params command that exists, expect poweroff or panic (with a panic
# regex), regexes that compile, every allow line "N REGEX" with a budget N.
# A Debian guest's scenario (tools/testing/debian) parses with dash and
# has no build, part, params, reboot or long-timeout (scripts/deb-guest
# has no use for them).
# One "done meta:SCENARIO" (a lint of the harness, not a test) or
# "FAIL meta:SCENARIO: why" line each.
set -euo pipefail
. "$ROOT/scripts/lib.sh"

for f in "$ROOT"/tools/testing/scenarios/*.sh "$ROOT"/tools/testing/debian/[0-9]*.sh; do
	n=$(basename "$f" .sh)
	b=$(scenario_meta "$f" build)
	# The Debian guest's scenarios (tools/testing/host/debian.sh) have
	# neither a build nor a part, and run under Debian's dash.
	deb=""
	case $f in */debian/*) deb=1 n=debian:$n ;; esac
	t=$(scenario_meta "$f" timeout)
	e=$(scenario_meta "$f" expect)
	p=$(scenario_meta "$f" params)
	why=""
	[ -n "$b" ] || [ -n "$deb" ] || why="no build"
	if [ -n "$deb" ]; then
		# scripts/deb-guest reads cmdline and timeout; the judge the rest.
		for k in build part params reboot long-timeout; do
			[ -z "$(scenario_meta "$f" $k)" ] || why="a Debian scenario has no '$k'"
		done
	fi
	for x in $b; do
		awk -v b="$x" '!/^#/ && $1 == b { f = 1 } END { exit !f }' "$ROOT/configs/builds" ||
			why="unknown build '$x'"
	done
	[ -z "$b" ] || [ "$(echo $b | wc -w)" = "$(printf '%s\n' $b | sort -u | wc -l)" ] || why="a build listed twice"
	for x in $(scenario_meta "$f" long-builds); do
		[[ " $b " == *" $x "* ]] || why="long-builds '$x' is not among its builds"
	done
	[ -n "$(scenario_meta "$f" part)" ] || [ -n "$deb" ] || why="no part"
	[ -z "$p" ] || [ -x "$ROOT/${p%% *}" ] || why="params command '${p%% *}' is not executable"
	[[ ${t:-1} =~ ^[0-9]+$ ]] || why="timeout '$t' is not a number"
	r=$(scenario_meta "$f" reboot)
	[ -z "$r" ] || [ "$r" = yes ] || why="reboot '$r' is not yes"
	case ${e:-poweroff} in
	poweroff) ;;
	panic) [ -n "$(scenario_meta "$f" panic)" ] || why="expect: panic without a panic: regex" ;;
	*) why="expect '$e' is neither poweroff nor panic" ;;
	esac
	python3 -c 'import re, sys; re.compile(sys.argv[1])' "$(scenario_meta "$f" panic)" 2>/dev/null ||
		why="bad panic regex"
	while IFS= read -r v; do
		python3 -c 'import re, sys; re.compile(sys.argv[1])' "$v" 2>/dev/null || why="bad line regex '$v'"
	done < <(scenario_meta_all "$f" line)
	while IFS= read -r v; do
		[[ $v =~ ^[1-9][0-9]*\ (.+)$ ]] || { why="allow '$v' is not 'N REGEX'"; continue; }
		python3 -c 'import re, sys; re.compile(sys.argv[1])' "${BASH_REMATCH[1]}" 2>/dev/null ||
			why="bad allow regex '${BASH_REMATCH[1]}'"
	done < <(scenario_meta_all "$f" allow)
	if [ -n "$deb" ]; then
		err=$(dash -n "$f" 2>&1) || why="dash -n: $err"
	else
		err=$(busybox sh -n "$f" 2>&1) || why="sh -n: $err"
	fi
	if [ -n "$why" ]; then echo "FAIL meta:$n: $why"; else echo "done meta:$n"; fi
done
