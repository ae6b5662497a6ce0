#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cpus: 1
# With CONFIG_SPINLOCK_OWNER_SNAPSHOT off, the patched kernel is the base
# kernel.  With --long the "off" build is a whole kernel:
# scripts/bloat-o-meter between the base and off vmlinux shows no symbol
# that changed, and objdump shows the same instructions.  Otherwise "off"
# compiles the series' directories (configs/targets.config): each object
# it made has the same instructions and the same symbols as the base
# build's, at least 100 objects among them kernel/locking/spinlock.o (the
# out-of-line lock functions).  scripts/test builds both first.
set -euo pipefail
. "$ROOT/scripts/lib.sh"

[ -f "$BUILD_DIR/base/vmlinux" ] ||
	{ echo "FAIL option-off:same-instructions: no base build (scripts/build base)"; exit 0; }
targets=$(build_targets off)
if [ -n "$targets" ]; then
	# objdump's and nm's view of an object, without its file name, the
	# compiler's local labels (the strings before them hold the source
	# path: __FILE__; objdump may name a jump's target after one) and the
	# line in an initcall's name (the series moves lines of
	# kernel/panic.c, exit.c, ...).
	view() {
		objdump -d --no-show-raw-insn "$1" | tail -n +3 | sed 's/ <[^>]*>$//'
		nm "$1" | grep -v ' \.L' | sed 's/\( __initcall__kmod_.*__[0-9]*\)_[0-9]*_/\1_LINE_/'
	}
	n=0 bad=() lock=""
	cd "$BUILD_DIR/off"
	while read -r o; do
		if [ ! -f "$BUILD_DIR/base/$o" ]; then
			bad+=("$o (not in base)")
		elif cmp -s <(view "$o") <(view "$BUILD_DIR/base/$o"); then
			n=$((n + 1))
			[ "$o" != kernel/locking/spinlock.o ] || lock=1
		else
			bad+=("$o")
		fi
	# shellcheck disable=SC2086
	done < <(find $targets -name '*.o' ! -name '*.mod.o' | sort)
	if [ ${#bad[@]} -gt 0 ]; then
		echo "FAIL option-off:same-instructions: ${#bad[@]} objects differ from base: ${bad[*]:0:5}"
	elif [ $n -lt 100 ] || [ -z "$lock" ]; then
		echo "FAIL option-off:same-instructions: only $n objects compared (kernel/locking/spinlock.o: ${lock:-no})"
	else
		echo "ok option-off:same-instructions ($n objects of $targets)"
	fi
	exit 0
fi
[ -f "$BUILD_DIR/off/vmlinux" ] ||
	{ echo "FAIL option-off:bloat-o-meter-zero: no off build (scripts/build off)"; exit 0; }
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
