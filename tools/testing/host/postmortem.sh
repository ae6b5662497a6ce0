#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Post-mortem access to the owner snapshot, end to end, on the debug build
# (DWARF 5, configs/debuginfo.config; gdb scripts; kexec and crash dumps,
# configs/kdump.config).  Two boots:
# 1. tools/testing/postmortem/postmortem-hang.sh: an ABBA hang and a lock
#    leaked by a sleeping kthread.  At SOS-DUMP-NOW gdb attaches through
#    qemu's gdbstub and runs the kernel's lx-lock-owners, and looks up
#    the addresses the guest printed with %pS; then qemu's
#    dump-guest-memory writes a vmcore (ELF, with the guest's vmcoreinfo)
#    that tools/drgn/lock_owners.py reads.
# 2. (--long) tools/testing/postmortem/kdump-hang.sh: kdump as a user runs it.  The
#    guest loads a crash kernel (this kernel) with Debian's kexec-tools,
#    hangs the same way, and the soft lockup detector panics; the panic
#    prints the snapshot before the crash kernel runs; the crash kernel
#    (kdump-capture.sh) saves /proc/vmcore with makedumpfile -d 31,
#    flattened, to its second serial port, a file here; makedumpfile -R
#    makes it a kdump-compressed vmcore, which drgn reads.
# Each tool's output must be a snapshot that lock-owners reads unchanged:
# the ABBA cycle with both pids and both locks, the leaked lock with its
# holder's pid, and every sos_abba and sos_leak line that the guest's own
# /proc/lock_owners showed (the ms column aside: the dump is later).
# One "ok/FAIL postmortem:NAME" line each; the guests' own results too.
# The vmcores are deleted at the end.
set -euo pipefail
. "$ROOT/scripts/lib.sh"
need_pkgs python3-drgn gcc make binutils gdb kexec-tools makedumpfile cpio

b=${1:-debug}	# another build name for a trial run
out=$BUILD_DIR/$b
if ! grep -qx 'CONFIG_DEBUG_INFO_DWARF5=y' "$out/.config" 2>/dev/null; then
	echo "FAIL postmortem:build: $out has no DWARF 5 debug info (configs/debuginfo.config)"
	exit 0
fi
tmp=$(mktemp -d)
boot=""
trap 'kill $boot 2>/dev/null || true; rm -rf "$tmp"; rm -f "${vmcore:-}" "${kvmcore:-}"' EXIT
make -s -C "$ROOT/tools/lock-owners" OUTPUT="$tmp/" > "$tmp/make.log" 2>&1 ||
	{ echo "FAIL postmortem:lock-owners-build: $(tail -1 "$tmp/make.log")"; exit 0; }
lo=$tmp/lock-owners

export RUN_ID=${RUN_ID:-$(date +%Y%m%d-%H%M%S)}
sock=$tmp/monitor.sock

# monitor COMMAND...: run HMP commands, each to its next prompt.
monitor() {
	/usr/bin/python3 - "$sock" "$@" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
for _ in range(100):
    try:
        s.connect(sys.argv[1])
        break
    except OSError:
        time.sleep(0.1)
s.settimeout(600)
buf = b""
def prompt():
    global buf
    while b"(qemu) " not in buf:
        d = s.recv(65536)
        if not d:
            sys.exit("monitor closed")
        buf += d
    out, buf = buf.split(b"(qemu) ", 1)
    return out
prompt()
for c in sys.argv[2:]:
    s.sendall(c.encode() + b"\n")
    sys.stdout.write(prompt().decode(errors="replace"))
PY
}

# A snapshot's lines of the test's locks (by symbol: an interrupt's lock
# on a sos_abba CPU has its comm), the ms column blanked.
ourlines() { awk '$5 ~ /^sos_(abba|leak)/ { $9 = "-"; print }' "$@"; }
# facts DIR: the pids of the threads and of the sleeper, and the lines of
# the guest's /proc/lock_owners (SOS-PROC) in DIR/proc.txt; false if any
# is missing.
facts() {
	P0=$(sed -n 's/.*sos_abba: thread 0 pid \([0-9]*\) .*/\1/p' "$1/console.log")
	P1=$(sed -n 's/.*sos_abba: thread 1 pid \([0-9]*\) .*/\1/p' "$1/console.log")
	sed -n 's/.*SOS-PROC //p' "$1/console.log" | tr -d '\r' > "$1/proc.txt"
	ourlines "$1/proc.txt" > "$tmp/proc-abba"
	SL=$(awk '$3 == "leaked" && $5 ~ /^sos_leak\[/ { print $7 }' "$1/proc.txt")
	[ "$(echo "$SL" | wc -l)" = 1 ] || SL=""	# exactly one such line
	if [ -z "$P0" ] || [ -z "$P1" ] || [ -z "$SL" ]; then
		echo "FAIL postmortem:$2-pids: no sos_abba thread lines in the console, or not one leaked line in its /proc/lock_owners"
		return 1
	fi
}

# check NAME OUTPUT: OUTPUT (a snapshot from a tool) against the guest's.
check() {
	local n=$1 f=$2 rc=0
	"$lo" "$f" > "$tmp/$n.lo" 2>&1 || rc=$?
	if [ $rc = 3 ] && grep -qE "pid $P0 \(sos_abba/0\) holds sos_abba_a" "$tmp/$n.lo" &&
	   grep -qE "pid $P1 \(sos_abba/1\) holds sos_abba_b" "$tmp/$n.lo"; then
		echo "ok postmortem:$n-cycle"
	else
		echo "FAIL postmortem:$n-cycle: lock-owners exit $rc: $(head -3 "$tmp/$n.lo" | tr '\n' ' ')"
	fi
	if grep -qE "^3 task leaked [^ ]+ sos_leak\[sos_panic\] spin $SL sos_sleeper/3 [0-9]+ sos_sleeper_fn\+" "$f"; then
		echo "ok postmortem:$n-leaked"
	else
		echo "FAIL postmortem:$n-leaked: no leaked sos_leak line of pid $SL"
	fi
	ourlines "$f" > "$tmp/$n-abba"
	if [ -s "$tmp/proc-abba" ] && [ "$(sort "$tmp/proc-abba")" = "$(sort "$tmp/$n-abba")" ]; then
		echo "ok postmortem:$n-same-lines"
	else
		echo "FAIL postmortem:$n-same-lines: /proc had $(wc -l < "$tmp/proc-abba") sos_abba/sos_leak lines, $n $(wc -l < "$tmp/$n-abba"); diff: $(diff "$tmp/proc-abba" "$tmp/$n-abba" | head -4 | tr '\n' ' ')"
	fi
}
# judge NAME SCENARIO LOG: a guest's console as scripts/test judges it
# (splats, expected end, its SOS-RESULT lines), with SCENARIO's metadata.
judge() {
	local args
	mapfile -t args < <(judge_args "$2" "postmortem:$1")
	"$ROOT/scripts/parse-console" "$3" "${args[@]}" > "$tmp/verdict" 2>&1 || true
	grep -E '^(ok|FAIL|skip|done|#) ' "$tmp/verdict" ||
		echo "FAIL postmortem:$1: parse-console said: $(tail -1 "$tmp/verdict")"
}

# 1. The hang: gdb, then qemu's dump and drgn.
hang() {
	local dir=$RESULTS_DIR/$RUN_ID/postmortem-hang gdbrc=0 rc=0 port
	port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	rm -f "$dir/console.log"
	"$ROOT/scripts/boot" "$b" --test postmortem-hang --monitor "$sock" --gdb "$port" \
		> "$tmp/boot.out" 2> "$tmp/boot.log" &
	boot=$!
	# Wait for the guest's signal (or for its end: boot's timeout).
	until grep -q 'SOS-DUMP-NOW' "$dir/console.log" 2>/dev/null; do
		if ! kill -0 $boot 2>/dev/null; then
			echo "FAIL postmortem:hang: no SOS-DUMP-NOW in $dir/console.log"
			wait $boot || true
			boot=""
			return 0
		fi
		sleep 0.1
	done
	# Stop the guest at once.  gdb attaches to it stopped, writes
	# lx-lock-owners' output and its symbol lookup of the addresses
	# that the guest printed with %pS (SOS-KSYM lines), has qemu write
	# the vmcore of the same memory, and detaches: the guest goes on.
	vmcore=$dir/vmcore
	rm -f "$vmcore"
	monitor stop > "$dir/monitor.log" 2>&1 || true
	sed -n 's/.*SOS-KSYM //p' "$dir/console.log" | tr -d '\r' > "$dir/ksym.txt"
	rm -f "$dir/gdb.txt" "$dir/gdb-ksym.txt"
	cat > "$tmp/gdb.py" <<PY
import gdb
from linux import lock_owners
open("$dir/gdb.txt", "w").write(gdb.execute("lx-lock-owners", to_string=True))
k = lock_owners.Kallsyms()
with open("$dir/gdb-ksym.txt", "w") as f:
    for line in open("$dir/ksym.txt"):
        a, off = line.split()[:2]
        f.write("%s %s %s\n" % (a, off, k.symbol(int(a, 16) + int(off, 16), True)))
PY
	start=$SECONDS
	timeout 600 gdb -batch -nx -q -iex "set auto-load python-scripts off" \
		-ex "file $out/vmlinux" -ex "source $out/vmlinux-gdb.py" \
		-ex "set remotetimeout 600" -ex "target remote 127.0.0.1:$port" \
		-ex "source $tmp/gdb.py" -ex "monitor dump-guest-memory $vmcore" \
		-ex detach > "$dir/gdb.err" 2>&1 || gdbrc=$?
	log "postmortem: gdb and dump-guest-memory took $((SECONDS - start))s, $(du -h "$vmcore" 2>/dev/null | cut -f1)"
	wait $boot || true
	boot=""
	judge guest "$ROOT/tools/testing/postmortem/postmortem-hang.sh" "$dir/console.log"

	facts "$dir" hang || return 0
	if [ $gdbrc != 0 ] || [ ! -s "$dir/gdb.txt" ]; then
		echo "FAIL postmortem:gdb-runs: exit $gdbrc: $(grep -v '^warning' "$dir/gdb.err" | tail -2 | tr '\n' ' ')"
	elif grep -q '^lx-lock-owners:' "$dir/gdb.txt"; then
		echo "FAIL postmortem:gdb-runs: $(grep -m1 '^lx-lock-owners:' "$dir/gdb.txt")"
	else
		echo "done postmortem:gdb-runs"
		check gdb "$dir/gdb.txt"
		# The kernel's "name+0x4/0x20 [mod]" is the file's "name+0x4/0x20[mod]".
		sed 's/ \[/[/' "$dir/ksym.txt" > "$tmp/ksym-want"
		if [ "$(wc -l < "$tmp/ksym-want")" -ge 5 ] && cmp -s "$tmp/ksym-want" "$dir/gdb-ksym.txt"; then
			echo "ok postmortem:gdb-symbols"
		else
			echo "FAIL postmortem:gdb-symbols: $(wc -l < "$tmp/ksym-want") addresses; diff: $(diff "$tmp/ksym-want" "$dir/gdb-ksym.txt" 2>&1 | head -4 | tr '\n' ' ')"
		fi
	fi

	if [ ! -s "$vmcore" ]; then
		echo "FAIL postmortem:vmcore: no vmcore ($(grep -v '^warning' "$dir/gdb.err" | tail -2 | tr '\n' ' '))"
		return 0
	fi
	echo "done postmortem:vmcore"
	# qemu's ELF dump has only physical addresses (vaddr = paddr); drgn
	# 0.0.22 reads the kernel through its image mapping, which the dump
	# lacks.
	/usr/bin/python3 "$ROOT/tools/drgn/qemu-kimage.py" "$vmcore" \
		"$(nm "$out/vmlinux" | awk '$3 == "_end" { print $1 }')" > "$dir/drgn.err" 2>&1 || rc=$?
	[ $rc = 0 ] || echo "FAIL postmortem:kimage: $(tail -1 "$dir/drgn.err")"
	[ $rc != 0 ] || drgn -q -c "$vmcore" -s "$out/vmlinux" "$ROOT/tools/drgn/lock_owners.py" \
		> "$dir/drgn.txt" 2>> "$dir/drgn.err" || rc=$?
	if [ $rc = 0 ]; then
		echo "done postmortem:drgn-runs"
		check drgn "$dir/drgn.txt"
		# gdb and drgn read the same stopped memory: the same lines, to
		# the last column.
		if cmp -s "$dir/gdb.txt" "$dir/drgn.txt"; then
			echo "ok postmortem:gdb-drgn-identical"
		else
			echo "FAIL postmortem:gdb-drgn-identical: $(diff "$dir/gdb.txt" "$dir/drgn.txt" | head -4 | tr '\n' ' ')"
		fi
	else
		echo "FAIL postmortem:drgn-runs: exit $rc: $(tail -2 "$dir/drgn.err" | tr '\n' ' ')"
	fi
}

# 2. kdump.  The guest's additions: kexec and makedumpfile with their
# libraries; the kernel and the crash kernel's initramfs (the guest's
# own, with the tools) in /boot.
kdump() {
	local kd=$RESULTS_DIR/$RUN_ID/kdump-hang st=$tmp/tools x rc=0 n
	"$ROOT/scripts/initramfs" "$b"
	mkdir -p "$st/bin" "$st/lib64" "$tmp/boot/boot"
	for x in /sbin/kexec /usr/bin/makedumpfile; do
		cp "$x" "$st/bin/"
		ldd "$x" | awk '$3 ~ /^\// { print $3 }'
	done | sort -u | while IFS= read -r x; do
		mkdir -p "$st${x%/*}"
		cp "$x" "$st$x"
	done
	cp /lib64/ld-linux-x86-64.so.2 "$st/lib64/"
	(cd "$st" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$tmp/tools.cpio.gz"
	cp "$(kernel_image "$b")" "$tmp/boot/boot/bzImage"
	cat "$out/initramfs.cpio.gz" "$tmp/tools.cpio.gz" > "$tmp/boot/boot/capture.cpio.gz"
	(cd "$tmp/boot" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$tmp/boot.cpio.gz"
	kvmcore=$kd/vmcore
	rm -f "$kd/console.log" "$kvmcore"
	start=$SECONDS
	"$ROOT/scripts/boot" "$b" --test kdump-hang --initrd-add "$tmp/tools.cpio.gz" \
		--initrd-add "$tmp/boot.cpio.gz" --serial2 "$tmp/vmcore.flat" \
		> "$tmp/kboot.out" 2> "$tmp/kboot.log" || true
	log "postmortem: kdump boot took $((SECONDS - start))s, $(du -h "$tmp/vmcore.flat" 2>/dev/null | cut -f1) flattened"
	if [ ! -s "$kd/console.log" ]; then
		echo "FAIL postmortem:kdump-boot: no console log ($(tail -1 "$tmp/kboot.log"))"
		return 0
	fi
	# Each kernel's console on its own: the one that hangs up to its
	# panic, then the crash kernel from its first line.
	n=$(grep -an 'Linux version' "$kd/console.log" | sed -n '2s/:.*//p')
	head -n $((${n:-0} - 1)) "$kd/console.log" > "$kd/console-hang.log"
	[ -z "$n" ] || tail -n +"$n" "$kd/console.log" > "$kd/console-capture.log"
	judge kdump-guest "$ROOT/tools/testing/postmortem/kdump-hang.sh" "$kd/console-hang.log"
	if [ -z "$n" ]; then
		echo "FAIL postmortem:kdump-capture: no crash kernel booted"
		return 0
	fi
	judge kdump-capture "$ROOT/tools/testing/postmortem/kdump-capture.sh" "$kd/console-capture.log"
	# Debian 12's makedumpfile (1.7.2) predates the kernel and says so.
	grep -q 'The kernel version is not supported' "$kd/console-capture.log" &&
		echo "# postmortem: makedumpfile $(makedumpfile -v 2>&1 | sed -n 's/^makedumpfile: version \([^ ]*\).*/\1/p') warns that it does not know this kernel version"
	facts "$kd" kdump || return 0
	# The panic's own dump (__crash_kexec()): between the panic line and
	# the crash kernel's first line, both held locks and the leaked one.
	awk '/Kernel panic - not syncing: softlockup: hung tasks/ { p = 1 } /Linux version/ && p { exit } p' \
		"$kd/console.log" > "$tmp/kpanic"
	if grep -qE " task held [^ ]+ sos_abba_a\[sos_abba\] spin $P0 sos_abba/0 " "$tmp/kpanic" &&
	   grep -qE " task held [^ ]+ sos_abba_b\[sos_abba\] spin $P1 sos_abba/1 " "$tmp/kpanic" &&
	   grep -qE " 3 task leaked [^ ]+ sos_leak\[sos_panic\] spin $SL sos_sleeper/3 " "$tmp/kpanic"; then
		echo "ok postmortem:kdump-panic-dump"
	else
		echo "FAIL postmortem:kdump-panic-dump: no panic, or its snapshot lacks a held or the leaked line"
	fi
	grep -q 'SOS-END kdump-capture 0' "$kd/console-capture.log" || return 0
	if ! makedumpfile -R "$kvmcore" < "$tmp/vmcore.flat" > "$kd/makedumpfile.log" 2>&1; then
		echo "FAIL postmortem:kdump-vmcore: makedumpfile -R: $(tail -1 "$kd/makedumpfile.log")"
		return 0
	fi
	echo "done postmortem:kdump-vmcore"
	drgn -q -c "$kvmcore" -s "$out/vmlinux" "$ROOT/tools/drgn/lock_owners.py" \
		> "$kd/drgn.txt" 2> "$kd/drgn.err" || rc=$?
	if [ $rc = 0 ]; then
		echo "done postmortem:kdump-drgn-runs"
		check kdump-drgn "$kd/drgn.txt"
	else
		echo "FAIL postmortem:kdump-drgn-runs: exit $rc: $(tail -2 "$kd/drgn.err" | tr '\n' ' ')"
	fi
}

hang
rm -f "${vmcore:-}"
# The kdump boot takes about 165 s, 100 of them the crash kernel
# writing 21 MB through an emulated serial port: --long only.
if [ "${SOS_LONG:-}" = 1 ]; then
	kdump
else
	echo "skip postmortem:kdump: with --long only (a boot of about 165 s)"
fi
rm -f "${kvmcore:-}" "$tmp/vmcore.flat"
