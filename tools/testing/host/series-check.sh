#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cpus: 1
# The series as users will apply it: the series file names exactly the
# patches in patches/ in order; the patches apply to the pristine base
# with patch -p1 with neither fuzz nor offset (a hunk that lands in the
# wrong place without a reject must fail here), quilt push -a and git am
# (no --3way), all three giving the same files; scripts/checkpatch.pl
# --strict is silent on every patch.
# Only the files the series touches are copied, so this takes seconds.
# Every series is checked against its own base: the primary one (labels
# series:, checkpatch:) and each patches/NAME/ with a BASE file (labels
# series-NAME:, checkpatch-NAME:, scripts/checkpatch.pl of that base).
set -euo pipefail
. "$ROOT/scripts/lib.sh"
if [ -z "${SOS_SERIES_CHECK+set}" ]; then
	rc=0
	for s in "" $(extra_series); do
		SOS_SERIES_CHECK=1 SOS_SERIES=$s "$0" || rc=1
	done
	exit $rc
fi
S=series${SOS_SERIES:+-$SOS_SERIES}
C=checkpatch${SOS_SERIES:+-$SOS_SERIES}
"$ROOT/scripts/get-base" 2>/dev/null
need_pkgs quilt git perl

mapfile -t patches < <(series_patches)
listed=$(printf '%s\n' "${patches[@]}" | xargs -n1 basename)
present=$(cd "$PATCH_DIR" && ls [0-9][0-9][0-9][0-9]-*.patch | grep -v '^0000-')
if [ "$listed" = "$present" ]; then
	echo "ok $S:order"
else
	echo "FAIL $S:order: series and patches/ disagree"
fi
[ -f "$PATCH_DIR/0000-cover-letter.patch" ] &&
	grep -q "$(cut -d' ' -f1 "$BASE_DIR/BASE")" "$PATCH_DIR/0000-cover-letter.patch" &&
	echo "ok $S:cover-letter-names-base" ||
	echo "FAIL $S:cover-letter-names-base: no cover letter naming $(cut -d' ' -f1 "$BASE_DIR/BASE")"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=$(grep -h '^+++ b/' "${patches[@]}" | sed 's|^+++ b/||; s|\t.*||' | sort -u)
mkbase() {
	mkdir -p "$1"
	for f in $files; do
		[ -f "$BASE_DIR/linux/$f" ] || continue
		mkdir -p "$1/$(dirname "$f")"
		cp "$BASE_DIR/linux/$f" "$1/$f"
	done
}

mkbase "$tmp/patch"
bad=""
for p in "${patches[@]}"; do
	patch_exact "$tmp/patch" "$p" 2>>"$tmp/patch.log" || bad+=" $(basename "$p" .patch | cut -c1-4)"
done
if [ -z "$bad" ]; then
	echo "ok $S:patch-p1"
else
	cat "$tmp/patch.log" >&2
	echo "FAIL $S:patch-p1: not exactly (fuzz, offset or reject):$bad"
fi

mkbase "$tmp/quilt"
if (cd "$tmp/quilt" && QUILT_PATCHES="$PATCH_DIR" QUILT_SERIES="$SERIES_FILE" \
	quilt push -a -q >/dev/null 2>&1); then
	rm -rf "$tmp/quilt/.pc"
	echo "ok $S:quilt"
else
	echo "FAIL $S:quilt: quilt push -a failed"
fi

mkbase "$tmp/git"
if (cd "$tmp/git" && git init -q && git add -f -A . &&
	git -c user.name=check -c user.email=check@localhost commit -q -m base &&
	git -c user.name=check -c user.email=check@localhost am -q "${patches[@]}") >/dev/null 2>&1; then
	rm -rf "$tmp/git/.git"
	echo "ok $S:git-am"
else
	echo "FAIL $S:git-am: git am failed"
fi

if diff -r "$tmp/patch" "$tmp/quilt" >/dev/null && diff -r "$tmp/patch" "$tmp/git" >/dev/null; then
	echo "ok $S:three-ways-agree"
else
	echo "FAIL $S:three-ways-agree: patch, quilt and git am give different trees"
fi

# The complaints that a series keeps on purpose, each with its reason in
# checkpatch-known ("SERIES NNNN MESSAGE"; SERIES "-" is the primary).
known=$ROOT/tools/testing/host/checkpatch-known
for p in "${patches[@]}"; do
	n=$(basename "$p" .patch)
	out=$(cd "$BASE_DIR/linux" && perl scripts/checkpatch.pl --strict -q "$p" 2>&1 || true)
	msgs=$(grep -E '^(ERROR|WARNING|CHECK)' <<<"$out" || true)
	if [ -n "$out" ] && [ -z "$msgs" ]; then
		msgs="checkpatch.pl: $(head -1 <<<"$out")"
	fi
	kept=""
	[ ! -f "$known" ] || kept=$(awk -v s="${SOS_SERIES:--}" -v n="${n:0:4}" '
		!/^#/ && $1 == s && $2 == n { sub(/^[^ ]+ [^ ]+ /, ""); print }' "$known")
	left=$(grep -vxF -f <(printf '%s\n' "$kept") <<<"$msgs" || true)
	[ -n "$kept" ] || left=$msgs
	if [ -z "$left" ]; then
		echo "ok $C:${n:0:4}${msgs:+ (kept on purpose: $(sort -u <<<"$msgs" | paste -sd '|' | sed 's/|/; /g'))}"
	else
		echo "FAIL $C:${n:0:4}: $(head -1 <<<"$left")"
	fi
done
