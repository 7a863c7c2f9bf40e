#!/bin/bash
# Checks the formatting of the tree's C files against .clang-format, or
# rewrites them (--fix, which is `make format`).
# usage: scripts/check-format.sh [--fix] [-q] [-a] [-n LINES] [FILE...]
#   (no FILE: every tracked .c and .h file but the excluded ones below)
#   -n LINES  the first LINES lines of the diff, for the first 5 files that
#             differ (default 8; 0: none); -a: for every file that differs
#   -q        only the summary line
# Prints each file that differs with the start of its diff, then
#   "check-format: N of M files differ from .clang-format (clang-format X)".
# Exit status: 0 all formatted (or --fix done), 1 some files differ,
# 2 clang-format is not installed or the usage is wrong, 3 clang-format
# failed (a bad .clang-format, a file it cannot read).
#
# Never formatted (EXCLUDE below, also in Documentation/testing.md):
#   arch/x86/include/asm/entry-regs.h  assembler macros for the .S files
#                                      (clang-format would write "% rax")
#   *.S, build/ (generated)            not C: never listed
set -u
cd "$(dirname "$0")/.."

EXCLUDE="
arch/x86/include/asm/entry-regs.h
"
# The version .clang-format was tuned for; other versions format a little
# differently, so their verdict is only indicative.
WANT_MAJOR=14

fix=0 quiet=0 lines=8 maxfiles=5
while [ $# -gt 0 ]; do
	case $1 in
	--fix) fix=1 ;;
	-q) quiet=1 ;;
	-n) lines=${2:?-n needs a number}; shift ;;
	-a) maxfiles=-1 ;;
	-h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "check-format: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done

cf=${CLANG_FORMAT:-}
if [ -z "$cf" ]; then
	for c in clang-format-$WANT_MAJOR clang-format; do
		command -v "$c" >/dev/null 2>&1 && { cf=$c; break; }
	done
fi
version=$("${cf:-false}" --version 2>/dev/null | grep -o 'version [0-9][0-9.]*' | cut -d' ' -f2)
if [ -z "$version" ]; then
	echo "check-format: clang-format is not installed (Debian: apt-get install clang-format)" >&2
	exit 2
fi
if [ "${version%%.*}" != "$WANT_MAJOR" ]; then
	echo "check-format: warning: clang-format $version; .clang-format is tuned for $WANT_MAJOR" >&2
fi

if [ $# -gt 0 ]; then
	files=("$@")
else
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		mapfile -t all < <(git ls-files '*.c' '*.h')
	else
		mapfile -t all < <(find . -path ./build -prune -o \( -name '*.c' -o -name '*.h' \) -print |
			sed 's|^\./||' | LC_ALL=C sort)
	fi
	files=()
	for f in "${all[@]}"; do
		case $EXCLUDE in *"
$f
"*) continue ;; esac
		[ -f "$f" ] && files+=("$f")
	done
fi

if [ $fix -eq 1 ]; then
	if ! printf '%s\0' "${files[@]}" | xargs -0 -r "$cf" -i --style=file; then
		echo "check-format: clang-format $version failed" >&2
		exit 3
	fi
	echo "check-format: formatted ${#files[@]} files with clang-format $version"
	exit 0
fi

# One clang-format run names every file that would change, once per place.
# Any other complaint (a bad .clang-format, a file it cannot read) is an error.
out=$(printf '%s\0' "${files[@]}" | xargs -0 -r "$cf" --dry-run --Werror --style=file 2>&1)
report=$(printf '%s\n' "$out" |
	sed -n 's/^\(.*\):[0-9][0-9]*:[0-9][0-9]*: error: code should be clang-formatted.*/\1/p' | uniq -c)
other=$(printf '%s\n' "$out" | grep -aE '^[^[:space:]]+:[0-9]+:[0-9]+: error: |^(Error|error)[: ]' |
	grep -av 'code should be clang-formatted' | head -3)
if [ -n "$other" ]; then
	printf '%s\n' "$other" >&2
	echo "check-format: clang-format $version failed" >&2
	exit 3
fi
mapfile -t bad < <(printf '%s\n' "$report" | awk 'NF { print $2 }')

if [ $quiet -eq 0 ]; then
	shown=0
	while read -r n f; do
		[ -n "$f" ] || continue
		echo "$f: $n places differ"
		if [ "$lines" -gt 0 ] && { [ $shown -lt "$maxfiles" ] || [ "$maxfiles" -lt 0 ]; }; then
			"$cf" --style=file "$f" | diff -u "$f" - | tail -n +3 | head -n "$lines" | sed 's/^/    /'
			shown=$((shown + 1))
		fi
	done <<<"$report"
fi
echo "check-format: ${#bad[@]} of ${#files[@]} files differ from .clang-format (clang-format $version)"
[ ${#bad[@]} -eq 0 ]
