# SPDX-License-Identifier: GPL-2.0
# Common settings for the project's scripts.  Source it; do not run it.
#
# Every path the scripts write to lives under $SOS_CACHE (default: .cache
# in the repository, which .gitignore excludes), except ccache's cache
# (~/.ccache), which clones share.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SOS_CACHE=${SOS_CACHE:-$ROOT/.cache}
BASE_TARBALL=${BASE_TARBALL:-}      # scripts/get-base: a tarball instead of BASE's package
# The series the scripts work on: the primary one (SOS_SERIES empty: the
# top-level series and BASE, patches/*.patch, Documentation/cover-letter.txt)
# or the one for another base (SOS_SERIES=6.1: patches/6.1/ with its own
# series and BASE, Documentation/cover-letter-6.1.txt).  Each has its own
# base, work tree and patched tree under $SOS_CACHE.
SOS_SERIES=${SOS_SERIES:-}
if [ -n "$SOS_SERIES" ]; then
	[[ $SOS_SERIES =~ ^[A-Za-z0-9][A-Za-z0-9.]*$ ]] && [ -f "$ROOT/patches/$SOS_SERIES/BASE" ] ||
		{ printf 'error: SOS_SERIES=%s: no series patches/%s/ with a BASE file\n' "$SOS_SERIES" "$SOS_SERIES" >&2; exit 1; }
	PATCH_DIR=$ROOT/patches/$SOS_SERIES
	SERIES_FILE=$PATCH_DIR/series
	BASE_FILE=$PATCH_DIR/BASE
	COVER_FILE=$ROOT/Documentation/cover-letter-$SOS_SERIES.txt
	_sfx=-$SOS_SERIES
else
	PATCH_DIR=$ROOT/patches
	SERIES_FILE=$ROOT/series
	BASE_FILE=$ROOT/BASE
	COVER_FILE=$ROOT/Documentation/cover-letter.txt
	_sfx=
fi
BASE_DIR=$SOS_CACHE/base$_sfx      # pristine, extracted once, never modified
WORK_DIR=${WORK_DIR:-$SOS_CACHE/work}  # developer git work trees
WORK_TREE=$WORK_DIR/linux$_sfx     # this series' work tree
SRC_DIR=$SOS_CACHE/src$_sfx        # trees built from the series files
BUILD_DIR=$SOS_CACHE/build        # O= directories, one per build
RESULTS_DIR=${RESULTS_DIR:-$SOS_CACHE/results}
JOBS=${JOBS:-$(nproc)}

# ccache for the kernel builds (scripts/build, scripts/deb, the bisect
# check): false without ccache; else its settings, exported.  Depend
# mode: on a miss ccache takes the headers from the compiler's own -MMD
# output (Kbuild's -Wp,-MMD) instead of running the preprocessor a second
# time, which made a cold build of the base 21% faster (369 s to 290 s);
# a hit is a direct-mode hit, on the contents of the source and of every
# header.  Paths are relative to $SOS_CACHE, so that clones share it.
ccache_env() {
	command -v ccache >/dev/null || return 1
	export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache} CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
	export CCACHE_COMPILERCHECK=content CCACHE_NOHASHDIR=1 CCACHE_BASEDIR=$SOS_CACHE
	export CCACHE_DEPEND=1
}
# The work tree's base commits (scripts/worktree, scripts/move-base): a
# fixed identity and date make a base's commit id the same on every
# machine.  Use: env "${BASE_COMMIT_ENV[@]}" git commit...
BASE_COMMIT_ENV=(GIT_AUTHOR_NAME=Debian GIT_AUTHOR_EMAIL=debian-kernel@lists.debian.org
	GIT_COMMITTER_NAME=Debian GIT_COMMITTER_EMAIL=debian-kernel@lists.debian.org
	GIT_AUTHOR_DATE=2025-01-01T00:00:00Z GIT_COMMITTER_DATE=2025-01-01T00:00:00Z)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Install Debian packages that are missing (the machines are root; CI too).
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing Debian packages: ${missing[*]}"
	[ "$(id -u)" = 0 ] || die "need root to install ${missing[*]}"
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
}

BUILD_PKGS="gcc make flex bison bc libelf-dev libssl-dev cpio kmod xz-utils perl python3 ccache patch quilt git"
BOOT_PKGS="qemu-system-x86 busybox-static"
# An arm64 build (a fragment says "# Arch: arm64") cross-compiles and boots
# in qemu's virt machine; its guest gets Debian's arm64 busybox.
ARM64_PKGS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm"
# Compile checks only (no guest): i386 with the host's gcc -m32, riscv64
# and ppc64le with Debian's cross compilers.
RISCV64_PKGS="gcc-riscv64-linux-gnu"
PPC64LE_PKGS="gcc-powerpc64le-linux-gnu"

# kernel_version [MAKEFILE]: "VERSION.PATCHLEVEL.SUBLEVEL" of a kernel
# top-level Makefile (standard input without an argument), and its
# EXTRAVERSION if it has one ("7.3.0-rc7").
kernel_version() {
	awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} /^SUBLEVEL =/{s=$3}
	     /^EXTRAVERSION =/{e=$3} END{print v"."p"."s e}' "$@"
}

# deb_fetch PACKAGE VERSION: the path of Debian's PACKAGE at exactly
# VERSION, downloaded once into $SOS_CACHE/apt/debs with an apt
# configuration of its own (APT_CONFIG: none of /etc/apt's configuration,
# hooks or sources; its own sources list, package lists and cache under
# $SOS_CACHE/apt; Debian's archive keyring): the machine's apt state is
# not touched.  The suites: DEB_SUITES.
DEB_SUITES="bookworm bookworm-security trixie trixie-security sid experimental"
deb_fetch() {
	local pkg=$1 ver=$2 d=$SOS_CACHE/apt s f
	local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	f=$(ls "$d/debs/${pkg}_${ver//:/%3a}"_*.deb 2>/dev/null | head -1)
	if [ -z "$f" ]; then
		[ -f "$keyring" ] || need_pkgs debian-archive-keyring
		mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/debs" "$d/empty"
		for s in $DEB_SUITES; do
			case $s in
			*-security) echo "deb [signed-by=$keyring] http://deb.debian.org/debian-security $s main" ;;
			*) echo "deb [signed-by=$keyring] http://deb.debian.org/debian $s main" ;;
			esac
		done > "$d/sources.list"
		cat > "$d/apt.conf" <<-EOF
		Dir::Etc::main "/dev/null";
		Dir::Etc::parts "$d/empty";
		Dir::Etc::sourcelist "$d/sources.list";
		Dir::Etc::sourceparts "$d/empty";
		Dir::Etc::preferences "/dev/null";
		Dir::Etc::preferencesparts "$d/empty";
		Dir::Etc::trustedparts "$d/empty";
		Dir::State::Lists "$d/lists";
		Dir::Cache "$d/cache";
		APT::Architectures { "amd64"; };
		Acquire::Languages "none";
		APT::Sandbox::User "root";
		Acquire::Check-Valid-Until "false";
		EOF
		if ! (cd "$d/debs" && APT_CONFIG=$d/apt.conf apt-get download -qq "$pkg=$ver") >/dev/null 2>&1; then
			log "fetching the package lists of $DEB_SUITES (private to $d)"
			APT_CONFIG=$d/apt.conf apt-get update -qq >/dev/null ||
				die "apt-get update ($d/sources.list) failed"
			(cd "$d/debs" && APT_CONFIG=$d/apt.conf apt-get download -qq "$pkg=$ver") >/dev/null ||
				die "Debian's archive has no $pkg $ver (suites: $DEB_SUITES)"
		fi
		f=$(ls "$d/debs/${pkg}_${ver//:/%3a}"_*.deb | head -1)
		log "fetched $(basename "$f")"
	fi
	echo "$f"
}

# deb_source_tarball PACKAGE VERSION: the path of the kernel source tarball
# (/usr/src/PACKAGE.tar.xz) of Debian's linux-source PACKAGE at VERSION:
# the installed one when dpkg has exactly that version, otherwise taken
# out of the package deb_fetch gets, once, into $SOS_CACHE/apt.
deb_source_tarball() {
	local pkg=$1 ver=$2 deb t=$SOS_CACHE/apt/$1-$2.tar.xz
	if [ "$(dpkg-query -W -f='${Status} ${Version}' "$pkg" 2>/dev/null)" = "install ok installed $ver" ] &&
	   [ -f "/usr/src/$pkg.tar.xz" ]; then
		echo "/usr/src/$pkg.tar.xz"
		return
	fi
	if [ ! -f "$t" ]; then
		deb=$(deb_fetch "$pkg" "$ver") || exit 1
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" > "$t.$$" ||
			{ rm -f "$t.$$"; die "$deb has no /usr/src/$pkg.tar.xz"; }
		mv "$t.$$" "$t"
	fi
	echo "$t"
}

# arm64_busybox: the path of Debian's static busybox for arm64, unpacked
# once into $SOS_CACHE/arm64 (dpkg learns the arm64 architecture for it;
# nothing arm64 is installed).
arm64_busybox() {
	local d=$SOS_CACHE/arm64
	if [ ! -x "$d/bin/busybox" ]; then
		log "fetching busybox-static:arm64"
		if ! dpkg --print-foreign-architectures | grep -qx arm64; then
			dpkg --add-architecture arm64 || die "dpkg --add-architecture arm64 failed"
			apt-get update -qq >/dev/null || die "apt-get update failed"
		fi
		rm -rf "$d" && mkdir -p "$d/deb"
		(cd "$d/deb" && apt-get download -qq busybox-static:arm64 >/dev/null) ||
			die "apt-get download busybox-static:arm64 failed"
		dpkg-deb -x "$d"/deb/busybox-static_*_arm64.deb "$d" || die "cannot unpack busybox-static:arm64"
	fi
	echo "$d/bin/busybox"
}

# build_arch NAME: the architecture of a configured build (x86_64 or arm64).
build_arch() {
	if grep -qx 'CONFIG_ARM64=y' "$BUILD_DIR/$1/.config" 2>/dev/null; then
		echo arm64
	else
		echo x86_64
	fi
}

# kernel_image NAME: the path of a build's bootable kernel image.
kernel_image() {
	case $(build_arch "$1") in
	arm64) echo "$BUILD_DIR/$1/arch/arm64/boot/Image" ;;
	*) echo "$BUILD_DIR/$1/arch/x86/boot/bzImage" ;;
	esac
}

# build_def NAME: build NAME's line of configs/builds or
# configs/bench-builds ("NAME TREE FRAGMENT..."); nothing if none.
build_def() {
	awk -v n="$1" '$1 == n' "$ROOT/configs/builds" "$ROOT/configs/bench-builds"
}
# fragment_targets FILE...: the make targets of a compile-only build
# ("# Targets:" in one of its fragments, the last one wins), none for a
# whole kernel and none with SOS_LONG=1, where every build is a whole
# kernel.  build_targets NAME: the same for build NAME's fragments (and
# SOS_EXTRA_CONFIG's, which scripts/build merges too).
fragment_targets() {
	[ "${SOS_LONG:-}" != 1 ] || return 0
	sed -n 's/^# Targets: *//p' "$@" | tail -1
}
build_targets() {
	local f files=() frags
	read -r _ _ frags <<<"$(build_def "$1")"
	for f in $frags; do
		files+=("$ROOT/configs/$f.config")
	done
	for f in ${SOS_EXTRA_CONFIG:-}; do files+=("$f"); done
	[ ${#files[@]} = 0 ] || fragment_targets "${files[@]}"
}

# arch_make ARCH: make's variables for ARCH; arch_cc ARCH: its C compiler.
arch_make() {
	case $1 in
	arm64) echo ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- ;;
	i386) echo ARCH=i386 ;;
	riscv64) echo ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- ;;
	ppc64le) echo ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu- ;;
	*) echo ARCH=x86_64 ;;
	esac
}
arch_cc() {
	case $1 in
	arm64) echo aarch64-linux-gnu-gcc ;;
	riscv64) echo riscv64-linux-gnu-gcc ;;
	ppc64le) echo powerpc64le-linux-gnu-gcc ;;
	*) echo gcc ;;
	esac
}

# The names of the series for other bases (patches/NAME/ with a BASE file),
# one per line: the values SOS_SERIES takes besides the primary's "".
extra_series() {
	local b
	for b in "$ROOT"/patches/*/BASE; do
		[ -f "$b" ] && basename "$(dirname "$b")"
	done
	return 0
}

# The patch files named by the series file, in order.
series_patches() {
	[ -f "$SERIES_FILE" ] || return 0
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$SERIES_FILE" | while read -r p _; do
		echo "$PATCH_DIR/$p"
	done
}

# patch_exact DIR PATCH: apply PATCH to the tree DIR with patch -p1 as it
# was made: no fuzz, and every hunk at the line it names (a hunk that
# lands elsewhere, with an offset, may be in the wrong function without
# a reject).  On any fuzz, offset or reject, prints patch's own lines
# about it and returns 1; the tree is then partly patched.
patch_exact() {
	local out rc=0
	# --batch: no question on /dev/tty (a missing file is skipped, and
	# fails); --forward: a hunk that looks applied already is a reject.
	out=$(patch -p1 --batch --forward --fuzz=0 -d "$1" --no-backup-if-mismatch < "$2" 2>&1) || rc=$?
	# patch's lines about a hunk, each after the file it patches (without
	# -s, patch speaks of a hunk only when it did not apply exactly).
	out=$(awk -v p="$(basename "$2")" '
		/^patching file / { f = substr($0, 15); next }
		/^Hunk #[0-9]+ succeeded at / ||
		/FAILED|^Reversed|malformed|can.t find file|[Ii]gnored|garbage/ {
			print p ": " f ": " $0
		}' <<<"$out")
	if [ $rc != 0 ] || [ -n "$out" ]; then
		echo "${out:-$(basename "$2"): patch failed (status $rc)}" >&2
		return 1
	fi
}

# A short hash of everything that determines the patched source.
series_hash() {
	{ cat "$SERIES_FILE"; series_patches | xargs -r cat; cat "$BASE_DIR/BASE" 2>/dev/null; } |
		sha1sum | cut -c1-12
}

# tcg_one_thread NAME: whether scripts/boot runs build NAME's CPUs in one
# TCG thread (an x86 kernel with jump labels; scripts/boot says why), so
# that a boot keeps one host CPU busy, not all of them.
tcg_one_thread() {
	[ "$(build_arch "$1")" != arm64 ] && grep -qx 'CONFIG_JUMP_LABEL=y' "$BUILD_DIR/$1/.config" 2>/dev/null
}

# A scenario's metadata: the value of "# KEY: VALUE" among its leading
# comment lines (tools/testing/scenarios/README describes them).
scenario_meta() {
	awk -v k="$2" '!/^#/ { exit } index($0, "# " k ":") == 1 { sub(/^[^:]*: */, ""); print; exit }' "$1"
}

# scenario_meta_all FILE KEY: every value of KEY, one per line, for the keys
# that may be given several times (allow, line, kunit).
scenario_meta_all() {
	awk -v k="$2" '!/^#/ { exit } index($0, "# " k ":") == 1 { sub(/^[^:]*: */, ""); print }' "$1"
}

# judge_args SCENARIO LABEL: scripts/parse-console's arguments for a
# scenario's metadata (expect, panic, allow, line, kunit), one per line:
#   mapfile -t args < <(judge_args FILE LABEL)
judge_args() {
	local e k v
	e=$(scenario_meta "$1" expect)
	printf '%s\n' --name "$2" --expect "${e:-poweroff}"
	v=$(scenario_meta "$1" panic)
	[ -z "$v" ] || printf '%s\n' --panic "$v"
	for k in allow line kunit; do
		while IFS= read -r v; do
			[ -z "$v" ] || printf '%s\n' "--$k" "$v"
		done < <(scenario_meta_all "$1" $k)
	done
}
