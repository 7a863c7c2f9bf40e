#!/bin/bash
# make bench: builds the native-only, paravirt and retpoline kernels, boots
# each under QEMU -icount shift=0 (the TSC counts instructions exactly)
# with bench=pvops, and writes build/bench/pvops.{csv,md,svg}; then the
# kernel as a Xen PV and PVH domU beside Linux as the same on the Linux
# dom0 test host (scripts/xen/bench-domu.sh): build/bench/domu.{csv,md,svg}.
# Last, xl create with our kernel as PV dom0 against the Linux dom0 test
# host, the same guests (scripts/xen/bench-dom0.sh): build/bench/dom0.{csv,md}.
# usage: bench.sh [domu|dom0]    (domu, dom0: that section alone)
# Exit status 1 when a section could not measure (its .md says why).
set -eu
cd "$(dirname "$0")/.."
B=build/bench
mkdir -p $B
JOBS=$(nproc 2>/dev/null || echo 2)
only=${1:-}
case $only in '' | domu | dom0) ;; *) echo "usage: $0 [domu|dom0]" >&2; exit 2 ;; esac

build() {	# build NAME CONFIG-FRAGMENT...
	local name=$1 dir=$B/$1
	shift
	mkdir -p "$dir"
	cat "$@" > "$dir/.config"
	make -s O="$dir" olddefconfig >/dev/null
	make -s -j"$JOBS" O="$dir" >"$B/build-$name.log" 2>&1 || { tail -20 "$B/build-$name.log"; exit 1; }
}

run() {		# run NAME KERNEL CMDLINE -> $B/NAME.log
	timeout 300 qemu-system-x86_64 -accel tcg -icount shift=0,align=off,sleep=off \
		-m 128 -nographic -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$2" -append "isa_debug_exit=0xf4 bench=pvops $3" </dev/null >"$B/$1.log" 2>&1 || true
	grep -q "bench: pvops done" "$B/$1.log" || { echo "bench: run $1 did not finish"; tail -20 "$B/$1.log"; exit 1; }
}

# The domU section: our paravirt kernel and a Linux guest side by side as
# PV and as PVH domUs under the Linux dom0 test host, in one boot of the host.
bench_domu() {
	echo "bench: the kernel and Linux as Xen PV and PVH domUs (make xenhost, then scripts/xen/bench-domu.sh)"
	if ! make -s xenhost >$B/xenhost.log 2>&1; then
		tail -5 $B/xenhost.log
		printf '### Xen domU: our kernel against Linux, PV and PVH, side by side\n\nNot measured: the Xen test host could not be built (make xenhost): %s\n' \
			"$(tail -n 1 $B/xenhost.log)" >$B/domu.md
		return 1
	fi
	bash scripts/xen/bench-domu.sh build/xenhost $B/paravirt/kernel build/initramfs.cpio build/user $B
}

# The dom0 section: xl create of the same guests with our dom0 and with
# the Linux dom0 of the test host, under the same -icount.
bench_dom0() {
	echo "bench: xl create with our dom0 and with Linux's (make xenhost dom0, then scripts/xen/bench-dom0.sh)"
	if ! make -s xenhost dom0 >$B/dom0-build.log 2>&1; then
		tail -5 $B/dom0-build.log
		printf '### xl create: our dom0 against Linux'"'"'s, the same guests\n\nNot measured: the test host or the dom0 initramfs could not be built (make xenhost dom0): %s\n' \
			"$(tail -n 1 $B/dom0-build.log)" >$B/dom0.md
		return 1
	fi
	bash scripts/xen/bench-dom0.sh build/xenhost $B/paravirt/kernel build/initramfs.cpio build/dom0/initramfs.cpio build/user $B
}

echo "bench: building kernels"
if [ "$only" = dom0 ]; then
	build paravirt arch/x86/configs/defconfig
	make -s initramfs >/dev/null || { echo "bench: building the initramfs failed"; exit 1; }
	bench_dom0 || { echo "bench: the dom0 section failed: $(tail -n 1 $B/dom0.md)"; exit 1; }
	exit 0
fi
if [ "$only" = domu ]; then
	build paravirt arch/x86/configs/defconfig
	make -s initramfs >/dev/null || { echo "bench: building the initramfs failed"; exit 1; }
	bench_domu || { echo "bench: the domU section failed: $(tail -n 1 $B/domu.md)"; exit 1; }
	exit 0
fi
build native-only tests/configs/paravirt-off.config
build paravirt arch/x86/configs/defconfig
printf 'CONFIG_RETPOLINE=y\n' > $B/retpoline.fragment
build retpoline arch/x86/configs/defconfig $B/retpoline.fragment

echo "bench: running under QEMU -icount shift=0"
run native-only $B/native-only/kernel ""
run patched $B/paravirt/kernel "pvpatch=on"
run unpatched $B/paravirt/kernel "pvpatch=off"
run unpatched-retpoline $B/retpoline/kernel "pvpatch=off"

# User space: init runs ubench (lmbench-style) and powers off with its status.
make -s initramfs >/dev/null || { echo "bench: building the initramfs failed"; exit 1; }
urun() {	# urun NAME KERNEL CMDLINE -> $B/user-NAME.log
	timeout 1200 qemu-system-x86_64 -accel tcg -icount shift=0,align=off,sleep=off \
		-m 256 -nographic -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$2" -initrd build/initramfs.cpio \
		-append "isa_debug_exit=0xf4 $3 -- bench" </dev/null >"$B/user-$1.log" 2>&1 || true
	grep -q "ubench: done" "$B/user-$1.log" || { echo "bench: user run $1 did not finish"; tail -20 "$B/user-$1.log"; exit 1; }
}
urun native-only $B/native-only/kernel ""
urun patched $B/paravirt/kernel "pvpatch=on"
urun unpatched $B/paravirt/kernel "pvpatch=off"
urun unpatched-retpoline $B/retpoline/kernel "pvpatch=off"

# value RUN OP: instructions per op (2 decimals), or the mix total.
value() {
	local line
	line=$(grep -a "bench: pvops $2 " "$B/$1.log" | head -1)
	if [ "$2" = mix ]; then
		echo "$line" | awk '{print $(NF-1)}'
	else
		echo "$line" | awk '{printf "%.2f", $(NF-1) / 100}'
	fi
}

# pv_ops sites each benchmarked operation executes.
declare -A SITES=([irq_disable_enable]=2 [irq_save_restore]=2 [save_fl]=1 [read_cr2]=1
	[read_cr3]=1 [write_cr3]=2 [set_pte]=1 [flush_tlb_one]=1 [pte_round_trip]=2
	[lazy_mmu_pair]=2 [clock_ns]=1 [load_sp0]=1 [map64_lazy]=0)
# Kernel paths built on the ops: reported, but the per-op bar does not apply.
PATHS=" kmalloc_kfree page_alloc_free timer_arm_cancel "
OPS="irq_disable_enable irq_save_restore save_fl read_cr2 read_cr3 write_cr3 set_pte flush_tlb_one pte_round_trip lazy_mmu_pair clock_ns load_sp0 kmalloc_kfree page_alloc_free timer_arm_cancel"

qemu=$(qemu-system-x86_64 --version | head -1)
csv=$B/pvops.csv
md=$B/pvops.md
echo "op,native_only,patched,unpatched,unpatched_retpoline" > $csv
{
	echo "### pv_ops on native: instructions per operation"
	echo
	echo "Measured $(date -u +%Y-%m-%d) with $qemu, TCG, \`-icount shift=0,align=off,sleep=off\`:"
	echo "the guest TSC counts instructions, so each figure is an exact instruction count"
	echo "(a NOP counts as much as a \`cli\`). Ratios are to the native-only build"
	echo "(\`CONFIG_PARAVIRT=n\`). \"bar\" checks patched <= native-only + one NOP per site."
	echo
	echo "| operation | sites | native-only | patched | unpatched | unpatched + retpoline | patched/native | unpatched/native | retpoline/native | bar |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
} > $md
for op in $OPS; do
	n=$(value native-only $op); p=$(value patched $op)
	u=$(value unpatched $op); r=$(value unpatched-retpoline $op)
	echo "$op,$n,$p,$u,$r" >> $csv
	path=0
	case "$PATHS" in *" $op "*) path=1 ;; esac
	awk -v op=$op -v s=${SITES[$op]:-0} -v path=$path -v n=$n -v p=$p -v u=$u -v r=$r 'BEGIN {
		rp = n > 0 ? sprintf("%.2f", p / n) : "-"
		ru = n > 0 ? sprintf("%.2f", u / n) : "-"
		rr = n > 0 ? sprintf("%.2f", r / n) : "-"
		if (path) {
			sites = "path"; bar = "-"
		} else {
			sites = s; bar = (p <= n + s + 0.001) ? "ok" : "OVER"
		}
		printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s |\n", op, sites, n, p, u, r, rp, ru, rr, bar
	}' >> $md
done
n=$(value native-only mix); p=$(value patched mix); u=$(value unpatched mix); r=$(value unpatched-retpoline mix)
echo "mix_total,$n,$p,$u,$r" >> $csv
awk -v n=$n -v p=$p -v u=$u -v r=$r 'BEGIN {
	printf "\n| kernel work mix (200 rounds: page map/unmap, 32 kmalloc/kfree, 2 thread switches) | native-only | patched | unpatched | unpatched + retpoline |\n"
	printf "|---|---:|---:|---:|---:|\n"
	printf "| instructions | %d | %d | %d | %d |\n", n, p, u, r
	printf "| vs native-only | 1.0000 | %.4f | %.4f | %.4f |\n", p / n, u / n, r / n
	printf "\nPatched is %+.2f%% over native-only on the mix (the bar is 1%%).\n", (p / n - 1) * 100
}' >> $md

# User-space benchmarks: instructions per operation, kernel and user together.
uval() { grep -a "ubench: $2 " "$B/user-$1.log" | head -1 | awk '{print $3}'; }
ucsv=$B/user.csv
echo "benchmark,native_only,patched,unpatched,unpatched_retpoline" > $ucsv
{
	echo
	echo "### User space (lmbench-style, \`user/ubench.c\`): instructions per operation"
	echo
	echo "Kernel and user instructions together, from rdtsc in the benchmark under the same \`-icount\`."
	echo
	echo "| benchmark | native-only | patched | unpatched | unpatched + retpoline | patched/native | unpatched/native | retpoline/native |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
} >> $md
for b in $(grep -a "^ubench: [a-z_0-9]* [0-9]* ticks/op" $B/user-native-only.log | awk '{print $2}'); do
	n=$(uval native-only $b); p=$(uval patched $b); u=$(uval unpatched $b); r=$(uval unpatched-retpoline $b)
	echo "$b,$n,$p,$u,$r" >> $ucsv
	awk -v b=$b -v n=$n -v p=$p -v u=$u -v r=$r 'BEGIN {
		printf "| %s | %d | %d | %d | %d | %.4f | %.4f | %.4f |\n", b, n, p, u, r, p / n, u / n, r / n }' >> $md
done
awk -F, 'NR > 1 { n += $2; p += $3; u += $4; r += $5; k++;
		gp += log($3 / $2); gu += log($4 / $2); gr += log($5 / $2) } END {
	printf "| **whole suite (sum of instructions)** | %d | %d | %d | %d | **%.4f** | %.4f | %.4f |\n", n, p, u, r, p / n, u / n, r / n
	printf "| geometric mean of the ratios | | | | | %.4f | %.4f | %.4f |\n", exp(gp / k), exp(gu / k), exp(gr / k)
	printf "\nOver the whole user-space suite, patched runs %+.2f%% instructions against native-only (the goal is within 1%%); unpatched %+.2f%%. Weighting every benchmark alike instead (geometric mean of the ratios), patched is %+.2f%%.\n", (p / n - 1) * 100, (u / n - 1) * 100, (exp(gp / k) - 1) * 100
}' $ucsv >> $md

# Xen PV: the same kernel as PV dom0 under Debian's Xen 4.17, the same -icount
# (so Xen's own instructions count too): patched, unpatched, batching off;
# then user space: ubench patched and unpatched, hcount batching on and off.
xrun() {	# xrun NAME CMDLINE -> $B/xen-NAME.log
	QEMU_ACCEL="-accel tcg -icount shift=0,align=off,sleep=off" \
	bash scripts/xen/run-xen.sh --test --timeout 600 build/xen/xen-4.17 $B/paravirt/kernel \
		"isa_debug_exit=0xf4 bench=pvops $2" >"$B/xen-$1.log" 2>&1 || true
	grep -q "bench: pvops done" "$B/xen-$1.log" || { echo "bench: Xen run $1 did not finish"; tail -20 "$B/xen-$1.log"; exit 1; }
}
if bash scripts/xen/fetch-xen.sh build/xen >/dev/null; then
	xrun patched "pvpatch=on"
	xrun unpatched "pvpatch=off"
	xrun nobatch "lazymmu=off"
	xval() { grep -a "bench: pvops $2 " "$B/xen-$1.log" | head -1 | awk '{printf "%.2f", $(NF-1) / 100}'; }
	xcsv=$B/xen.csv
	echo "op,native_patched,xen_patched,xen_unpatched" > $xcsv
	{
		echo
		echo "### Xen PV dom0 (Xen 4.17): instructions per operation, Xen's own included"
		echo
		echo "The paravirt kernel as PV dom0 under Debian's Xen 4.17 in QEMU with the same \`-icount\`; an op that becomes a hypercall counts Xen's instructions too."
		echo
		echo "| operation | native, patched | Xen PV, patched | Xen PV, unpatched | Xen patched/native |"
		echo "|---|---:|---:|---:|---:|"
	} >> $md
	for op in $OPS map64_lazy; do
		n=$(value patched $op); p=$(xval patched $op); u=$(xval unpatched $op)
		echo "$op,$n,$p,$u" >> $xcsv
		awk -v op=$op -v n=$n -v p=$p -v u=$u 'BEGIN {
			r = "-"
			if (n > 0)
				r = sprintf("%.1f", p / n)
			printf "| %s | %.2f | %.2f | %.2f | %s |\n", op, n, p, u, r }' >> $md
	done
	{
		echo
		echo "Lazy-MMU batching (64 page-table entries written in one section, as fork, munmap and mprotect do):"
		echo
		echo "| Xen PV | instructions per section | page-table hypercalls per section |"
		echo "|---|---:|---:|"
		echo "| batching on | $(xval patched map64_lazy) | $(xval patched map64_lazy_hypercalls) |"
		echo "| batching off (\`lazymmu=off\`) | $(xval nobatch map64_lazy) | $(xval nobatch map64_lazy_hypercalls) |"
	} >> $md

	# User space under Xen: ubench patched and unpatched, hcount with batching on and off.
	xurun() {	# xurun NAME CMDLINE MODE MARKER [run-xen.sh option] -> $B/xen-user-NAME.log
		QEMU_ACCEL="-accel tcg -icount shift=0,align=off,sleep=off" \
		bash scripts/xen/run-xen.sh --test ${5:-} --timeout 2400 build/xen/xen-4.17 $B/paravirt/kernel \
			"isa_debug_exit=0xf4 $2 -- $3" build/initramfs.cpio >"$B/xen-user-$1.log" 2>&1 || true
		grep -q "$4" "$B/xen-user-$1.log" || { echo "bench: Xen user run $1 did not finish"; tail -20 "$B/xen-user-$1.log"; exit 1; }
	}
	xurun patched "pvpatch=on" bench "ubench: done"
	xurun unpatched "pvpatch=off" bench "ubench: done"
	xurun hcount-on "lazymmu=on" hcount "hcount: done"
	xurun hcount-off "lazymmu=off" hcount "hcount: done"
	xurun pvh "" bench "ubench: done" --pvh
	xurun hcount-pvh "" hcount "hcount: done" --pvh
	xuval() { grep -a "ubench: $2 " "$B/xen-user-$1.log" | head -1 | awk '{print $3}'; }
	xucsv=$B/xen-user.csv
	echo "benchmark,native_patched,xen_pv_patched,xen_pv_unpatched,xen_pvh_patched" > $xucsv
	{
		echo
		echo "### User space under Xen PV and PVH (lmbench-style): instructions per operation, Xen's own included"
		echo
		echo "Both as dom0 under Debian's Xen 4.17 with the same \`-icount\`. Under PVH the guest runs in an SVM container: what the hardware does (page tables, system calls) costs no Xen instructions, but VM exits do."
		echo
		echo "| benchmark | native, patched | Xen PV, patched | Xen PV, unpatched | Xen PVH, patched | PV/native | PV unpatched/patched | PVH/native |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	} >> $md
	for b in $(grep -a "^ubench: [a-z_0-9]* [0-9]* ticks/op" $B/user-patched.log | awk '{print $2}'); do
		n=$(uval patched $b); p=$(xuval patched $b); u=$(xuval unpatched $b); h=$(xuval pvh $b)
		echo "$b,$n,$p,$u,$h" >> $xucsv
		awk -v b=$b -v n=$n -v p=$p -v u=$u -v h=$h 'BEGIN {
			printf "| %s | %d | %d | %d | %d | %.2f | %.4f | %.2f |\n", b, n, p, u, h, p / n, u / p, h / n }' >> $md
	done
	hcv() { tr -d '\r' < "$B/xen-user-hcount-$1.log" | grep -a "^hcount: $2 " | awk -v f="$3" '{ for (i = 3; i < NF; i++) if ($i == f) print $(i + 1) }'; }
	{
		echo
		echo "### Hypercalls per operation under Xen PV (\`user/hcount.c\`, from /proc/pvops)"
		echo
		echo "| operation | PV, batching on: hypercalls | of which page-table | multicalls (entries) | PV, batching off: hypercalls | off/on | PVH: hypercalls |"
		echo "|---|---:|---:|---:|---:|---:|---:|"
		for op in mprotect_1024 munmap_1024 fork_1000 switch; do
			per=$(hcv on $op per)
			awk -v op=$op -v per=$per -v h=$(hcv on $op hypercalls) -v m=$(hcv on $op mmu) \
			    -v c=$(hcv on $op multicalls) -v e=$(hcv on $op entries) -v o=$(hcv off $op hypercalls) \
			    -v v=$(hcv pvh $op hypercalls) 'BEGIN {
				name = op; if (per > 1) name = op " (per op, over " per ")"
				printf "| %s | %.2f | %.2f | %.2f (%.2f) | %.2f | %.1f | %.2f |\n", name, h / per, m / per, c / per, e / per, o / per, o / h, v / per }'
		done
	} >> $md
else
	echo >> $md
	echo "Xen PV: not measured: Debian's xen-hypervisor-4.17-amd64 could not be fetched." >> $md
fi

# Cycles need real hardware virtualization; say why when there is none.
if [ -c /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
	# Real cycles: the same boots under KVM, five times each; the median per op.
	kvm_run() {	# kvm_run NAME KERNEL CMDLINE REPEAT
		timeout 300 qemu-system-x86_64 -enable-kvm -cpu host,-arch-capabilities \
			-m 128 -nographic -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4 \
			-kernel "$2" -append "isa_debug_exit=0xf4 bench=pvops $3" </dev/null \
			>"$B/kvm-$1-$4.log" 2>&1 || true
	}
	for r in 1 2 3 4 5; do
		kvm_run native-only $B/native-only/kernel "" $r
		kvm_run patched $B/paravirt/kernel "pvpatch=on" $r
		kvm_run unpatched $B/paravirt/kernel "pvpatch=off" $r
	done
	median() {	# median NAME OP: cycles per op over the five runs
		for r in 1 2 3 4 5; do
			grep -a "bench: pvops $2 " "$B/kvm-$1-$r.log" | awk '{printf "%.2f\n", $(NF-1) / 100}'
		done | sort -n | sed -n 3p
	}
	{
		echo
		echo "### Under KVM: TSC cycles per operation (median of 5 boots; physical, machine-dependent)"
		echo
		echo "| operation | native-only | patched | unpatched |"
		echo "|---|---:|---:|---:|"
		for op in $OPS; do
			echo "| $op | $(median native-only $op) | $(median patched $op) | $(median unpatched $op) |"
		done
	} >> $md
else
	echo >> $md
	echo "KVM cycles: not measured: this machine has no VMX/SVM (\`/dev/kvm\`, if present, is a software hypervisor), so no cycle count here would be physical." >> $md
fi

if command -v gnuplot >/dev/null; then
	gnuplot <<GP
set terminal svg size 1000,500 font "sans,11"
set output "$B/pvops.svg"
set title "pv_ops on native: instructions per operation (QEMU -icount)"
set datafile separator ","
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel "instructions"
set xtics rotate by -30
set key top left
set grid ytics
plot "< grep -v mix_total $csv" using 2:xtic(1) title "native-only", \
     "" using 3 title "patched", "" using 4 title "unpatched", "" using 5 title "unpatched + retpoline"
GP
else
	echo "bench: gnuplot not installed; no plot (scripts/setup.sh installs gnuplot-nox)"
fi
domu_failed=0
bench_domu || domu_failed=1
dom0_failed=0
bench_dom0 || dom0_failed=1
cat $md
echo
cat $B/domu.md
echo
cat $B/dom0.md
echo "bench: wrote $csv $ucsv $md $B/pvops.svg $B/domu.csv $B/domu.md $B/domu.svg $B/dom0.csv $B/dom0.md"
if [ $domu_failed = 1 ]; then
	echo "bench: the domU section failed: $(tail -n 1 $B/domu.md)"
fi
if [ $dom0_failed = 1 ]; then
	echo "bench: the dom0 section failed: $(tail -n 1 $B/dom0.md)"
fi
[ $domu_failed = 0 ] && [ $dom0_failed = 0 ]
