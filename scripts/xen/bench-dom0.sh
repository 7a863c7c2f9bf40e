#!/bin/bash
# make bench's dom0 section: xl create with our kernel as PV dom0 against
# Debian's Linux 6.1 as PV dom0 (the test host, Documentation/xen-testhost.md),
# the same Xen, the same guest images, the same script in dom0
# (scripts/xen/bench-create-dom0.sh): our kernel and Linux, each as a PV and
# as a PVH domU, created, booted to init and powered off, three rounds.
# Both machines under QEMU -icount shift=0,align=off,sleep=off with two
# CPUs, 2 GiB, dom0_mem=512M, Xen's dom0_max_vcpus=1 dom0_vcpus_pin, and the
# guests on CPU 1: the Linux host first, then ours (make dom0's initramfs).
#
# usage: bench-dom0.sh HOSTDIR KERNEL INITRAMFS DOM0INITRD USERBUILD OUTDIR
#   HOSTDIR     the test host (make xenhost: build/xenhost); its Xen is used for both
#   KERNEL      our kernel: our dom0 and our guest
#   INITRAMFS   our guest's initramfs (with /etc/domubench.sh)
#   DOM0INITRD  our dom0's initramfs (make dom0: build/dom0/initramfs.cpio)
#   USERBUILD   init, diskbench, netbench (make -C user O=...)
#   OUTDIR      gets dom0.csv, dom0.md, dom0-linux.log and dom0-ours.log
# Exit status 0 when every figure was measured; otherwise dom0.md says
# what failed and the status is 1 (2: usage).
# See Documentation/benchmarks.md ("xl create: our dom0 against Linux's").
set -euo pipefail

[ $# -eq 6 ] || { echo "usage: $0 HOSTDIR KERNEL INITRAMFS DOM0INITRD USERBUILD OUTDIR" >&2; exit 2; }
hostdir=$1 kernel=$2 initramfs=$3 dom0initrd=$4 userbuild=$5 out=$6
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
md=$out/dom0.md csv=$out/dom0.csv
rm -f "$md" "$csv"
title="### xl create: our dom0 against Linux's, the same guests"

fail() {
	echo "bench-dom0: $*" >&2
	[ -e "$md" ] || printf '%s\n\nNot measured: %s\n' "$title" "$*" >"$md"
	exit 1
}

for f in "$hostdir/linux-dom0.vmlinuz" "$hostdir/linux-domu.cpio.gz" "$hostdir/xen-4.17" "$kernel" \
	"$initramfs" "$dom0initrd" "$userbuild/init" "$userbuild/netbench"; do
	[ -s "$f" ] || fail "$f is missing (make xenhost; make initramfs; make dom0)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-dom0.XXXXXX")
qpid=
trap '[ -z "$qpid" ] || kill $qpid 2>/dev/null; rm -rf "$tmp"' EXIT

# The files both dom0s get in /host.
mkdir -p "$tmp/root/host"
bash "$here/mk-linux-bench-cpio.sh" "$hostdir" "$userbuild" "$tmp/root/host/linux-bench.cpio" ||
	fail "could not make the Linux guest's initramfs (scripts/xen/mk-linux-bench-cpio.sh)"
cp "$kernel" "$tmp/root/host/kernel"
cp "$initramfs" "$tmp/root/host/initramfs.cpio"
cp "$hostdir/linux-dom0.vmlinuz" "$tmp/root/host/linux.vmlinuz"
cp "$userbuild/netbench" "$tmp/root/host/netbench"
install -m 0755 "$here/bench-create-dom0.sh" "$tmp/root/host/run"

export QEMU_ACCEL="-accel tcg -icount shift=0,align=off,sleep=off"
export XEN_EXTRA_ARGS="dom0_max_vcpus=1 dom0_vcpus_pin"
start=$(date +%s)

# ---------------------------------------------------------------- Linux's dom0
echo "bench-dom0: the Linux dom0 test host under QEMU -icount: four guests, three rounds"
set +e
bash "$here/run-host.sh" --timeout 1800 "$hostdir" "$here/bench-create-dom0.sh" \
	"$tmp/root/host/kernel" "$tmp/root/host/initramfs.cpio" "$tmp/root/host/linux.vmlinuz" \
	"$tmp/root/host/linux-bench.cpio" "$tmp/root/host/netbench" >"$out/dom0-linux.log" 2>&1
rc=$?
set -e
[ $rc = 0 ] || fail "the Linux dom0 run ended with status $rc (200: hang, 201: the host broke; the script: $(tr -d '\r' <"$out/dom0-linux.log" | grep -a '^benchcreate: [a-z0-9-]*: FAILED' | head -n 1)); see $out/dom0-linux.log"

# ---------------------------------------------------------------- our dom0
# make dom0's initramfs with /host after it; booted as make run XEN=pv
# DOM0=xl does, its shell then runs the script as typed input.
echo "bench-dom0: our PV dom0 (make dom0) under QEMU -icount: the same"
(cd "$tmp/root" && find host | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0) >"$tmp/host.cpio"
cat "$dom0initrd" "$tmp/host.cpio" >"$tmp/dom0.cpio"
log=$out/dom0-ours.log
mkfifo "$tmp/in"
QEMU_MEM=2048 QEMU_SMP=2 DOM0_MEM=512M,max:512M sh "$here/run-xen.sh" --test --stdin --timeout 1800 \
	"$hostdir/xen-4.17" "$kernel" "isa_debug_exit=0xf4" "$tmp/dom0.cpio" <"$tmp/in" >"$log" 2>&1 &
qpid=$!
exec 4>"$tmp/in"
ready=
for ((i = 0; i < 12000; i++)); do
	ready=$(tr -d '\r' <"$log" | grep -a -m1 -E '^dom0: (ready|not ready)' || true)
	[ -n "$ready" ] && break
	kill -0 $qpid 2>/dev/null || break
	sleep 0.1
done
if [ "$ready" != "dom0: ready" ]; then
	fail "our dom0 did not come up: ${ready:-no \"dom0: ready\" line}; see $log"
fi
sleep 2 # the shell's prompt
printf '%s\r' "sh /host/run; echo bench-dom0-status-\$?; poweroff -f" >&4
for ((i = 0; i < 18000; i++)); do
	kill -0 $qpid 2>/dev/null || break
	sleep 0.1
done
kill $qpid 2>/dev/null || true
wait $qpid 2>/dev/null || true
qpid=
exec 4>&-
status=$(tr -d '\r' <"$log" | sed -n 's/^bench-dom0-status-\([0-9]*\)$/\1/p' | tail -n 1)
[ "$status" = 0 ] || fail "the script in our dom0 ended with status ${status:-none (it did not finish)}: $(tr -d '\r' <"$log" | grep -a '^benchcreate: [a-z0-9-]*: FAILED' | head -n 1); see $log"
wall=$(($(date +%s) - start))

# ---------------------------------------------------------------- the figures
# value LOG NAME KEY: "benchcreate: NAME KEY V" of dom0's script.
value() {
	local v
	v=$(tr -d '\r' <"$1" | awk -v g="$2" -v k="$3" '$1 == "benchcreate:" && $2 == g && $3 == k { print $4; exit }')
	[[ $v =~ ^[0-9]+$ ]] || fail "no '$3' for $2 in $1"
	echo "$v"
}
# init LOG NAME KEY: KEY's value on the guest's "init: domubench: started" line.
init() {
	local v
	v=$(tr -d '\r' <"$1" | awk -v p="benchcreate: $2 | init: domubench: started " -v k="$3" 'index($0, p) == 1 {
		for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }')
	[[ $v =~ ^[0-9]+$ ]] || fail "no '$3' on the init line of $2 in $1"
	echo "$v"
}

rounds=3
guests="pvkernel pvhkernel linux linuxpvh"
declare -A label=([pvkernel]="ours, PV" [pvhkernel]="ours, PVH" [linux]="Linux, PV" [linuxpvh]="Linux, PVH")
echo "guest,dom0,round,create_to_init_ns,create_to_gone_ns,guest_boot_ns" >"$csv"
for d in linux ours; do
	for g in $guests; do
		for ((r = 1; r <= rounds; r++)); do
			f=$out/dom0-$d.log n=$g-$r
			c=$(value "$f" $n create_realtime_ns)
			gone=$(value "$f" $n gone_realtime_ns)
			irt=$(init "$f" $n realtime_ns)
			imono=$(init "$f" $n monotonic_ns)
			echo "$g,$d,$r,$((irt - c)),$((gone - c)),$imono" >>"$csv"
		done
	done
done

# figure GUEST DOM0 COLUMN: "mean (min-max)" in ms over the rounds.
figure() {
	awk -F, -v g="$1" -v d="$2" -v c="$3" '$1 == g && $2 == d {
		v = $c / 1e6; s += v; n++; if (n == 1 || v < lo) lo = v; if (n == 1 || v > hi) hi = v }
		END { printf "%.1f (%.1f-%.1f)", s / n, lo, hi }' "$csv"
}
mean() {
	awk -F, -v g="$1" -v d="$2" -v c="$3" '$1 == g && $2 == d { s += $c; n++ } END { printf "%.6f", s / n }' "$csv"
}
ratio() { awk -v a="$(mean "$1" ours "$2")" -v b="$(mean "$1" linux "$2")" 'BEGIN { printf "%.2f", a / b }'; }

qemu=$(qemu-system-x86_64 --version | head -n 1)
xenv=$(cat "$hostdir/xen-4.17.version")
linuxv=$(cat "$hostdir/linux-dom0.version")
ours=$(cd "$here/../.." && git describe --always --dirty 2>/dev/null || echo unknown)
{
	echo "$title"
	echo
	echo "Measured $(date -u +%Y-%m-%d) with $qemu, TCG, \`-icount shift=0,align=off,sleep=off\`, Xen $xenv, two CPUs, 2 GiB, \`dom0_mem=512M\`, \`dom0_max_vcpus=1 dom0_vcpus_pin\`."
	echo "dom0 is either Debian's $linuxv (the test host, \`build/xenhost\`) or our kernel ($ours) with Debian's toolstack (\`make dom0\`); both run \`scripts/xen/bench-create-dom0.sh\`, and the same four guests three times over: our kernel and Debian's Linux, each as a PV and as a PVH domU (the same image both ways), 128 MiB, one vCPU on CPU 1, no devices, init's first line then power-off."
	echo "Times are virtual (1 ns per instruction executed by either CPU, Xen and both domains included); mean over the rounds, (min-max) after it, in ms."
	echo "\"to init\": dom0's CLOCK_REALTIME before \`xl create\` against the guest's at the start of init's main(); Linux's guest clock can lag dom0's by up to 0.1 s at boot (the domU section measures it through the network, which these guests do not have), so its \"to init\" figures are good to about that. \"until gone\": dom0's clock before \`xl create -F\` and after it returned, with the domain destroyed: no guest clock involved."
	echo
	echo "| guest | to init, Linux dom0 | to init, our dom0 | ours/Linux | until gone, Linux dom0 | until gone, our dom0 | ours/Linux | guest's own boot (its CLOCK_MONOTONIC at init), Linux dom0 / ours |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	for g in $guests; do
		echo "| ${label[$g]} | $(figure $g linux 4) | $(figure $g ours 4) | $(ratio $g 4) | $(figure $g linux 5) | $(figure $g ours 5) | $(ratio $g 5) | $(awk -v a="$(mean $g linux 6)" -v b="$(mean $g ours 6)" 'BEGIN { printf "%.1f / %.1f", a / 1e6, b / 1e6 }') |"
	done
	echo
	echo "This section ran ${wall} s (wall clock)."
} >"$md"
cat "$md"
echo "bench-dom0: wrote $csv $md"
