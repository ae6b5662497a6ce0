#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# With CONFIG_SPINLOCK_OWNER_SNAPSHOT off, the patched kernel is the base
# kernel: scripts/bloat-o-meter between the base and "off" builds shows
# no symbol that changed, and objdump shows the same instructions.
# scripts/test builds both first.
set -euo pipefail
. "$ROOT/scripts/lib.sh"

for b in base off; do
	[ -f "$BUILD_DIR/$b/vmlinux" ] ||
		{ echo "FAIL option-off:bloat-o-meter-zero: no $b build (scripts/build $b)"; exit 0; }
done
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
