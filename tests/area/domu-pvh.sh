# The same image as a PVH domU (type "pvh") on the same host: console and
# store from the HVM parameters, grant frames by add_to_physmap, the same
# front-ends (tests/xen-pvh-domu-dom0.sh: self-tests with blkfront, the
# user-space suite, ping and UDP echo through netfront, xl shutdown and
# destroy; Documentation/xen-pvh.md).
area_doc "the kernel as a PVH domU under xl on the Linux dom0 test host" "2-5.5 min"

if check_group "Xen PVH domU" "tests/xen-pvh-domu-dom0.sh tests/xen-domu-lib.sh" build initramfs xenhost; then
	bash tests/xen-pvh-domu.sh $O/xenhost $O/kernel $O/initramfs.cpio "$LOGS/xen-pvh-domu.log" >"$LOGS/xen-pvh-domu-verdicts.log"
	hrc=$?
	while IFS= read -r line; do
		what=${line#pvhtest: }
		case $line in
		*": ok ("*) group_verdict pass "Xen PVH domU: ${what%: ok (*} (${what##*: ok (}" ;;
		*": FAILED: "*) group_verdict fail "Xen PVH domU: ${what%%: FAILED: *}" "${what#*: FAILED: } (log: $LOGS/xen-pvh-domu.log)" ;;
		esac
	done <"$LOGS/xen-pvh-domu-verdicts.log"
	if [ $hrc -ne 0 ] && ! grep -q ': FAILED: ' "$LOGS/xen-pvh-domu-verdicts.log"; then
		fail "Xen PVH domU" "the test host ended with status $hrc (200: hang, 201: the host broke)"
		show_log "$LOGS/xen-pvh-domu.log" 40
	elif ! grep -q '^pvhtest: [0-9]* passed, 0 failed' "$LOGS/xen-pvh-domu-verdicts.log" &&
	     ! grep -q ': FAILED: ' "$LOGS/xen-pvh-domu-verdicts.log"; then
		fail "Xen PVH domU" "no summary from the dom0 script"; show_log "$LOGS/xen-pvh-domu.log" 40
	fi
fi
