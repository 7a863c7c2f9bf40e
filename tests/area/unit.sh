# Host unit tests: kernel .c files in host programs under ASan and UBSan
# (tests/unit/, make unit; one case: make unit U=PROG:CASE).
area_doc "host unit tests under ASan and UBSan (make unit)" "25 s from clean"

if check "unit tests"; then
	if make -s unit >"$LOGS/unit.log" 2>&1; then
		pass "unit tests ($(tail -n 1 "$LOGS/unit.log" | sed 's/unit tests: //'))"
	else
		fail "unit tests" "$(grep -a 'FAIL\|crashed\|error' "$LOGS/unit.log" | head -5 | tr '\n' ' ')"
		show_log "$LOGS/unit.log"
	fi
fi
