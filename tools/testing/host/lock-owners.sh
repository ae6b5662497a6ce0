#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cpus: 1
# tools/lock-owners, the /proc/lock_owners reader: it builds with no
# warning (-Wall -Wextra), also as a static binary when libc.a is there;
# each of its tests (tools/lock-owners/tests/run.sh) passes; its libFuzzer
# harness runs clean on the seed corpus when clang is there.  Everything is
# built in a temporary directory: the tree is left as it was.  One
# "ok/FAIL/skip lock-owners:NAME" line each.
set -euo pipefail
. "$ROOT/scripts/lib.sh"
need_pkgs gcc make

src=$ROOT/tools/lock-owners
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Every file and directory under the tool's source, with its contents' hash.
listing() {
	(cd "$src" && find . -type d | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}
before=$(listing)

# build NAME DIR MAKE-ARGS...: build into DIR (a setup step), then the
# test that make was silent.
build() {
	local name=$1 out=$2

	shift 2
	mkdir -p "$out"
	if ! make -s -C "$src" OUTPUT="$out/" "$@" > "$out/log" 2>&1; then
		echo "FAIL lock-owners:$name: $(grep -m1 -E 'error|Error' "$out/log" || tail -1 "$out/log")"
		return 1
	fi
	echo "done lock-owners:$name"
	if [ -s "$out/log" ]; then
		echo "FAIL lock-owners:$name-no-warnings: $(grep -m1 warning "$out/log" || head -1 "$out/log")"
	else
		echo "ok lock-owners:$name-no-warnings"
	fi
}

if build build "$tmp/dyn"; then
	# (UPDATE would rewrite the expected outputs instead of checking them.)
	env -u UPDATE "$src/tests/run.sh" "$tmp/dyn/lock-owners" > "$tmp/tests.out" 2>&1 || true
	sed -nE 's/^(ok|FAIL|skip) /\1 lock-owners:/p' "$tmp/tests.out"
	grep -qE '^[0-9]+ passed, [0-9]+ failed' "$tmp/tests.out" ||
		echo "FAIL lock-owners:tests: tests/run.sh did not finish: $(tail -1 "$tmp/tests.out")"
fi

if [ "$(gcc -print-file-name=libc.a)" != libc.a ]; then
	if build static "$tmp/static" STATIC=1; then
		if readelf -l "$tmp/static/lock-owners" | grep -q INTERP; then
			echo "FAIL lock-owners:static-linked: STATIC=1 gave a dynamic binary"
		else
			echo "ok lock-owners:static-linked"
		fi
	fi
else
	echo "skip lock-owners:static: no libc.a (libc6-dev)"
fi

if command -v clang > /dev/null; then
	mkdir -p "$tmp/fuzz"
	if make -s -C "$src" OUTPUT="$tmp/fuzz/" fuzz-check > "$tmp/fuzz/log" 2>&1; then
		echo "ok lock-owners:fuzz-corpus"
	else
		echo "FAIL lock-owners:fuzz-corpus: $(grep -m1 -E 'ERROR|error|check failed' "$tmp/fuzz/log" || tail -1 "$tmp/fuzz/log")"
	fi
else
	echo "skip lock-owners:fuzz-corpus: no clang"
fi

if [ "$(listing)" = "$before" ]; then
	echo "ok lock-owners:tree-clean"
else
	echo "FAIL lock-owners:tree-clean: the build changed $(diff <(echo "$before") <(listing) | grep -m1 '^[<>]' | cut -c3-)"
fi
