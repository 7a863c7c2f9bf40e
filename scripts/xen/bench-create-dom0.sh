#!/bin/sh
# make bench's xl create figures, dom0's side (scripts/xen/bench-dom0.sh):
# the same script in the Linux dom0 of the test host and in our dom0, each
# booted under QEMU -icount with Xen's dom0_max_vcpus=1 dom0_vcpus_pin.
# Files in /host: kernel, initramfs.cpio (ours), linux.vmlinuz,
# linux-bench.cpio (Debian's kernel and its bench initramfs), netbench.
#
# Four guests, the same images on both dom0s: ours as a PV and as a PVH
# domU, then Debian's Linux the same two ways, ROUNDS times over in that
# order (ours as PVH with xsave=sse, as ours-pvh.cfg of make guests: see
# Documentation/xen-dom0.md on XSETBV under TCG; Linux as PVH without
# XSAVE, as in the domU section). Each has 128 MiB and one vCPU on physical CPU 1, and no devices:
# init's first line, then /etc/domubench.sh boot, then power-off. For
# each: dom0's CLOCK_REALTIME, "xl create -F" (which returns when the
# domain is gone: no polling in dom0), dom0's clock again.
# Lines for bench-dom0.sh:
#   benchcreate: NAME create_realtime_ns N   dom0's clock before xl create
#   benchcreate: NAME gone_realtime_ns N     ... after xl create -F returned
#   benchcreate: NAME xl_status N
#   benchcreate: NAME | LINE                 the guest's console, line by line
#   benchcreate: NAME: ok | FAILED: WHY
#   benchcreate: N failed                    the last line
# NAME is the guest's and the round's (pvkernel-1). Exit status 0 when
# every guest said "domubench: boot only: done".
set -u
rounds=3
# Virtual seconds (QEMU -icount); a guest takes 1-10 here.
run_limit=120
failed=0

say() { echo "benchcreate: $*"; }

# create NAME TYPE KERNEL RAMDISK EXTRA
create() {
	name=$1
	log=/var/log/xen/console/guest-$name.log
	rm -f "$log"
	cat >/tmp/$name.cfg <<EOF
name = "$name"
type = "$2"
kernel = "$3"
ramdisk = "$4"
extra = "$5"
memory = 128
vcpus = 1
cpus = "1"
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
EOF
	t0=$(/host/netbench now)
	timeout $run_limit xl create -F /tmp/$name.cfg >/tmp/create-$name.log 2>&1
	rc=$?
	t1=$(/host/netbench now)
	say "$name create_realtime_ns $t0"
	say "$name gone_realtime_ns $t1"
	say "$name xl_status $rc"
	if xl domid "$name" >/dev/null 2>&1; then
		say "$name: the domain still exists after xl create -F returned ($rc); destroying it"
		xl destroy "$name"
	fi
	sed "s/^/benchcreate: $name xl | /" /tmp/create-$name.log
	tr -d '\r' <"$log" 2>/dev/null | sed "s/^/benchcreate: $name | /"
	echo
	if [ "$rc" = 124 ] || [ "$rc" = 143 ]; then
		say "$name: FAILED: still there after $run_limit s (virtual); destroyed"
	elif ! tr -d '\r' <"$log" 2>/dev/null | grep -q '^init: domubench: started'; then
		say "$name: FAILED: it did not reach init (xl create -F: $rc; its console above)"
	elif ! tr -d '\r' <"$log" 2>/dev/null | grep -q '^domubench: boot only: done'; then
		say "$name: FAILED: no 'domubench: boot only: done' on its console (xl create -F: $rc)"
	else
		say "$name: ok"
		return 0
	fi
	xl dmesg | tail -n 20 | sed "s/^/benchcreate: $name xen | /"
	return 1
}

# One xl run before the first timed one, so that no guest pays for the first
# start of xl and its libraries.
xl list >/dev/null
round=1
while [ $round -le $rounds ]; do
	create pvkernel-$round pv /host/kernel /host/initramfs.cpio "-- domubench boot" || failed=$((failed + 1))
	create pvhkernel-$round pvh /host/kernel /host/initramfs.cpio "xsave=sse -- domubench boot" || failed=$((failed + 1))
	create linux-$round pv /host/linux.vmlinuz /host/linux-bench.cpio "console=hvc0 -- domubench boot" ||
		failed=$((failed + 1))
	# clearcpuid=154 (no XSAVE), as in the domU section (bench-domu-dom0.sh).
	create linuxpvh-$round pvh /host/linux.vmlinuz /host/linux-bench.cpio \
		"console=hvc0 clearcpuid=154 -- domubench boot" || failed=$((failed + 1))
	round=$((round + 1))
done
say "$failed failed"
[ $failed = 0 ]
