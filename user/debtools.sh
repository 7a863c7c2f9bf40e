# Debian's bash with coreutils, findutils, grep, sed, gawk, tar, gzip and xz
# (utest's deb_tools runs it with PATH=/debian/bin and compares all it
# prints with what Debian's programs print on Linux). Every line printed is
# checked, so a tool that misbehaves changes the output.
set -euo pipefail
export LC_ALL=C TZ=UTC
umask 022
trap 'echo "trap: exit $?"' EXIT

# A tree of files with varied content: text, numbers, zeros, random bytes.
make_tree() {
	local dir=$1 i
	mkdir -p "$dir/a/b" "$dir/c" "$dir/empty"
	printf 'hello\nworld\n' >"$dir/a/one.txt"
	seq 1 2000 >"$dir/a/b/numbers"
	dd if=/dev/zero of="$dir/c/zeros" bs=1024 count=64 status=none
	for i in 3 1 2; do echo "line $i"; done >"$dir/c/lines.txt"
	{ yes abcdefgh || :; } | head -c 100000 >"$dir/big"
	# Pseudo-random but fixed bytes: gawk's generator from a fixed seed.
	gawk 'BEGIN { srand(7); for (i = 0; i < 2048; i++) printf "%c", int(rand() * 256) }' \
		>"$dir/c/random.bin"
	: >"$dir/a/b/empty-file"
}
sums() { (cd "$1" && find . -type f | sort | xargs sha256sum); }

work=$(mktemp -d /tmp/debtools.XXXXXX)
cd "$work"
make_tree src

# Arrays, $(...), functions, arithmetic.
files=($(cd src && find . -type f | sort))
echo "files: ${#files[@]} ${files[0]} ${files[-1]}"
echo "sizes: $(stat -c '%s' src/a/one.txt src/big src/c/zeros src/c/random.bin | tr '\n' ' ')"
echo "stat: $(stat -c '%F %a %s %n' src/a/b/numbers)"
echo "ls: $(cd src/c && ls -l --time-style=+T lines.txt | gawk '{ print $1, $3, $4, $5, $7 }')"
echo "sort: $(sort -r src/c/lines.txt | tr '\n' ,)$(sort -n -r src/a/b/numbers | head -3 | tr '\n' ,)"
echo "gawk: $(gawk '{ s += $1; if ($1 % 7 == 0) n++ } END { print s, n, NR }' src/a/b/numbers)"
echo "grep: $(grep -c '7' src/a/b/numbers) $(grep -E '^(19|20)00$' src/a/b/numbers | tr '\n' ' ')"
echo "sed: $(sed -n 's/^line \([0-9]\)$/L\1/p' src/c/lines.txt | tr '\n' ' ')$(sed '1d;$d' src/a/one.txt)"
echo "find: $(find src -name '*.txt' | sort | tr '\n' ' ')$(find src -type d | wc -l) dirs, $(find src -empty | sort | tr '\n' ' ')"
echo "xargs: $(find src -type f -name '*.txt' -print0 | sort -z | xargs -0 -n1 wc -l | gawk '{ print $1 }' | tr '\n' ' ')"
echo "date: $(date -d @1700000000 '+%Y-%m-%dT%H:%M:%S %a %j') now>2020: $([ "$(date +%s)" -gt 1577836800 ] && echo yes || echo no)"
echo "dd: $(dd if=src/big bs=1000 skip=3 count=2 status=none | sha256sum | cut -c1-16)"
echo "sha256: $(sha256sum src/a/one.txt src/c/random.bin | cut -c1-16 | tr '\n' ' ')"

# tar with gzip and with xz: the same tree, byte for byte, and the same listing.
# Through pipes, not tar -z/-J: GNU tar runs its compressor with /bin/sh -c,
# and /bin/sh here is busybox, whose shell runs its own gzip and xz applets
# (through /proc/self/exe) before anything on PATH.
sums src >sums.src
tar -cf - -C src . | gzip -c >tree.tgz
tar -cf - -C src . | xz -c >tree.txz
gzip -t tree.tgz && xz -t tree.txz && echo "compressed: ok"
mkdir gz xz
gzip -dc tree.tgz | tar -xf - -C gz
xz -dc tree.txz | tar -xf - -C xz
[ "$(sums gz)" = "$(cat sums.src)" ] && echo "tar+gzip: identical"
[ "$(sums xz)" = "$(cat sums.src)" ] && echo "tar+xz: identical"
echo "listing: $(gzip -dc tree.tgz | tar -tf - | sort | tr '\n' ' ')"
[ "$(xz -dc tree.txz | tar -tf - | sort)" = "$(gzip -dc tree.tgz | tar -tf - | sort)" ] && echo "listings: identical"
echo "streams: $(gzip -dc tree.tgz | xz -c | xz -dc | tar -xOf - ./a/one.txt | tr '\n' ' ')"
echo "sums: $(sha256sum <sums.src | cut -c1-16)"
cd /
rm -rf "$work"
