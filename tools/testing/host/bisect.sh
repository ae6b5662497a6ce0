#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bisectability (--long only): every patch of every series compiles on its
# own.  For each series, the patches are applied one by one to a copy of
# its base; after each, the objects of every .c file the series touches
# that its snapshot build compiles (and every .c file the series adds) are
# made again with -Werror, in one O= directory with that build's .config
# (olddefconfig after each patch, so each option appears with the patch
# that adds it).  The log: $BUILD_DIR/bisect-SERIES/bisect.log.  Kbuild's dependency tracking recompiles only what the
# patch changed.  "ok bisect:SERIES" or "FAIL bisect:SERIES: NNNN ...".
# It needs the snapshot builds (snapshot, snapshot-6.1, ...) made first.
set -euo pipefail
. "$ROOT/scripts/lib.sh"

if [ "${SOS_LONG:-}" != 1 ]; then
	echo "skip bisect: with --long only (one compile per patch and series)"
	exit 0
fi

check() {	# check SERIES ("" for the primary), in a subshell
	local s=$1 label build tree out patches p objs f o cc
	export SOS_SERIES=$s
	# lib.sh's paths for this series (BASE_DIR, PATCH_DIR, SERIES_FILE).
	. "$ROOT/scripts/lib.sh"
	label=${s:-primary} build=snapshot${s:+-$s}
	[ -f "$BUILD_DIR/$build/.config" ] || { echo "FAIL bisect:$label: no build $build"; return; }
	tree=$SOS_CACHE/bisect/$label
	out=$BUILD_DIR/bisect-$label
	mapfile -t patches < <(series_patches)
	cc=()
	! ccache_env || cc=(CC="ccache gcc")
	rm -rf "$tree"
	mkdir -p "$tree" "$out"
	cp -al "$BASE_DIR/linux/." "$tree"
	# Break the hard links of every file the series touches.
	grep -h '^+++ b/' "${patches[@]}" | sed 's|^+++ b/||; s|\t.*||' | sort -u | while read -r f; do
		[ -f "$tree/$f" ] || continue
		cp --preserve=mode "$tree/$f" "$tree/$f.sos-tmp"
		mv "$tree/$f.sos-tmp" "$tree/$f"
	done
	for p in "${patches[@]}"; do
		if ! patch_exact "$tree" "$p" 2>> "$out/bisect.log"; then
			echo "FAIL bisect:$label: $(basename "$p") does not apply exactly"
			return
		fi
		objs=()
		while read -r f; do
			[ -f "$tree/$f" ] || continue
			o=${f%.c}.o
			if [ -f "$BUILD_DIR/$build/$o" ] || [ ! -e "$BASE_DIR/linux/$f" ]; then
				objs+=("$o")
			fi
		done < <(grep -h '^+++ b/.*\.c$' "${patches[@]}" | sed 's|^+++ b/||' | sort -u)
		cp "$BUILD_DIR/$build/.config" "$out/.config"
		log "bisect $label: $(basename "$p"): ${#objs[@]} objects"
		if ! make -C "$tree" O="$out" olddefconfig >> "$out/bisect.log" 2>&1 ||
		   ! make -C "$tree" O="$out" -j"$JOBS" "${cc[@]}" KCFLAGS=-Werror "${objs[@]}" \
			>> "$out/bisect.log" 2>&1; then
			echo "FAIL bisect:$label: $(basename "$p") does not compile (see $out/bisect.log)"
			return
		fi
	done
	echo "ok bisect:$label: ${#patches[@]} patches each compile"
	rm -rf "$tree"
}

(check "")
for s in $(extra_series); do
	(check "$s")
done
