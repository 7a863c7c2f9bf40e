#!/bin/bash
# make bench's domU rows: our kernel and Debian's Linux 6.1, each as a Xen
# PV and as a PVH domU under the Linux dom0 test host
# (Documentation/xen-testhost.md), one after the other in the same boot of
# the host, under QEMU -icount shift=0,align=off,sleep=off. All four guests
# run the same static programs
# (user/diskbench.c, user/netbench.c) from the same init (user/init.c, mode
# "domubench", which runs user/domubench.sh); dom0 runs
# scripts/xen/bench-domu-dom0.sh and "netbench peer".
#
# usage: bench-domu.sh HOSTDIR KERNEL INITRAMFS USERBUILD OUTDIR
#   HOSTDIR    the test host (make xenhost: build/xenhost)
#   KERNEL     our kernel; INITRAMFS its initramfs (with /etc/domubench.sh)
#   USERBUILD  init, diskbench, netbench (make -C user O=...)
#   OUTDIR     gets domu.csv, domu.md, domu.svg (gnuplot permitting) and
#              domu-host.log (the host's serial log: both guests' consoles)
# Exit status 0 when every figure was measured; otherwise domu.md says what
# failed, no figure is written, and the status is 1 (2: usage).
# See Documentation/benchmarks.md ("Xen PV domU against Linux").
set -euo pipefail

[ $# -eq 5 ] || { echo "usage: $0 HOSTDIR KERNEL INITRAMFS USERBUILD OUTDIR" >&2; exit 2; }
hostdir=$1 kernel=$2 initramfs=$3 userbuild=$4 out=$5
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
md=$out/domu.md csv=$out/domu.csv log=$out/domu-host.log
rm -f "$md" "$csv" "$out/domu.svg"

# fail WHY: the bench did not measure; say so where the figures would be
# (the first reason stays: a failure inside $(...) may be followed by more).
fail() {
	echo "bench-domu: $*" >&2
	[ -e "$md" ] || {
		echo "### Xen domU: our kernel against Linux, PV and PVH, side by side"
		echo
		echo "Not measured: $*"
	} >"$md"
	exit 1
}

for f in "$hostdir/linux-dom0.vmlinuz" "$hostdir/linux-domu.cpio.gz" "$kernel" "$initramfs" \
	"$userbuild/init" "$userbuild/diskbench" "$userbuild/netbench"; do
	[ -s "$f" ] || fail "$f is missing (make xenhost; make initramfs)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-domu.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The Linux guest's initramfs: the host's domU archive and our init and programs.
bash "$here/mk-linux-bench-cpio.sh" "$hostdir" "$userbuild" "$tmp/linux-bench.cpio" ||
	fail "could not make the Linux guest's initramfs (scripts/xen/mk-linux-bench-cpio.sh)"
cp "$kernel" "$tmp/kernel"
cp "$initramfs" "$tmp/initramfs.cpio"
cp "$userbuild/netbench" "$tmp/netbench"

echo "bench-domu: booting the test host under QEMU -icount (our kernel, then Linux, as PV and PVH domUs)"
start=$(date +%s)
set +e
QEMU_ACCEL="-accel tcg -icount shift=0,align=off,sleep=off" \
XEN_EXTRA_ARGS="dom0_max_vcpus=1 dom0_vcpus_pin" \
	bash "$here/run-host.sh" --timeout 2400 "$hostdir" "$here/bench-domu-dom0.sh" \
	"$tmp/kernel" "$tmp/initramfs.cpio" "$hostdir/linux-dom0.vmlinuz" "$tmp/linux-bench.cpio" \
	"$tmp/netbench" >"$log" 2>&1
rc=$?
set -e
wall=$(($(date +%s) - start))
echo "bench-domu: the host ran ${wall} s (wall), run-host.sh status $rc"
tr -d '\r' <"$log" | grep -a '^benchdomu: [a-z]*: ' || true
if [ $rc != 0 ]; then
	why=$(tr -d '\r' <"$log" | grep -a '^benchdomu: [a-z]*: FAILED' | sed 's/^benchdomu: //' | tr '\n' ' ')
	case $rc in
	200) fail "the test host hung (no verdict within 2400 s); see $log" ;;
	201) fail "the test host broke (Xen or dom0 failed, or its setup did); see $log" ;;
	*) fail "${why:-the dom0 script failed with status $rc}(see $log)" ;;
	esac
fi

# ---------------------------------------------------------------- the figures

lines=$tmp/lines
tr -d '\r' <"$log" | grep -a '^benchdomu: ' >"$lines" || true

# get GUEST PREFIX KEY: the word after KEY on the first console line of
# GUEST that starts with PREFIX; a missing one ends the bench.
get() {
	local v
	v=$(awk -v p="benchdomu: $1 | $2 " -v k="$3" 'index($0, p) == 1 {
		for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }' "$lines")
	[ -n "$v" ] || fail "no '$3' on a line '$2 ...' of the $1 guest in $log"
	echo "$v"
}
# dom0 GUEST KEY: a line "benchdomu: GUEST KEY VALUE" of dom0's script.
dom0() {
	local v
	v=$(awk -v g="$1" -v k="$2" '$1 == "benchdomu:" && $2 == g && $3 == k { print $4; exit }' "$lines")
	[ -n "$v" ] || fail "no '$2' for the $1 guest in $log"
	echo "$v"
}
int() { [[ $2 =~ ^-?[0-9]+$ ]] || fail "$1: '$2' is not a whole number"; echo "$2"; }

# The guests, in the order of the table's columns: ours as PV and PVH,
# Linux as PV and PVH (the same image each, type = "pv" or "pvh").
guests="pvkernel pvhkernel linux linuxpvh"
declare -A V
for g in $guests; do
	created=$(int create "$(dom0 $g create_realtime_ns)")
	init_rt=$(int init "$(get $g 'init: domubench: started' realtime_ns)")
	init_mono=$(int init "$(get $g 'init: domubench: started' monotonic_ns)")
	ready_rt=$(int ready "$(get $g 'domubench: devices ready' realtime_ns)")
	off=$(int offset "$(get $g 'netbench: clock' offset_ns)")
	off_end=$(int offset "$(get $g 'netbench: clock_end' offset_ns)")
	V[$g,clock_offset]=$off
	V[$g,clock_rtt]=$(int rtt "$(get $g 'netbench: clock' rtt_ns)")
	V[$g,clock_drift]=$((off_end - off))
	# The guest's clock moved onto dom0's by the offset netbench measured.
	V[$g,create_init]=$((init_rt + off - created))
	V[$g,create_ready]=$((ready_rt + off - created))
	V[$g,boot_init]=$init_mono
	V[$g,create_kernel]=$((init_rt + off - created - init_mono))
	for ph in seq_write seq_read rand_write rand_read; do
		V[$g,$ph,ns]=$(int $ph "$(get $g "diskbench: $ph" ns)")
		V[$g,$ph,bytes]=$(int $ph "$(get $g "diskbench: $ph" bytes)")
		V[$g,$ph,ops]=$(int $ph "$(get $g "diskbench: $ph" ops)")
		V[$g,$ph,block]=$(int $ph "$(get $g "diskbench: $ph" block)")
	done
	for k in count received min_ns avg_ns max_ns; do
		V[$g,ping,$k]=$(int ping "$(get $g 'netbench: ping' $k)")
	done
	for d in udp_tx udp_rx; do
		for k in size sent received span_ns; do
			V[$g,$d,$k]=$(int $d "$(get $g "netbench: $d" $k)")
		done
	done
	V[$g,udp_tx,retries]=$(int retries "$(get $g 'netbench: udp_tx' retries)")
done
# The sizes must be the same in every guest, or the rows compare nothing.
for k in seq_write,bytes seq_write,block rand_read,ops ping,count udp_tx,sent udp_tx,size udp_rx,sent; do
	for g in $guests; do
		[ "${V[pvkernel,$k]}" = "${V[$g,$k]}" ] ||
			fail "the guests did different work: $k is ${V[pvkernel,$k]} in ours (PV), ${V[$g,$k]} in $g"
	done
done

# row KEY NAME UNIT BETTER OURS LINUX: one line of the CSV and of the table.
rows=$tmp/rows
: >"$rows"
ms() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e6 }'; }
us() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e3 }'; }
mib_s() { awk -v b="$1" -v n="$2" 'BEGIN { printf "%.1f", b / 1048576 / (n / 1e9) }'; }
iops() { awk -v o="$1" -v n="$2" 'BEGIN { printf "%.0f", o / (n / 1e9) }'; }
# UDP: (received - 1) datagrams over the span from the first arrival to the last.
udp() { awk -v r="$1" -v s="$2" -v n="$3" 'BEGIN { printf "%.1f", (r - 1) * s / 1048576 / (n / 1e9) }'; }
loss() { awk -v s="$1" -v r="$2" 'BEGIN { printf "%.2f", 100 * (s - r) / s }'; }
# row KEY NAME UNIT BETTER FUNCTION VALUE-KEY...: FUNCTION of each guest's values.
row() {
	local key=$1 name=$2 unit=$3 better=$4 f=$5 g k vals=()
	shift 5
	for g in $guests; do
		local args=()
		for k in "$@"; do args+=("${V[$g,$k]}"); done
		vals+=("$($f "${args[@]}")")
	done
	echo "$key|$name|$unit|$better|${vals[0]}|${vals[1]}|${vals[2]}|${vals[3]}" >>"$rows"
}
row create_init "xl create to init (the clock read first in its main())" ms lower ms create_init
row create_kernel "... of which before the guest kernel ran (xl, domain build, hotplug scripts)" ms lower ms create_kernel
row boot_init "... of which the guest kernel's own boot (its CLOCK_MONOTONIC at init)" ms lower ms boot_init
row create_ready "xl create to devices ready (xvda and eth0 usable)" ms lower ms create_ready
for ph in seq_write seq_read; do
	row $ph "disk $ph, $((V[pvkernel,$ph,block] / 1024)) KiB blocks" MiB/s higher mib_s $ph,bytes $ph,ns
done
for ph in rand_write rand_read; do
	row $ph "disk $ph, 4 KiB" IOPS higher iops $ph,ops $ph,ns
done
row ping_min "ping from dom0, min" us lower us ping,min_ns
row ping_avg "ping from dom0, avg" us lower us ping,avg_ns
row ping_max "ping from dom0, max" us lower us ping,max_ns
row ping_replies "ping replies (of ${V[pvkernel,ping,count]})" count higher echo ping,received
row udp_tx "UDP guest to dom0" MiB/s higher udp udp_tx,received udp_tx,size udp_tx,span_ns
row udp_tx_loss "UDP guest to dom0, loss" % lower loss udp_tx,sent udp_tx,received
row udp_tx_retries "UDP guest to dom0, sendto retried (ENOBUFS)" count lower echo udp_tx,retries
row udp_rx "UDP dom0 to guest" MiB/s higher udp udp_rx,received udp_rx,size udp_rx,span_ns
row udp_rx_loss "UDP dom0 to guest, loss" % lower loss udp_rx,sent udp_rx,received
row clock_offset "clock check: dom0's CLOCK_REALTIME minus the guest's" us - us clock_offset
row clock_rtt "clock check: round trip (the offset is known to half of it)" us - us clock_rtt
row clock_drift "clock check: change of the offset over the network tests" us - us clock_drift

qemu=$(qemu-system-x86_64 --version | head -n 1)
xenv=$(cat "$hostdir/xen-4.17.version")
linuxv=$(cat "$hostdir/linux-dom0.version")
ours=$(cd "$here/../.." && git describe --always --dirty 2>/dev/null || echo unknown)
# ratio: ours/Linux where it means something (not for the clock check,
# nor for percentages, nor against a zero).
ratio='function ratio(a, b, better, unit, digits) { return (better == "-" || unit == "%" || b == 0) ? "-" : sprintf("%." digits "f", a / b) }'
# Columns of rows: key, name, unit, better, ours PV, ours PVH, Linux PV, Linux PVH.
echo "key,metric,unit,better,pvkernel,pvhkernel,linux,linuxpvh,ratio_pv_ours_to_linux,ratio_pvh_ours_to_linux" >"$csv"
awk -F'|' -v OFS=, "$ratio"' { gsub(/,/, ";", $2); print $1, $2, $3, $4, $5, $6, $7, $8, ratio($5, $7, $4, $3, 3), ratio($6, $8, $4, $3, 3) }' "$rows" >>"$csv"
{
	echo "### Xen domU: our kernel against Linux, PV and PVH, side by side"
	echo
	echo "Measured $(date -u +%Y-%m-%d) with $qemu, TCG, \`-icount shift=0,align=off,sleep=off\`, on Xen $xenv with Debian's Linux as PV dom0 (\`build/xenhost\`)."
	echo "Four guests ran in the same boot of the host, one after the other: our kernel ($ours) as a PV and then as a PVH domU, and Debian's $linuxv the same two ways (the same image each time, only xl's \`type\` differs); each with 128 MiB and one vCPU on physical CPU 1 (dom0 alone on CPU 0), the same fresh 32 MiB raw image of zeros in dom0's tmpfs as xvda, and one vif on xenbr0."
	echo "All ran the same static programs from the same init (\`user/diskbench.c\`, \`user/netbench.c\`, \`user/domubench.sh\`)."
	echo "Every time is virtual: 1 ns per instruction executed by either vCPU (the guest, Xen, dom0 and its backends all count), and a wait with both vCPUs idle counts its length at no wall-clock cost; so compare the figures as ratios, not as real speeds."
	echo
	echo "Disk: O_DIRECT on /dev/xvda, with fsync inside the timed writes; sequential: $((V[pvkernel,seq_write,bytes] / 1048576)) MiB in $((V[pvkernel,seq_write,block] / 1024)) KiB blocks; random: ${V[pvkernel,rand_read,ops]} x 4 KiB at fixed-seed offsets over the whole disk."
	echo "Network: ${V[pvkernel,ping,count]} ICMP echoes from dom0, one at a time (56 bytes of data); ${V[pvkernel,udp_tx,sent]} UDP datagrams of ${V[pvkernel,udp_tx,size]} bytes each way, sent as fast as sendto takes them, with the throughput taken from the first arrival to the last."
	echo "xl create times: dom0's CLOCK_REALTIME before \`xl create\` and the guest's at init, moved onto dom0's clock by the offset that the clock check measured (trust them to 0.1 ms)."
	echo
	echo "| metric | unit | better | ours, PV | Linux, PV | ours/Linux, PV | ours, PVH | Linux, PVH | ours/Linux, PVH |"
	echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
	awk -F'|' "$ratio"' { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $7, ratio($5, $7, $4, $3, 2), $6, $8, ratio($6, $8, $4, $3, 2) }' "$rows"
	echo
	echo "This section ran ${wall} s (wall clock)."
} >"$md"

# The plot: the ratio of each time or rate, PV and PVH side by side, on a log scale.
if command -v gnuplot >/dev/null; then
	awk -F'|' -v OFS=, "$ratio"' $1 !~ /loss|retries|replies|clock|boot/ { print ++n, $1, ratio($5, $7, $4, $3, 4), ratio($6, $8, $4, $3, 4) }' "$rows" >"$tmp/plot.csv"
	n=$(wc -l <"$tmp/plot.csv")
	gnuplot <<GP || echo "bench-domu: gnuplot failed; no plot"
set terminal svg size 1000,450 font "sans,11"
set output "$out/domu.svg"
set title "Xen domU under QEMU -icount: our kernel / Linux 6.1, as PV and as PVH (times: lower is better for us; rates: higher)"
set datafile separator ","
set style fill solid 0.8 border -1
set boxwidth 0.35
set logscale y 2
set ylabel "ours / Linux"
set xtics noenhanced font ",9"
set yrange [0.05:8]
set xrange [0.3:$n.7]
set bmargin 3
set grid ytics
set key top left
plot "$tmp/plot.csv" using (\$1 - 0.18):3:xtic(2) with boxes title "PV", "" using (\$1 + 0.18):4 with boxes title "PVH", 1 with lines lt -1 notitle
GP
fi
cat "$md"
echo "bench-domu: wrote $csv $md"
