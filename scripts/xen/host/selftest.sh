#!/bin/sh
# Checks the Xen test host from inside its dom0 (busybox sh): xl info and
# xl list work, a Linux PV domU made with xl create sees its disk and network
# interface and powers off, and xl accepts scripts/xen/pv-domu.cfg.
# Run by scripts/xen/test-host.sh, which hands in through /host/:
#   linux-dom0.vmlinuz  Debian's kernel, used as the domU's kernel too
#   linux-domu.cpio.gz  the domU's initramfs (scripts/xen/host/domu-init)
#   pv-domu.cfg         the example configuration for our kernel
# Prints "selftest: NAME: ok|FAILED ... (S s)" per step, with the step's wall
# time from dom0's clock, and "selftest: N passed, M failed" last; the exit
# status is 0 only when nothing failed.
set -u
domain=linux-domu
log=/var/log/xen/console/guest-$domain.log
disk=/tmp/$domain-disk.img
passed=0 failed=0

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
ok() { echo "selftest: $1: ok ($(since "$t0") s)"; passed=$((passed + 1)); }
bad() { echo "selftest: $1: FAILED: $2 ($(since "$t0") s)"; failed=$((failed + 1)); }

# wait_for SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds
# or the time is up (then fails).
wait_for() {
	limit=$1
	shift
	n=0
	until "$@" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -lt $((limit * 5)) ] || return 1
		sleep 0.2
	done
}

t0=$(now)
if xl info >/tmp/xl-info 2>&1 && grep -q '^xen_version *: 4\.17' /tmp/xl-info; then
	ok "xl info ($(grep '^xen_version' /tmp/xl-info | tr -s ' '))"
else
	bad "xl info" "$(tail -n 3 /tmp/xl-info)"
fi

t0=$(now)
if xl list >/tmp/xl-list 2>&1 && grep -q '^Domain-0 ' /tmp/xl-list; then
	ok "xl list"
else
	bad "xl list" "$(tail -n 3 /tmp/xl-list)"
fi

# 64 MiB, sparse: 131072 sectors of 512 bytes.
dd if=/dev/zero of="$disk" bs=1M count=0 seek=64 2>/dev/null
cat >/tmp/$domain.cfg <<EOF
name = "$domain"
type = "pv"
kernel = "/host/linux-dom0.vmlinuz"
ramdisk = "/host/linux-domu.cpio.gz"
extra = "console=hvc0"
memory = 128
vcpus = 1
disk = [ 'format=raw,vdev=xvda,access=rw,target=$disk' ]
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:01' ]
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
EOF

t0=$(now)
if xl create /tmp/$domain.cfg >/tmp/xl-create 2>&1; then
	ok "xl create $domain"
	created=1
else
	bad "xl create $domain" "exit status $?; its output and the hotplug scripts' log follow"
	sed 's/^/selftest:   xl: /' /tmp/xl-create
	sed 's/^/selftest:   hotplug: /' /var/log/xen/xen-hotplug.log 2>/dev/null
	created=0
fi

if [ $created = 1 ]; then
	domid=$(xl domid $domain 2>/dev/null)
	# The backends' dom0 sides, made by the hotplug scripts.
	t0=$(now)
	if wait_for 30 test -e /sys/class/net/xenbr0/brif/vif$domid.0; then
		ok "dom0: vif$domid.0 on bridge xenbr0"
	else
		bad "dom0: vif$domid.0 on bridge xenbr0" "not there after 30 s"
	fi
	t0=$(now)
	node=$(xenstore-read /local/domain/0/backend/vbd/$domid/51712/node 2>/dev/null)
	backing=$(cat /sys/block/${node#/dev/}/loop/backing_file 2>/dev/null)
	if [ "$backing" = "$disk" ]; then
		ok "dom0: $disk on $node"
	else
		bad "dom0: disk backend" "backend node '$node' has backing file '$backing', not $disk"
		xenstore-ls /local/domain/0/backend/vbd | sed 's/^/selftest:   store: /'
	fi

	t0=$(now)
	if wait_for 120 grep -q '^domu: done' "$log"; then
		ok "domU console: 'domu: done'"
	else
		bad "domU console" "no 'domu: done' in $log after 120 s"
	fi
	t0=$(now)
	if grep -q '^domu: disk xvda sectors 131072' "$log"; then
		ok "domU: xvda of 131072 sectors"
	else
		bad "domU: xvda" "$(grep '^domu: disk' "$log" || echo 'no disk line')"
	fi
	if grep -q '^domu: net eth0 mac 00:16:3e:00:00:01' "$log"; then
		ok "domU: eth0 with mac 00:16:3e:00:00:01"
	else
		bad "domU: eth0" "$(grep '^domu: net' "$log" || echo 'no net line')"
	fi
	t0=$(now)
	if wait_for 60 sh -c "! xl domid $domain"; then
		ok "domU powered off and destroyed"
	else
		bad "domU shutdown" "still in xl list after 60 s; destroying it"
		xl destroy $domain
	fi
	echo "selftest: --- $log ---"
	tr -d '\r' <"$log"
	echo "selftest: --- end of $log ---"
fi

t0=$(now)
if xl create -n /host/pv-domu.cfg >/tmp/xl-dry 2>&1; then
	ok "xl create -n pv-domu.cfg (dry run)"
else
	bad "xl create -n pv-domu.cfg" "$(tail -n 5 /tmp/xl-dry)"
fi

echo "selftest: $passed passed, $failed failed"
[ $failed = 0 ]
