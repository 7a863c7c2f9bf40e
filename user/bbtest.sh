# bbtest: busybox ash (and applets) checking their own results.
# Installed as /etc/bbtest.sh; /sbin/init runs "/bin/sh /etc/bbtest.sh".
# Each check prints "bbtest: NAME: ok" or "bbtest: NAME: FAIL (why)"; the
# last line is "bbtest: N passed, M failed, K skipped"; exit 1 on a failure.
#
# BBTEST_BIN is where segv and badwrite live (default /usr/bin), so the
# script also runs on a Linux host: BBTEST_BIN=build/user sh user/bbtest.sh

BIN=${BBTEST_BIN:-/usr/bin}
pass=0
fail=0
skip=0

ok() { echo "bbtest: $1: ok"; pass=$((pass + 1)); }
bad() { echo "bbtest: $1: FAIL${2:+ ($2)}"; fail=$((fail + 1)); }
skipped() { echo "bbtest: $1: ok (skipped: $2)"; skip=$((skip + 1)); }
# check NAME GOT EXPECTED
check() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got '$2', expected '$3'"; fi
}
# truth NAME COMMAND...: the command must succeed
truth() {
	name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name" "'$*' failed with status $?"; fi
}
nl='
'

T=/tmp/bbtest.$$
rm -rf "$T"
mkdir -p "$T" && cd "$T" || { echo "bbtest: cannot use $T"; echo "bbtest: 0 passed, 1 failed, 0 skipped"; exit 1; }

# ---------------------------------------------------------------- basics
check echo "$(echo hello   world)" "hello world"
check echo_n "$(echo -n ab; echo -n cd)" "abcd"
printf 'a\nb\n' > f
check cat "$(cat f)" "a${nl}b"
check cat_concat "$(cat f f | tr -d '\n')" "abab"

n=$(echo a b c | wc -w)
check pipe_wc "$((n + 0))" 3
check pipe_3 "$(printf '3\n1\n2\n' | sort | head -n 1)" 1

# ---------------------------------------------------------------- redirections
echo one > r
echo two >> r
check redir_append "$(cat r)" "one${nl}two"
read first < r
check redir_in "$first" one
echo three > r
check redir_trunc "$(cat r)" three
ls /nonexistent-bbtest 2> err > out
st=$?
if [ $st -ne 0 ] && [ -s err ] && [ ! -s out ]; then ok redir_stderr; else bad redir_stderr "status $st"; fi
check redir_2to1 "$( { echo out; echo err >&2; } 2>&1 | wc -l | tr -d ' ')" 2
check redir_devnull "$(echo gone > /dev/null; echo kept)" kept

# ---------------------------------------------------------------- control
s=
for i in 1 2 3 x; do s="$s$i"; done
check for_loop "$s" 123x

printf 'x 1\ny 2\nz 39\n' > pairs
sum=0
while read k v; do sum=$((sum + v)); done < pairs
check while_read "$sum" 42
check while_read_pipe "$(cat pairs | { t=0; while read k v; do t=$((t + v)); done; echo $t; })" 42

check cmdsubst "$(echo $(echo nested) "$(echo inner)")" "nested inner"
check arith "$(( (6 * 7 - 2) % 9 + (1 << 4) ))" 20
case "foo.c" in *.h) r=h ;; *.c) r=c ;; *) r=other ;; esac
check case "$r" c
f1() { echo "args=$# first=$1"; return 3; }
check function "$(f1 a b)" "args=2 first=a"
f1 >/dev/null
check function_status $? 3
sh -c 'exit 7'
check exit_status $? 7
check subshell "$(x=1; (x=2); echo $x)" 1

if [ 1 -lt 2 ] && [ -d . ] && [ ! -e nothing ] && test abc = abc && [ -z "" ] &&
	[ -n x ] && [ -f f ] && ! [ 3 -eq 4 ] && [ -x /bin/sh ]; then
	ok test
else
	bad test
fi

# ---------------------------------------------------------------- files
mkdir d
touch d/b d/a d/c
check ls "$(ls d | tr '\n' ' ')" "a b c "
check ls_a "$(ls -a d | tr '\n' ' ')" ". .. a b c "
mkdir -p x/y/z
printf 'payload\n' > x/y/z/p
cp x/y/z/p x/copy
mv x/y/z/p x/moved
if [ -d x/y/z ] && [ ! -e x/y/z/p ] && [ "$(cat x/moved)" = payload ] && cmp -s x/copy x/moved; then
	ok mkdir_cp_mv
else
	bad mkdir_cp_mv
fi
rm -r x
check rm "$(ls -d x 2>/dev/null)" ""
rm d/a
check rm_file "$(ls d | tr '\n' ' ')" "b c "

printf 'apple\nbanana\ncherry\n' > fruits
check grep "$(grep an fruits)" banana
check grep_c "$(grep -c a fruits)" 2
check grep_v "$(grep -v a fruits)" cherry
grep -q kiwi fruits
check grep_nomatch $? 1
check sed "$(echo hello | sed 's/l/L/g')" heLLo
check sed_n "$(sed -n 2p fruits)" banana
check sort "$(printf 'b\nc\na\n' | sort | tr '\n' ' ')" "a b c "
check sort_nr "$(printf '9\n10\n1\n' | sort -n -r | tr '\n' ' ')" "10 9 1 "
check head_tail "$(seq 1 10 | head -n 3 | tail -n 1)" 3
check tail "$(seq 1 10 | tail -n 2 | tr '\n' ' ')" "9 10 "
check wc_l "$(wc -l < fruits | tr -d ' ')" 3
check wc_c "$(printf 12345 | wc -c | tr -d ' ')" 5

# ---------------------------------------------------------------- jobs
(sleep 1; echo done > bg.out) &
bgpid=$!
wait $bgpid
st=$?
check background "$st $(cat bg.out 2>/dev/null)" "0 done"
false &
wait $!
check background_status $? 1
{
	sleep 30 &
	bgpid=$!
	kill $bgpid
	wait $bgpid
	st=$?
} 2>/dev/null	# no "Terminated" report
check background_kill $st 143

# ---------------------------------------------------------------- fork loop
memfree() {
	while read key val unit; do
		if [ "$key" = MemFree: ]; then echo "$val"; return; fi
	done < /proc/meminfo
}
i=0
while [ $i -lt 20 ]; do /bin/true; i=$((i + 1)); done	# warm up
before=$(memfree)
i=0
bad_runs=0
while [ $i -lt 1000 ]; do
	/bin/true || bad_runs=$((bad_runs + 1))
	i=$((i + 1))
done
after=$(memfree)
check fork_loop "$i $bad_runs" "1000 0"
# Our kernel has nothing else running: MemFree must come back within 8
# pages. A general-purpose Linux allocates behind our back, so there only
# a loose bound (BBTEST_MEM_SLACK_KB, default 64 MiB) applies.
if [ -e /proc/pvops ]; then slack=32; else slack=${BBTEST_MEM_SLACK_KB:-65536}; fi
if [ -z "$before" ] || [ -z "$after" ]; then
	bad fork_loop_memory "no MemFree in /proc/meminfo"
else
	delta=$((before - after))
	[ $delta -lt 0 ] && delta=$((-delta))
	if [ $delta -le $slack ]; then
		ok fork_loop_memory
	else
		bad fork_loop_memory "MemFree $before kB before, $after kB after, more than $slack kB apart"
	fi
fi

# ---------------------------------------------------------------- our programs
"$BIN/segv" > segv.out 2>&1
check segv_status $? 139
badout=$("$BIN/badwrite")
st=$?
case "$badout" in
*EFAULT*) check badwrite "$st" 0 ;;
*) bad badwrite "printed '$badout', status $st" ;;
esac

if [ -e /proc/pvops ]; then
	cat /proc/pvops > pvops.out
	st=$?
	sed 's/^/bbtest:   | /' pvops.out
	if [ $st -eq 0 ] && grep -q sites pvops.out; then ok pvops; else bad pvops "status $st, no 'sites'"; fi
else
	skipped pvops "no /proc/pvops: not the pvkernel"
fi

# ---------------------------------------------------------------- system tools
# The everyday tools read /proc and /sys, mount, and talk to the network
# stack through ioctls and rtnetlink; each must work and say what is true.
if [ -e /proc/pvops ]; then pv=1; else pv=; fi
# has NAME TEXT PATTERN...: TEXT must contain every PATTERN (grep -e)
has() {
	name=$1
	text=$2
	shift 2
	for pat in "$@"; do
		if ! printf '%s\n' "$text" | grep -q -e "$pat"; then
			bad "$name" "no '$pat' in: $(printf '%s' "$text" | head -n 8 | tr '\n' '|')"
			return
		fi
	done
	ok "$name"
}

out=$(top -b -n 1 2>&1)
has top_batch "$out" '^Mem: ' '^CPU: .* idle' '^Load average: ' ' R .* top$'
has cpuinfo "$(cat /proc/cpuinfo 2>&1)" '^processor	: 0$' '^model name	: ' '^cpu MHz		: [0-9]' '^flags		: .* lm '
has mount_list "$(mount 2>&1)" '^proc on /proc type proc (rw'
has ps "$(ps 2>&1)" ' ps$'

mkdir mnt
if mount -t tmpfs -o mode=700 bbtmp "$T/mnt" 2>/dev/null; then
	has mount_tmpfs "$(mount)" "^bbtmp on $T/mnt type tmpfs (rw,mode=700)"
	echo data > mnt/f
	has df "$(df "$T/mnt" 2>&1)" '^Filesystem ' "^bbtmp .* $T/mnt\$"
	if umount "$T/mnt" && [ ! -e mnt/f ]; then ok umount; else bad umount "mnt/f is still there"; fi
elif [ -z "$pv" ]; then
	skipped mount_tmpfs "mount refused: not root here"
else
	bad mount_tmpfs "mount -t tmpfs failed"
fi

# Pseudo-terminals: devpts on /dev/pts, a pair while /dev/ptmx is open, and
# telnetd -i, which runs a shell on a pty and relays a pipe to its master.
has mount_devpts "$(mount 2>&1)" '^devpts on /dev/pts type devpts (rw'
n0=$(ls /dev/pts | wc -l)
exec 3<>/dev/ptmx
n1=$(ls /dev/pts | wc -l)
exec 3<&-
n2=$(ls /dev/pts | wc -l)
check ls_dev_pts "$(ls /dev/pts | grep -c '^ptmx$') $((n1 - n0)) $((n2 - n0))" "1 1 0"
if command -v telnetd >/dev/null; then
	out=$( (printf 'echo PTY$((6 * 7))OK\nexit\n'; sleep 4) | timeout 30 telnetd -i -l /bin/sh 2>&1 | tr -d '\r')
	has telnetd_pty "$out" '^PTY42OK$'
else
	skipped telnetd_pty "no telnetd applet"
fi

has ifconfig "$(ifconfig -a 2>&1)" '^lo ' '127\.0\.0\.1' 'UP.*LOOPBACK.*RUNNING\|LOOPBACK.*UP.*RUNNING\|UP,LOOPBACK,RUNNING'
has ip_link "$(ip link 2>&1)" ': lo: <LOOPBACK,UP,LOWER_UP> mtu '
has ip_addr "$(ip addr 2>&1)" 'inet 127\.0\.0\.1/8 scope host lo'
out=$(ip route 2>&1)
st=$?
check ip_route "$st $(printf '%s' "$out" | grep -c 'RTNETLINK\|error')" "0 0"
if [ -n "$pv" ]; then
	# Changes, on this kernel only (on a host they would change the host).
	if ip route add 10.99.0.0/16 dev lo; then
		has ip_route_add "$(ip route)" '^10\.99\.0\.0/16 dev lo'
	else
		bad ip_route_add "ip route add failed"
	fi
	if ip route del 10.99.0.0/16 dev lo; then
		check ip_route_del "$(ip route | grep -c 10.99)" 0
	else
		bad ip_route_del "ip route del failed"
	fi
	if ifconfig lo mtu 1400; then
		has ifconfig_mtu "$(ip link show lo)" 'mtu 1400'
	else
		bad ifconfig_mtu "ifconfig lo mtu 1400 failed"
	fi
	if ip link set lo mtu 1500; then
		has ip_link_mtu "$(ifconfig lo)" 'MTU:1500'
	else
		bad ip_link_mtu "ip link set lo mtu 1500 failed"
	fi
fi

# ---------------------------------------------------------------- kernel log
# dmesg reads it with syslog(SYSLOG_ACTION_READ_ALL); a write to /dev/kmsg adds a line.
echo "bbtest kmsg line $$" > /dev/kmsg
has dmesg "$(dmesg | tail -n 1)" "] bbtest kmsg line $$"
has dmesg_raw "$(dmesg -r | tail -n 1)" "<13>"

cd /
rm -rf "$T"
echo "bbtest: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
