/*
 * utest: the system's files in /proc and /sys, as programs read them at
 * start-up, and mount/umount2 of tmpfs, proc and sysfs.
 *
 * On a Linux host the same checks run where they hold there; the ones
 * that depend on this kernel's own numbers (one CPU, pid_max) or need root
 * to mount are skipped or loosened there.
 */
#include "utest.h"

#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/utsname.h>

#define TMPFS_MAGIC 0x01021994
#define SYSFS_MAGIC 0x62656572
#define ST_NOSUID   2
#define ST_NODEV    4
#define ST_NOEXEC   8

static char text[16384];

/* The whole of a /proc or /sys file (read_file fails the test if it cannot be opened). */
static const char *slurp(const char *path)
{
	read_file(path, text, sizeof(text));
	return text;
}

/* The value after "key" at the start of a line, as a number; fails if there is none. */
static unsigned long long line_value(const char *t, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = t; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, n))
			return strtoull(p + n, NULL, 10);
	fail("no line '%s' in the file", key);
}

static unsigned long long uptime_cs(void)
{
	unsigned long s, cs;

	CHECK_EQ(sscanf(slurp("/proc/uptime"), "%lu.%lu", &s, &cs), 2);
	return s * 100 + cs;
}

/* ------------------------------------------------------------ /proc */

/* top and vmstat parse the cpu lines with sscanf; the sums must be the time that passed. */
static void t_proc_stat(void)
{
	unsigned long long f[10], sum = 0, before, after, ctxt, forks;
	const char *t;
	pid_t pid;

	before = uptime_cs();
	t = strdup(slurp("/proc/stat"));
	after = uptime_cs();
	CHECK(t != NULL);
	CHECK_EQ(sscanf(t, "cpu  %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &f[0], &f[1], &f[2],
			&f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9]),
		 10);
	CHECK(strstr(t, "\ncpu0 ") != NULL);
	CHECK(strstr(t, "\nintr ") != NULL);
	CHECK(strstr(t, "\nsoftirq ") != NULL);
	for (int i = 0; i < 8; i++)
		sum += f[i];
	if (pvkernel()) {
		/* One CPU: user + system + idle is the uptime, give or take the rounding of each. */
		if (!(sum + 3 >= before && sum <= after + 1))
			fail("cpu line sums to %llu cs (user %llu, system %llu, idle %llu), uptime %llu to %llu cs",
			     sum, f[0], f[2], f[3], before, after);
		CHECK(f[3] <= sum);
	}
	CHECK(line_value(t, "btime ") > 1000000000ULL);
	CHECK(line_value(t, "procs_running ") >= 1);
	line_value(t, "procs_blocked ");
	ctxt = line_value(t, "ctxt ");
	forks = line_value(t, "processes ");
	CHECK(forks >= 1);
	/* A child that runs and exits: at least two more switches and one more process. */
	pid = xfork();
	if (pid == 0)
		_exit(0);
	expect_exit(xwait(pid), 0);
	t = slurp("/proc/stat");
	CHECK(line_value(t, "ctxt ") >= ctxt + 2);
	CHECK(line_value(t, "processes ") >= forks + 1);
}

static void t_proc_cpuinfo(void)
{
	const char *t = slurp("/proc/cpuinfo");
	double mhz = 0;
	const char *p;

	CHECK(!strncmp(t, "processor\t: 0\n", 14));
	CHECK(strstr(t, "\nvendor_id\t: ") && strstr(t, "\ncpu family\t: "));
	CHECK(strstr(t, "\nmodel\t\t: ") && strstr(t, "\nmodel name\t: ") && strstr(t, "\nstepping\t: "));
	p = strstr(t, "\ncpu MHz\t\t: ");
	CHECK(p && sscanf(p + 12, "%lf", &mhz) == 1 && mhz > 1.0);
	p = strstr(t, "\nflags\t\t: ");
	CHECK(p != NULL);
	/* Every x86-64 CPU has these. */
	CHECK(strstr(p, " fpu ") && strstr(p, " tsc ") && strstr(p, " lm ") && strstr(p, " sse2 "));
	if (pvkernel())
		CHECK(strstr(t, "\nprocessor\t: 1\n") == NULL);
}

/* The command line the kernel was booted with, one line, as Linux has it. */
static void t_proc_cmdline(void)
{
	const char *c = slurp("/proc/cmdline");
	size_t n = strlen(c);

	CHECK(n > 0 && c[n - 1] == '\n' && !strchr(c, '\n')[1]);
	CHECK_ERR(open("/proc/cmdline", O_WRONLY), EACCES);
}

static void t_proc_loadavg(void)
{
	double l1, l5, l15;
	int running, total, last;
	pid_t pid = xfork();

	if (pid == 0)
		_exit(0);
	expect_exit(xwait(pid), 0);
	CHECK_EQ(sscanf(slurp("/proc/loadavg"), "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &running,
			&total, &last),
		 6);
	CHECK(l1 >= 0 && l5 >= 0 && l15 >= 0);
	CHECK(running >= 1 && total >= running);
	/* The last pid handed out: the child's, when nothing else forks meanwhile. */
	if (pvkernel())
		CHECK_EQ(last, pid);
	else
		CHECK(last > 0);
}

static void t_proc_sys_kernel(void)
{
	struct utsname u;
	char want[256];

	OK(uname(&u));
	snprintf(want, sizeof(want), "%s\n", u.sysname);
	CHECK_STR(slurp("/proc/sys/kernel/ostype"), want);
	snprintf(want, sizeof(want), "%s\n", u.release);
	CHECK_STR(slurp("/proc/sys/kernel/osrelease"), want);
	snprintf(want, sizeof(want), "%s\n", u.nodename);
	CHECK_STR(slurp("/proc/sys/kernel/hostname"), want);
	snprintf(want, sizeof(want), "%s\n", u.version);
	CHECK_STR(slurp("/proc/sys/kernel/version"), want);
	if (pvkernel())
		CHECK_STR(slurp("/proc/sys/kernel/pid_max"), "32768\n");
	else
		CHECK(atoi(slurp("/proc/sys/kernel/pid_max")) > 300);
	CHECK(atoi(slurp("/proc/sys/kernel/pid_max")) > getpid());
	snprintf(want, sizeof(want), "Linux version %s ", u.release);
	CHECK(!strncmp(slurp("/proc/version"), want, strlen(want)));
}

static void t_proc_filesystems(void)
{
	const char *t = slurp("/proc/filesystems");

	CHECK(strstr(t, "nodev\tproc\n") && strstr(t, "nodev\ttmpfs\n") && strstr(t, "nodev\tsysfs\n"));
}

/* ps and top read fields 3-24 of stat; the sizes are the process's own. */
static void t_proc_pid_stat(void)
{
	char path[64], comm[64], state;
	unsigned long long start, vsize;
	long ppid, rss, nthreads, fields = 1;
	const char *t;

	snprintf(path, sizeof(path), "/proc/%d/stat", getpid());
	t = strdup(slurp(path));
	CHECK(t != NULL);
	for (const char *p = t; *p; p++)
		fields += *p == ' ';
	CHECK_EQ(fields, 52);
	CHECK_EQ(sscanf(t, "%*d (%63[^)]) %c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %ld %*d %llu %llu %ld",
			comm, &state, &ppid, &nthreads, &start, &vsize, &rss),
		 7);
	CHECK_STR(comm, "utest");
	CHECK_EQ(state, 'R');
	CHECK_EQ(ppid, getppid());
	CHECK_EQ(nthreads, 1);
	CHECK(start <= uptime_cs());
	/* A static program maps at least its image and stack, and has touched some of it. */
	CHECK(vsize >= 64 * 1024);
	CHECK(rss >= 4);
	snprintf(path, sizeof(path), "/proc/%d/status", getpid());
	t = slurp(path);
	CHECK(strstr(t, "Name:\tutest\n") && strstr(t, "\nState:\tR (running)\n"));
	snprintf(path, sizeof(path), "\nPid:\t%d\nPPid:\t%d\n", getpid(), getppid());
	CHECK(strstr(t, path) != NULL);
	snprintf(path, sizeof(path), "\nUid:\t%d\t", getuid());
	CHECK(strstr(t, path) != NULL);
	CHECK(line_value(t, "VmRSS:") > 0);
}

static void t_proc_mounts(void)
{
	char link[64];
	ssize_t n = readlink("/proc/mounts", link, sizeof(link) - 1);

	CHECK(n > 0);
	link[n > 0 ? n : 0] = '\0';
	CHECK_STR(link, "self/mounts");
	CHECK(strstr(slurp("/proc/mounts"), "proc /proc proc ") != NULL);
	CHECK(strstr(slurp("/proc/self/mounts"), "proc /proc proc ") != NULL);
	if (pvkernel())
		CHECK(!strncmp(slurp("/proc/mounts"), "rootfs / rootfs rw 0 0\n", 23));
}

/* ------------------------------------------------------------ /sys */

static void t_sysfs(void)
{
	struct stat st;

	if (pvkernel())
		CHECK(strstr(slurp("/proc/mounts"), "\nsysfs /sys sysfs ") != NULL);
	CHECK_STR(slurp("/sys/class/net/lo/address"), "00:00:00:00:00:00\n");
	CHECK_STR(slurp("/sys/class/net/lo/type"), "772\n");
	CHECK(atoi(slurp("/sys/class/net/lo/ifindex")) >= 1);
	CHECK(atoi(slurp("/sys/class/net/lo/mtu")) >= 68);
	CHECK(!strncmp(slurp("/sys/devices/system/cpu/online"), "0", 1));
	OK(stat("/sys/kernel", &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_ERR(open("/sys/class/net/nosuchif/address", O_RDONLY), ENOENT);
	CHECK_ERR(open("/sys/class/net/lo/address", O_WRONLY), EACCES);
	if (pvkernel()) {
		CHECK_STR(slurp("/sys/class/net/lo/operstate"), "unknown\n");
		CHECK_STR(slurp("/sys/devices/system/cpu/online"), "0\n");
		/* Under Xen (the pv_ops backend says so), and only there. */
		if (strstr(slurp("/proc/pvops"), "backend:  xen")) {
			CHECK_STR(slurp("/sys/hypervisor/type"), "xen\n");
			/* Debian's xen-utils-wrapper picks its tools' directory by these. */
			CHECK_STR(slurp("/sys/hypervisor/version/major"), "4\n");
			CHECK_STR(slurp("/sys/hypervisor/version/minor"), "17\n");
			CHECK(slurp("/sys/hypervisor/version/extra")[0] == '.');
		} else {
			CHECK_ERR(access("/sys/hypervisor/type", F_OK), ENOENT);
			CHECK_ERR(access("/sys/hypervisor/version", F_OK), ENOENT);
		}
	}
}

/* ------------------------------------------------------------ mount */

/* mount(2), or a skip where this process may not mount (not root on a host). */
static void must_mount(const char *src, const char *dir, const char *type, unsigned long flags,
		       const char *data)
{
	if (mount(src, dir, type, flags, data) == 0)
		return;
	if (errno == EPERM && !pvkernel())
		skip("mount: EPERM: not root here");
	fail("mount(%s, %s, %s): %s", src, dir, type, errname(errno));
}

/* The line of /proc/mounts for the mount point path, or NULL. */
static const char *mount_line(const char *path)
{
	static char want[600];
	const char *t = slurp("/proc/mounts"), *p;

	snprintf(want, sizeof(want), " %s ", path);
	for (p = t; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		const char *eol = strchr(p, '\n');
		const char *hit = strstr(p, want);

		if (hit && (!eol || hit < eol))
			return p;
	}
	return NULL;
}

static void t_mount_tmpfs(void)
{
	char cwd[400], dir[512], other[512];
	struct stat st, parent;
	struct statfs sfs;
	const char *line;

	OK(mkdir("m", 0755));
	write_file("m/under", "x", 1);
	write_file("outside", "y", 1);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	snprintf(dir, sizeof(dir), "%s/m", cwd);
	must_mount("utmp", "m", "tmpfs", 0, "mode=0700");
	/* What was there is covered; the new file system is empty, its root as asked. */
	CHECK_ERR(access("m/under", F_OK), ENOENT);
	OK(stat("m", &st));
	OK(stat(".", &parent));
	CHECK_EQ(st.st_mode, S_IFDIR | 0700);
	CHECK(st.st_dev != parent.st_dev);
	OK(statfs("m", &sfs));
	CHECK_EQ(sfs.f_type, TMPFS_MAGIC);
	write_file("m/new", "z", 1);
	line = mount_line(dir);
	CHECK(line && !strncmp(line, "utmp ", 5) && strstr(line, " tmpfs rw"));
	/* Another file system: no links or renames across, and the mount point stays. */
	CHECK_ERR(rename("m/new", "new"), EXDEV);
	CHECK_ERR(link("m/new", "new"), EXDEV);
	CHECK_ERR(rename("outside", "m/outside"), EXDEV);
	CHECK_ERR(rmdir("m"), EBUSY);
	CHECK_ERR(rename("m", "m2"), EBUSY);
	/* ".." at its root is the directory it is mounted in. */
	OK(stat("m/..", &st));
	CHECK_EQ(st.st_ino, parent.st_ino);
	CHECK(getcwd(other, sizeof(other)) != NULL);
	OK(chdir("m"));
	CHECK(getcwd(other, sizeof(other)) != NULL);
	CHECK_STR(other, dir);
	OK(chdir(".."));
	OK(umount2("m", 0));
	CHECK(mount_line(dir) == NULL);
	CHECK_EQ(access("m/under", F_OK), 0);
	CHECK_ERR(access("m/new", F_OK), ENOENT);
}

static void t_mount_errors(void)
{
	OK(mkdir("m", 0755));
	write_file("f", "x", 1);
	if (mount("none", "m", "tmpfs", 0, NULL) < 0 && errno == EPERM && !pvkernel())
		skip("mount: EPERM: not root here");
	OK(umount2("m", 0));
	CHECK_ERR(mount("none", "m", "nosuchfs", 0, NULL), ENODEV);
	CHECK_ERR(mount("none", "m", NULL, 0, NULL), EINVAL);
	CHECK_ERR(mount("none", "nothing", "tmpfs", 0, NULL), ENOENT);
	CHECK_ERR(mount("none", "f", "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR(mount("none", BAD, "tmpfs", 0, NULL), EFAULT);
	CHECK_ERR(mount("none", "m", BAD, 0, NULL), EFAULT);
	CHECK_ERR(mount("none", "m", "tmpfs", MS_NOUSER, NULL), EINVAL);
	CHECK_ERR(mount("none", "m", "tmpfs", 0, "nosuchoption=1"), EINVAL);
	CHECK_ERR(umount2("m", 0), EINVAL);	/* not a mount point */
	CHECK_ERR(umount2("m", 0x100), EINVAL); /* unknown flag */
	CHECK_ERR(umount2("nothing", 0), ENOENT);
	CHECK_ERR(umount2(BAD, 0), EFAULT);
	CHECK_ERR(mount(NULL, "m", NULL, MS_REMOUNT, NULL), EINVAL); /* not a mount */
	if (pvkernel()) {
		/* What this kernel cannot do, it refuses rather than pretends. */
		CHECK_ERR(mount("none", "m", "tmpfs", MS_RDONLY, NULL), EINVAL);
		CHECK_ERR(mount("none", "m", "tmpfs", 0, "size=1m"), EINVAL);
		CHECK_ERR(mount(".", "m", NULL, MS_BIND, NULL), EINVAL);
		CHECK_ERR(mount("none", "/", "tmpfs", 0, NULL), EBUSY);
		CHECK_ERR(umount2("/", 0), EBUSY);
	}
}

static void t_mount_busy(void)
{
	int fd;

	OK(mkdir("m", 0755));
	must_mount("none", "m", "tmpfs", 0, NULL);
	OK(mkdir("m/d", 0755));
	fd = OK(open("m/f", O_WRONLY | O_CREAT, 0644));
	CHECK_ERR(umount2("m", 0), EBUSY);
	OK(close(fd));
	OK(chdir("m/d"));
	CHECK_ERR(umount2("..", 0), EBUSY);
	OK(chdir("../.."));
	/* MNT_EXPIRE: marked the first time, unmounted the second (nothing used it). */
	CHECK_ERR(umount2("m", MNT_EXPIRE | MNT_DETACH), EINVAL);
	CHECK_ERR(umount2("m", MNT_EXPIRE), EAGAIN);
	OK(umount2("m", MNT_EXPIRE));
	CHECK_ERR(access("m/d", F_OK), ENOENT);
	/* MNT_DETACH: gone from the tree at once, while an open file still works. */
	must_mount("none", "m", "tmpfs", 0, NULL);
	fd = OK(open("m/f", O_RDWR | O_CREAT, 0644));
	OK(umount2("m", MNT_DETACH));
	CHECK_ERR(access("m/f", F_OK), ENOENT);
	CHECK_EQ(write(fd, "abc", 3), 3);
	OK(close(fd));
	/* Stacked mounts come off the top one first. */
	must_mount("one", "m", "tmpfs", 0, NULL);
	write_file("m/first", "1", 1);
	must_mount("two", "m", "tmpfs", 0, NULL);
	CHECK_ERR(access("m/first", F_OK), ENOENT);
	OK(umount2("m", 0));
	CHECK_EQ(access("m/first", F_OK), 0);
	OK(umount2("m", 0));
	CHECK_ERR(umount2("m", 0), EINVAL);
}

static void t_mount_proc_sysfs(void)
{
	char cwd[400], path[512];
	struct statfs sfs;
	int fd;

	OK(mkdir("p", 0755));
	OK(mkdir("s", 0755));
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	must_mount("uproc", "p", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	must_mount("usys", "s", "sysfs", 0, NULL);
	snprintf(path, sizeof(path), "%d (utest) ", getpid());
	CHECK(!strncmp(slurp("p/self/stat"), path, strlen(path)));
	CHECK(strstr(slurp("p/meminfo"), "MemTotal:") != NULL);
	CHECK_STR(slurp("s/class/net/lo/address"), "00:00:00:00:00:00\n");
	/* statfs says which file system, and the mount's flags. */
	OK(statfs("s/class", &sfs));
	CHECK_EQ(sfs.f_type, SYSFS_MAGIC);
	OK(statfs("p/self", &sfs));
	CHECK_EQ(sfs.f_flags & (ST_NOSUID | ST_NODEV | ST_NOEXEC), ST_NOSUID | ST_NODEV | ST_NOEXEC);
	snprintf(path, sizeof(path), "%s/p", cwd);
	CHECK(mount_line(path) && strstr(mount_line(path), " proc rw,nosuid,nodev,noexec"));
	/* Busy while one of its files is open. */
	fd = OK(open("p/uptime", O_RDONLY));
	CHECK_ERR(umount2("p", 0), EBUSY);
	OK(close(fd));
	OK(umount2("p", 0));
	OK(umount2("s", 0));
	CHECK_ERR(access("p/self", F_OK), ENOENT);
	CHECK_ERR(access("s/class", F_OK), ENOENT);
	/* Remount changes the flags of a mount's root; propagation is private only. */
	if (pvkernel()) {
		must_mount("uproc", "p", "proc", 0, NULL);
		OK(mount(NULL, "p", NULL, MS_REMOUNT | MS_RDONLY, NULL));
		CHECK(strstr(mount_line(path), " proc ro "));
		OK(mount(NULL, "p", NULL, MS_PRIVATE, NULL));
		CHECK_ERR(mount(NULL, "p", NULL, MS_SHARED, NULL), EINVAL);
		CHECK_ERR(mount(NULL, ".", NULL, MS_PRIVATE, NULL), EINVAL);
		OK(umount2("p", 0));
	}
}

const struct utest sys_tests[] = {
	{ "proc_stat", t_proc_stat },
	{ "proc_cpuinfo", t_proc_cpuinfo },
	{ "proc_loadavg", t_proc_loadavg },
	{ "proc_cmdline", t_proc_cmdline },
	{ "proc_sys_kernel", t_proc_sys_kernel },
	{ "proc_filesystems", t_proc_filesystems },
	{ "proc_pid_stat", t_proc_pid_stat },
	{ "proc_mounts", t_proc_mounts },
	{ "sysfs", t_sysfs },
	{ "mount_tmpfs", t_mount_tmpfs },
	{ "mount_errors", t_mount_errors },
	{ "mount_busy", t_mount_busy },
	{ "mount_proc_sysfs", t_mount_proc_sysfs },
	{ NULL, NULL },
};
