#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cpus: 1
# With CONFIG_SPINLOCK_OWNER_SNAPSHOT off, the patched kernel is the base
# kernel.  With --long the "base" and "off" builds are whole kernels:
# scripts/bloat-o-meter between the base and off vmlinux shows no symbol
# that changed, and objdump shows the same instructions.  Otherwise both
# compile the series' directories (configs/targets.config): both builds
# make the same objects there, and each has the same code, relocations,
# data and symbols as the base build's, at least 100 objects among them
# kernel/locking/spinlock.o (the out-of-line lock functions).
# scripts/test builds both first.
set -euo pipefail
. "$ROOT/scripts/lib.sh"

targets=$(build_targets off)
[ "$(build_targets base)" = "$targets" ] ||
	{ echo "FAIL option-off:same-instructions: base and off are not the same kind of build (targets '$(build_targets base)' and '$targets')"; exit 0; }
if [ -n "$targets" ]; then
	# The objects a build made for TARGET (a directory: its built-in.a's
	# members and its modules, as Kbuild lists them; else the file), so
	# that objects left by an older configuration do not count.
	objects() (
		cd "$1"
		for t in $targets; do
			case $t in
			*/) ar t "${t}built-in.a"; sed 's/\.ko$/.o/' "${t}modules.order" ;;
			*) echo "$t" ;;
			esac
		done | sort -u
	)
	# An object as objdump (code with its relocations, .data, .rodata)
	# and nm see it, less its file name, the compiler's local labels and
	# the offsets into string sections (strings hold the source path,
	# __FILE__, which differs between the two trees), and the line in an
	# initcall's name (the series moves lines of kernel/panic.c, exit.c).
	view() {
		objdump -dr --no-show-raw-insn "$1" | tail -n +3 || true
		{ objdump -s -j .data -j .rodata "$1" 2> /dev/null || true; } | tail -n +3
		nm "$1" | grep -v ' \.L' || true
	}
	norm() {
		sed 's/ <[^>]*>$//; s/\(\.rodata\.str[0-9.]*\)[-+]0x[0-9a-f]*/\1/; s/\(__initcall__kmod_.*__[0-9]*\)_[0-9]*_/\1_LINE_/'
	}
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	objects "$BUILD_DIR/off" > "$tmp/off.list" 2> "$tmp/err" || true
	objects "$BUILD_DIR/base" > "$tmp/base.list" 2>> "$tmp/err" || true
	if [ -s "$tmp/err" ] || ! cmp -s "$tmp/off.list" "$tmp/base.list"; then
		echo "FAIL option-off:same-objects: base and off do not make the same objects in $targets: $(diff "$tmp/base.list" "$tmp/off.list" | grep '^[<>]' | head -3 | tr '\n' ' ')$(head -1 "$tmp/err")"
		exit 0
	fi
	n=0 bad=() lock=""
	while read -r o; do
		view "$BUILD_DIR/off/$o" | norm > "$tmp/off"
		view "$BUILD_DIR/base/$o" | norm > "$tmp/base"
		if [ ! -s "$tmp/off" ] || ! cmp -s "$tmp/off" "$tmp/base"; then
			bad+=("$o")
			continue
		fi
		n=$((n + 1))
		[ "$o" != kernel/locking/spinlock.o ] || lock=1
	done < "$tmp/off.list"
	if [ ${#bad[@]} -gt 0 ]; then
		echo "FAIL option-off:same-instructions: ${#bad[@]} objects differ from base: ${bad[*]:0:5}"
	elif [ $n -lt 100 ] || [ -z "$lock" ]; then
		echo "FAIL option-off:same-instructions: only $n objects compared (kernel/locking/spinlock.o: ${lock:-no})"
	else
		echo "ok option-off:same-instructions ($n objects of $targets)"
	fi
	exit 0
fi
[ -f "$BUILD_DIR/base/vmlinux" ] ||
	{ echo "FAIL option-off:bloat-o-meter-zero: no whole base build (SOS_LONG=1 scripts/build base)"; exit 0; }
[ -f "$BUILD_DIR/off/vmlinux" ] ||
	{ echo "FAIL option-off:bloat-o-meter-zero: no whole off build (SOS_LONG=1 scripts/build off)"; exit 0; }
mkdir -p "$RESULTS_DIR"
out=$("$BASE_DIR/linux/scripts/bloat-o-meter" "$BUILD_DIR/base/vmlinux" "$BUILD_DIR/off/vmlinux")
echo "$out" > "$RESULTS_DIR/bloat-o-meter-off.txt"
if echo "$out" | grep -q '^Total: Before=\([0-9]*\), After=\1, chg +0.00%$' &&
   ! echo "$out" | grep -qE '^add/remove: [1-9]|grow/shrink: [1-9]|/[1-9]'; then
	echo "ok option-off:bloat-o-meter-zero"
else
	echo "FAIL option-off:bloat-o-meter-zero: $(echo "$out" | head -1; echo "$out" | tail -1)"
fi
if cmp -s <(objdump -d --no-show-raw-insn "$BUILD_DIR/base/vmlinux" | grep -v '^/' | sed 's/^ *[0-9a-f]*://')  \
	  <(objdump -d --no-show-raw-insn "$BUILD_DIR/off/vmlinux" | grep -v '^/' | sed 's/^ *[0-9a-f]*://'); then
	echo "ok option-off:same-instructions"
else
	echo "FAIL option-off:same-instructions: objdump -d of base and off vmlinux differ"
fi
