# Our kernel as Xen 4.17's dom0 running Debian's own toolstack: the dom0
# initramfs of make dom0 (Documentation/xen-dom0.md) boots as make run
# XEN=pv|pvh DOM0=xl does, its /etc/init.d/rcS starts xenstored,
# xen-init-dom0 and xenconsoled, and at the shell xl and xenstore-ls must
# see the host and dom0. One boot per mode serves its three checks.
# Runs only when named (tests/run.sh dom0; OPTIONAL_AREAS in tests/run.sh):
# it fails until the kernel has device mmap, gntdev, the foreign-mapping
# ioctls and /proc/xen/xsd_kva and xsd_port.
area_doc "Debian's Xen toolstack (xl, xenstored, xenconsoled) on our PV and PVH dom0 (in QEMU)" "2 x 1-3 min"

# dom0_errors: the setup's error lines and what it showed under them.
dom0_errors() {
	tr -d '\r' <"$log" | sed -n '/^dom0: error: /,/^dom0: [^e]/p' | grep -av '^dom0: [^e]' | head -n 30 |
		sed 's/^/      ! /'
}

# dom0_checks pv|pvh PV|PVH
dom0_checks() {
	local mode=$1 M=$2 c out want=()
	local c_ready="Xen $M dom0 with xl: boots to \"dom0: ready\" (xenstored, xen-init-dom0, xenconsoled started)"
	local c_info="Xen $M dom0 with xl: xl info shows Xen 4.17 (xen_major : 4, xen_minor : 17)"
	local c_store="Xen $M dom0 with xl: xenstore-ls shows /local/domain/0/name = \"Domain-0\""
	for c in "$c_ready" "$c_info" "$c_store"; do
		check "$c" build dom0 xen && want+=("$c")
	done
	[ ${#want[@]} -gt 0 ] || return 0

	DOM0_SESSION dom0-$mode $mode "" "xl info" "xenstore-ls -f /local/domain/0"
	for c in "${want[@]}"; do
		if grep -aq "Kernel panic" "$log"; then
			fail "$c" "the kernel panicked"; show_log "$log" 40
			continue
		fi
		case $c in
		"$c_ready")
			if [ -z "$dom0_setup" ]; then
				fail "$c" "no \"dom0: ready\" or \"dom0: not ready\" line (QEMU status $rc; 124: time bound)"
				show_log "$log" 40
			elif [ "$dom0_setup" = "dom0: ready" ]; then
				pass "$c"
			else
				fail "$c" "${dom0_setup#dom0: } (log: $log)"
				dom0_errors
			fi ;;
		"$c_info")
			out=$(dom0_output 1)
			if echo "$out" | grep -qE '^xen_major +: 4$' && echo "$out" | grep -qE '^xen_minor +: 17$'; then
				pass "$c_info: $(echo "$out" | grep -E '^xen_(version|caps) ' | tr -s ' ' | paste -sd, -)"
			else
				fail "$c" "xl info said: $(echo "$out" | grep -v '^$' | head -n 3 | paste -sd'|' -)"
			fi ;;
		"$c_store")
			out=$(dom0_output 2)
			if echo "$out" | grep -qxF '/local/domain/0/name = "Domain-0"'; then
				pass "$c"
			else
				fail "$c" "xenstore-ls -f /local/domain/0 said: $(echo "$out" | grep -v '^$' | head -n 3 | paste -sd'|' -)"
			fi ;;
		esac
	done
}

dom0_checks pv PV
dom0_checks pvh PVH
