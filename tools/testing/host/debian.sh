#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The series as a Debian user meets it: the kernel packaged with the
# kernel's own "make bindeb-pkg" (scripts/deb), the package installed with
# dpkg into a Debian 12 root file system made by mmdebstrap (systemd,
# udev; scripts/deb-guest), booted under qemu, and each Debian scenario
# (tools/testing/debian/[0-9]*.sh) run there by systemd and judged by
# scripts/parse-console with its metadata, as "debian:SCENARIO".
#
# The kernel: by default the snapshot build (tinyconfig, the series'
# options, and configs/systemd.config for systemd), packaged as it is
# (scripts/deb --build snapshot: no recompilation).  Debian's own config
# is for --long (SOS_LONG=1): scripts/deb, cloud-amd64 with the series,
# whose cold build on the 2-core machines takes far longer than the
# default suite's budget (README, "Debian packages", has the times).
# It runs alone, although its guest runs in one TCG thread: it packages
# the snapshot build with make in that build's directory, which the
# snapshot boots read (its .config, modules and initramfs), and with
# --long it builds a whole Debian kernel on every CPU.
set -euo pipefail
. "$ROOT/scripts/lib.sh"
need_pkgs mmdebstrap e2fsprogs qemu-system-x86 dpkg-dev debhelper

if [ "${SOS_LONG:-}" = 1 ]; then
	what="Debian's cloud-amd64 config"
	args=()
else
	what="the snapshot build"
	args=(--build snapshot)
fi
log "packaging $what with scripts/deb ${args[*]}"
start=$SECONDS
# scripts/test --no-build: the packages as they are.
if [ "${SOS_NO_BUILD:-}" = 1 ] && [ "${SOS_LONG:-}" = 1 ]; then
	top=$BUILD_DIR/deb-cloud-amd64
	ls "$top"/linux-image-*.deb >/dev/null 2>&1 || { echo "FAIL debian:package: no packages in $top (--no-build)"; exit 0; }
elif ! top=$("$ROOT/scripts/deb" "${args[@]}"); then
	echo "FAIL debian:package: scripts/deb ${args[*]} failed"
	exit 0
fi
echo "done debian:package"
log "packaged in $((SECONDS - start))s: $(cd "$top" && echo *.deb)"

for f in "$ROOT"/tools/testing/debian/[0-9]*.sh; do
	n=$(basename "$f" .sh)
	log "debian:$n: booting"
	start=$SECONDS
	if ! dir=$("$ROOT/scripts/deb-guest" "$top" --test "$n"); then
		echo "FAIL debian:$n: scripts/deb-guest failed"
		continue
	fi
	log "debian:$n: done in $((SECONDS - start))s (systemd: $(sed -n 's/.*SOS-NOTE systemd is \(.*\)/\1/p' "$dir/console.log" | head -1))"
	mapfile -t jargs < <(judge_args "$f" "debian:$n")
	"$ROOT/scripts/parse-console" "$dir/console.log" "${jargs[@]}" > "$dir/verdict" 2>&1 || true
	grep -E '^(ok|FAIL|skip|done|#) ' "$dir/verdict" ||
		echo "FAIL debian:$n: parse-console said: $(tail -1 "$dir/verdict")"
done
