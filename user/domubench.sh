#!/bin/sh
# /etc/domubench.sh: the domU benchmark of make bench (scripts/xen/bench-domu.sh),
# run by init's "domubench" mode, the same in our kernel and in the Linux
# guest it is compared with (whose /init is our init too).
#
# usage: domubench.sh PEER ADDR/PREFIX | boot
#   boot         nothing: the guest of the xl create figures (make bench)
#   PEER         dom0's address, where "netbench peer" answers
#   ADDR/PREFIX  this guest's address (our kernel has it from ip= already)
#
# In Linux (it has /etc/xenhost/modules, from the test host's domU
# archive) it first does what our kernel does before init: mounts, loads
# blkfront and netfront, waits for xvda and eth0, sets the address. Then,
# in both, the time "devices ready", diskbench and netbench. The sizes are
# here, and both programs print them with their results.
set -u
# "boot": the guest of make bench's xl create figures (bench-create-dom0.sh),
# which ends here, right after init's first line, and has no devices.
if [ $# -eq 1 ] && [ "$1" = boot ]; then
	echo "domubench: boot only: done"
	exit 0
fi
[ $# -eq 2 ] || { echo "domubench: FAILED: usage: domubench.sh PEER ADDR/PREFIX | boot"; exit 2; }
peer=$1 addr=$2

if [ -e /etc/xenhost/modules ]; then
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	while read -r mod; do
		insmod "$mod" || echo "domubench: insmod $mod failed"
	done </etc/xenhost/modules
	# The front-ends connect after insmod returns: wait (30 s at most).
	n=0
	until [ -b /dev/xvda ] && [ -e /sys/class/net/eth0 ]; do
		n=$((n + 1))
		[ $n -le 3000 ] || { echo "domubench: FAILED: no xvda or eth0 30 s after insmod"; exit 1; }
		sleep 0.01
	done
	ip link set lo up
	ip addr add "$addr" dev eth0 && ip link set eth0 up ||
		{ echo "domubench: FAILED: could not give eth0 $addr"; exit 1; }
fi
[ -b /dev/xvda ] || { echo "domubench: FAILED: no /dev/xvda"; exit 1; }
echo "domubench: devices ready at realtime_ns $(netbench now)"

# counters WHEN: for reading the figures, outside the timed parts: our
# kernel's hypercalls (by number), Linux's request counts on xvda.
counters() {
	if [ -e /proc/pvops ]; then
		grep '^hypercalls' /proc/pvops | sed "s/^/domubench: $1 /"
	fi
	if [ -e /sys/block/xvda/stat ]; then
		echo "domubench: $1 xvda stat $(cat /sys/block/xvda/stat)"
	fi
}

counters before_disk
diskbench /dev/xvda 16 1024 1024 || exit 1
counters after_disk
netbench client "$peer" 100 4096 || exit 1
counters after_net
# Linux's clock source, its largest request, and where its stack counted
# drops (our kernel logs its counters when eth0 closes).
if [ -e /etc/xenhost/modules ]; then
	echo "domubench: linux clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
	echo "domubench: linux xvda max_sectors_kb $(cat /sys/block/xvda/queue/max_sectors_kb) nr_requests $(cat /sys/block/xvda/queue/nr_requests)"
	grep '^Udp:' /proc/net/snmp | sed 's/^/domubench: linux snmp /'
	grep 'eth0:' /proc/net/dev | sed 's/^ */domubench: linux dev /'
fi
echo "domubench: done"
