# The kernel as a PV domU that xl starts on a real Linux dom0: Xen 4.17 and
# Debian's Linux 6.1 with Xen's tools, all from Debian's archive (make
# xenhost, Documentation/xen-testhost.md). One boot of that host runs every
# check (tests/xen-domu-dom0.sh): self-tests with blkfront against blkback,
# the user-space suite, console input, disk data both ways, xl reboot,
# shutdown and destroy (Documentation/xen-domu.md).
area_doc "the kernel as a PV domU under xl on the Linux dom0 test host" "2-3.5 min"

if check_group "Xen PV domU" "tests/xen-domu-dom0.sh tests/xen-domu-lib.sh" build initramfs xenhost; then
	bash tests/xen-domu.sh $O/xenhost $O/kernel $O/initramfs.cpio "$LOGS/xen-domu.log" >"$LOGS/xen-domu-verdicts.log"
	hrc=$?
	while IFS= read -r line; do
		what=${line#domutest: }
		case $line in
		*": ok ("*) group_verdict pass "Xen PV domU: ${what%: ok (*} (${what##*: ok (}" ;;
		*": FAILED: "*) group_verdict fail "Xen PV domU: ${what%%: FAILED: *}" "${what#*: FAILED: } (log: $LOGS/xen-domu.log)" ;;
		esac
	done <"$LOGS/xen-domu-verdicts.log"
	if [ $hrc -ne 0 ] && ! grep -q ': FAILED: ' "$LOGS/xen-domu-verdicts.log"; then
		fail "Xen PV domU" "the test host ended with status $hrc (200: hang, 201: the host broke)"
		show_log "$LOGS/xen-domu.log" 40
	elif ! grep -q 'domutest: [0-9]* passed, 0 failed' "$LOGS/xen-domu-verdicts.log" &&
	     ! grep -q ': FAILED: ' "$LOGS/xen-domu-verdicts.log"; then
		fail "Xen PV domU" "no summary from the dom0 script"; show_log "$LOGS/xen-domu.log" 40
	fi
fi
