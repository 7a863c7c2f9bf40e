# netfront and the IPv4 stack against Linux's netback: one boot of the Linux
# dom0 test host (make xenhost) running tests/xen-net-dom0.sh (ping, ARP,
# fragments, UDP echo, socket-call checks, close on xl shutdown).
area_doc "a PV domU's network against Linux's netback on the Xen test host" "1-1.5 min"

if check "xen domU net (ping, ARP, fragments, UDP echo, socket calls, close on xl shutdown)" build initramfs xenhost; then
	log=$LOGS/xen-net.log
	start=$(date +%s)
	bash tests/xen-net.sh $O/xenhost $O >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	grep -a '^nettest: .*FAILED' "$log" | sed 's/^/      /'
	if [ $rc -eq 0 ] && grep -aq '^nettest: [0-9]* passed, 0 failed' "$log"; then
		pass "xen domU net ($(grep -ao '^nettest: [0-9]* passed' "$log" | cut -d' ' -f2) checks, ${secs} s)"
	elif [ $rc -ge 200 ]; then
		error "xen domU net" "the test host hung or broke (run-host.sh status $rc)"; show_log "$log"
	else
		fail "xen domU net" "$(grep -ao '^nettest: [0-9]* passed, [0-9]* failed' "$log" || echo "no summary (status $rc)")"
	fi
fi
