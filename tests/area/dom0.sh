# Our kernel as Xen 4.17's dom0 running Debian's own toolstack: the dom0
# initramfs of make dom0 (Documentation/xen-dom0.md) boots as make run
# XEN=pv|pvh DOM0=xl does, its /etc/init.d/rcS starts xenstored,
# xen-init-dom0 and xenconsoled, and at the shell xl and xenstore-ls must
# see the host and dom0; then guests (make guests, tests/dom0/gtest.sh):
# ours and Debian's Linux, PV and PVH, created, reached through xl
# console, operated on with xl, and gone without a trace. One boot per
# mode serves its eight checks.
area_doc "Debian's Xen toolstack (xl, xenstored, xenconsoled) on our PV and PVH dom0 (in QEMU), and guests" "2 x 5-8 min"

# dom0_errors: the setup's error lines and what it showed under them.
dom0_errors() {
	tr -d '\r' <"$log" | sed -n '/^dom0: error: /,/^dom0: [^e]/p' | grep -av '^dom0: [^e]' | head -n 30 |
		sed 's/^/      ! /'
}

# gtest_verdict CHECK OUTPUT PATTERN LAST: pass when every "gtest: NAME: ..."
# line of OUTPUT whose NAME matches PATTERN (grep -E) says ok and the
# verdict named LAST (the script's last of them) came, so a run cut short
# fails; the failures otherwise.
gtest_verdict() {
	local c=$1 lines
	lines=$(echo "$2" | grep -aE "^gtest: ($3)")
	if [ -z "$lines" ] || ! echo "$lines" | grep -aqF "gtest: $4:"; then
		fail "$c" "gtest.sh stopped before \"$4\" (log: $log)${lines:+: $(echo "$lines" | tail -n 1)}"
		show_log "$log" 30
	elif echo "$lines" | grep -aq ': FAIL'; then
		fail "$c" "$(echo "$lines" | grep -a ': FAIL' | sed 's/^gtest: //' | paste -sd';' -)"
	else
		pass "$c: $(echo "$lines" | sed -n 's/^gtest: \([^:]*\): ok (\(.*\))$/\1: \2/p' | paste -sd';' - | cut -c1-300)"
	fi
}

# dom0_checks pv|pvh PV|PVH
dom0_checks() {
	local mode=$1 M=$2 c g out want=() console=()
	local c_ready="Xen $M dom0 with xl: boots to \"dom0: ready\" (xenstored, xen-init-dom0, xenconsoled started)"
	local c_info="Xen $M dom0 with xl: xl info shows Xen 4.17 (xen_major : 4, xen_minor : 17)"
	local c_store="Xen $M dom0 with xl: xenstore-ls shows /local/domain/0/name = \"Domain-0\""
	local c_xbdev="Xen $M dom0 with xl: xenstore-ls and xenstore-write through /dev/xen/xenbus (XENSTORED_PATH), the kernel's own connection to xenstored"
	local c_boot="Xen $M dom0 with xl: xl create boots ours and Debian's Linux, PV and PVH, five domains at once"
	local c_cons="Xen $M dom0 with xl: xl console reaches each guest's shell and typed input reaches it"
	local c_ops="Xen $M dom0 with xl: xl info, dmesg, vcpu-list, pause/unpause, reboot, shutdown (poweroff), destroy mid-boot, on_crash"
	local c_leak="Xen $M dom0 with xl: after the guests, mappings and free memory are back where they started"
	for c in "$c_ready" "$c_info" "$c_store" "$c_xbdev"; do
		check "$c" build dom0 xen && want+=("$c")
	done
	for c in "$c_boot" "$c_cons" "$c_ops" "$c_leak"; do
		check "$c" build dom0 xen xenhost guests && want+=("$c")
	done
	[ ${#want[@]} -gt 0 ] || return 0

	for g in ours-pv ours-pvh linux-pv linux-pvh; do console+=("@console $g"); done
	DOM0_EXTRA=$LOGS/dom0-guests.cpio DOM0_SESSION dom0-$mode $mode "" "xl info" "xenstore-ls -f /local/domain/0" \
		"XENSTORED_PATH=/dev/xen/xenbus xenstore-ls -f /local/domain/0; XENSTORED_PATH=/dev/xen/xenbus xenstore-write /local/domain/0/data/xbdev typed-\$((6*7)) && xenstore-read /local/domain/0/data/xbdev" \
		"sh /root/gtest.sh start" "${console[@]}" "sh /root/gtest.sh ops"
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
		"$c_xbdev")
			out=$(dom0_output 3 | tr -d '\r')
			if echo "$out" | grep -qxF '/local/domain/0/name = "Domain-0"' && echo "$out" | grep -qx 'typed-42'; then
				pass "$c"
			else
				fail "$c" "it said: $(echo "$out" | grep -v '^$' | head -n 3 | paste -sd'|' -)"
				tr -d '\r' <"$log" | grep -a 'xenbus' | tail -n 5 | sed 's/^/      ! /'
			fi ;;
		"$c_boot") gtest_verdict "$c" "$(dom0_output 4)" "create|boot|five" "five domains at once" ;;
		"$c_cons")
			# A console session's end mark may share a line with the guest's
			# prompt, so the sessions' outputs can run on: each name once.
			out=
			for ((g = 5; g <= 8; g++)); do
				out+=$(dom0_output $g | tr -d '\r' | grep -aoE '^typed-42-[a-z-]+$')$'\n'
			done
			out=$(echo "$out" | grep . | sort -u)
			if [ "$(echo "$out" | grep -c .)" -eq 4 ]; then
				pass "$c: $(echo "$out" | grep . | paste -sd' ' -)"
			else
				fail "$c" "the typed line came back from $(echo "$out" | grep -c .) of 4 guests: $(echo "$out" | grep . | paste -sd' ' -)"
				show_log "$log" 30
			fi ;;
		"$c_ops") gtest_verdict "$c" "$(dom0_output 9)" "xl |on_crash" "on_crash preserve" ;;
		"$c_leak") gtest_verdict "$c" "$(dom0_output 9)" "all guests|mappings|free memory" "free memory back" ;;
		esac
	done
}

dom0_checks pv PV
dom0_checks pvh PVH
