# The C files against .clang-format (scripts/check-format.sh; make format
# rewrites them).
area_doc "formatting of the C files against .clang-format (clang-format 14)" "a few seconds"

if check "format: clang-format --dry-run on the C files"; then
	bash scripts/check-format.sh -n 4 >"$LOGS/format.log" 2>&1
	frc=$?
	summary=$(grep '^check-format: [0-9]* of [0-9]* files' "$LOGS/format.log")
	nfiles=$(echo "$summary" | sed -n 's/^check-format: [0-9]* of \([0-9]*\) files.*/\1/p')
	if [ $frc -eq 2 ]; then
		skip "format: clang-format --dry-run" "$(tail -n 1 "$LOGS/format.log")"
	elif [ $frc -eq 0 ]; then
		pass "format: clang-format --dry-run on $nfiles files"
	elif [ $frc -eq 1 ] && [ -n "$summary" ]; then
		fail "format: clang-format --dry-run on $nfiles files" "${summary#check-format: } (make format rewrites them; the list: $LOGS/format.log)"
		grep 'places differ$' "$LOGS/format.log" | head -n 10 | sed 's/^/      /'
	else
		error "format: clang-format --dry-run" "scripts/check-format.sh ended with status $frc"
		show_log "$LOGS/format.log"
	fi
fi
