#!/bin/sh
# make bench's domU figures, dom0's side: runs in the Linux dom0 of the Xen
# test host (scripts/xen/bench-domu.sh hands it to run-host.sh; busybox sh).
# Files in /host: kernel, initramfs.cpio (ours), linux-dom0.vmlinuz,
# linux-bench.cpio (Debian's kernel and its bench initramfs), netbench.
#
# One guest at a time: ours as a PV domU and as a PVH domU (the same
# image), then Linux as a PV and as a PVH domU; each on physical CPU 1 (dom0
# is alone on CPU 0: Xen's dom0_max_vcpus=1 dom0_vcpus_pin) with 128 MiB,
# one vCPU, the same fresh 32 MiB raw image of zeros as xvda and one vif
# on xenbr0 (same MAC and address for all). For each:
#   1. "netbench peer" starts in the background: it blocks until the guest
#      talks to it, so dom0 stays idle while the guest measures;
#   2. dom0's CLOCK_REALTIME, then "xl create -F", which returns when the
#      domain is gone (init powers it off after its last figure): no
#      polling in dom0 while the guest runs;
#   3. the peer is stopped and the guest's console log printed.
# Lines for bench-domu.sh:
#   benchdomu: NAME create_realtime_ns N   dom0's clock just before xl create
#   benchdomu: NAME xl_status N            xl create -F's exit status
#   benchdomu: NAME | LINE                 the guest's console, line by line
#   benchdomu: NAME peer | LINE            what netbench peer printed
#   benchdomu: NAME: ok | FAILED: WHY
# Exit status 0 when every guest printed "domubench: done".
set -u
disk=/tmp/bench-disk.img
peer=10.0.0.1
addr=10.0.0.2/24
mac=00:16:3e:00:00:30
disk_mib=32
# In virtual seconds (QEMU -icount: one instruction is 1 ns; a wait with
# every vCPU idle jumps to its end at no wall-clock cost): a guest takes
# 2-15 here; the host script bounds the wall time.
run_limit=120
failed=0

say() { echo "benchdomu: $*"; }

# bench NAME TYPE KERNEL RAMDISK EXTRA (TYPE: pv or pvh)
bench() {
	name=$1
	log=/var/log/xen/console/guest-$name.log
	rm -f "$log" /tmp/peer-$name.log
	# The same zeros for every guest, written in full (no holes).
	dd if=/dev/zero of=$disk bs=1M count=$disk_mib 2>/dev/null || { say "$name: FAILED: cannot write $disk"; return 1; }
	ip neigh flush dev xenbr0 2>/dev/null
	cat >/tmp/$name.cfg <<EOF
name = "$name"
type = "$2"
kernel = "$3"
ramdisk = "$4"
extra = "$5"
memory = 128
vcpus = 1
cpus = "1"
disk = [ 'format=raw,vdev=xvda,access=rw,target=$disk' ]
vif = [ 'bridge=xenbr0,mac=$mac' ]
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
EOF
	/host/netbench peer $run_limit >/tmp/peer-$name.log 2>&1 &
	peer_pid=$!
	n=0
	until grep -q "peer listening" /tmp/peer-$name.log 2>/dev/null; do
		n=$((n + 1))
		[ $n -le 100 ] || { say "$name: FAILED: netbench peer did not start: $(cat /tmp/peer-$name.log)"; kill $peer_pid; return 1; }
		sleep 0.1
	done

	t0=$(/host/netbench now)
	timeout $run_limit xl create -F /tmp/$name.cfg >/tmp/create-$name.log 2>&1
	rc=$?
	say "$name create_realtime_ns $t0"
	say "$name xl_status $rc"
	kill $peer_pid 2>/dev/null
	wait $peer_pid 2>/dev/null
	if xl domid "$name" >/dev/null 2>&1; then
		say "$name: the domain still exists after xl create -F returned ($rc); destroying it"
		xl destroy "$name"
	fi
	sed "s/^/benchdomu: $name xl | /" /tmp/create-$name.log
	tr -d '\r' <"$log" 2>/dev/null | sed "s/^/benchdomu: $name | /"
	echo
	sed "s/^/benchdomu: $name peer | /" /tmp/peer-$name.log
	if [ "$rc" = 124 ] || [ "$rc" = 143 ]; then
		say "$name: FAILED: still running after $run_limit s (virtual); destroyed"
		xl dmesg | tail -n 20 | sed "s/^/benchdomu: $name xen | /"
		return 1
	elif ! tr -d '\r' <"$log" 2>/dev/null | grep -q '^domubench: done'; then
		why=$(tr -d '\r' <"$log" 2>/dev/null | grep -m 1 'FAILED')
		if [ -n "$why" ]; then
			say "$name: FAILED: $why"
		elif ! tr -d '\r' <"$log" 2>/dev/null | grep -q '^init: domubench: started'; then
			say "$name: FAILED: it did not reach init (xl create -F: $rc; its console above, Xen's log below)"
		else
			say "$name: FAILED: no 'domubench: done' in its console log (xl create -F: $rc)"
		fi
		xl dmesg | tail -n 20 | sed "s/^/benchdomu: $name xen | /"
		return 1
	fi
	say "$name: ok"
}

bench pvkernel pv /host/kernel /host/initramfs.cpio "ip=$addr -- domubench $peer $addr" || failed=$((failed + 1))
bench pvhkernel pvh /host/kernel /host/initramfs.cpio "ip=$addr -- domubench $peer $addr" || failed=$((failed + 1))
bench linux pv /host/linux-dom0.vmlinuz /host/linux-bench.cpio "console=hvc0 -- domubench $peer $addr" || failed=$((failed + 1))
# clearcpuid=154 (XSAVE, CPUID 1 ECX bit 26; unlike noxsave it is not
# passed to init as an argument): with XSAVE, Linux's first XRSTOR in a PVH guest fails in this
# test world (QEMU TCG's emulated SVM under Xen: "Bad FPU state detected",
# then SIGILL in user space); FXSAVE, which our kernel uses, works.
bench linuxpvh pvh /host/linux-dom0.vmlinuz /host/linux-bench.cpio "console=hvc0 clearcpuid=154 -- domubench $peer $addr" || failed=$((failed + 1))
say "$failed failed"
[ $failed = 0 ]
