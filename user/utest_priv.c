/*
 * utest: what only root may do, and what a process that dropped root (to
 * nobody, 65534) is refused: resource limits, reboot, host names, device
 * nodes, priorities, chroot, mounts (and their nosuid flag), the network's
 * configuration and its low ports. And what /proc/<pid>/status says of a
 * process's ids.
 */
#include "utest.h"

#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>

/* ------------------------------------------------------------ privileged calls */

static void t_cred_privileged(void)
{
	struct rlimit lim, low;
	struct utsname u;
	struct timespec ts;
	pid_t parent = getppid(); /* the harness: root */

	OK(chmod(".", 0777));
	OK(uname(&u));
	OK(getrlimit(RLIMIT_NOFILE, &lim));
	become(NOBODY, NOGROUP);

	/* Raising a hard limit is root's; lowering it is anyone's, for good. */
	low = lim;
	low.rlim_max = lim.rlim_max + 1;
	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &low), EPERM);
	low.rlim_max = lim.rlim_max - 1;
	low.rlim_cur = lim.rlim_cur < low.rlim_max ? lim.rlim_cur : low.rlim_max;
	OK(setrlimit(RLIMIT_NOFILE, &low));
	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &lim), EPERM);
	CHECK_ERR(syscall(SYS_prlimit64, parent, RLIMIT_NOFILE, NULL, &low), EPERM);

	/* Refused before the arguments are looked at (root would get EINVAL). */
	CHECK_ERR(syscall(SYS_reboot, 0, 0, 0, 0), EPERM);
	CHECK_ERR(sethostname(u.nodename, strlen(u.nodename)), EPERM);
	CHECK_ERR(setdomainname(u.domainname, strlen(u.domainname)), EPERM);
	CHECK_ERR(mknod("null", S_IFCHR | 0666, makedev(1, 3)), EPERM);
	CHECK_ERR(mknod("disk", S_IFBLK | 0666, makedev(7, 0)), EPERM);
	OK(mknod("fifo", S_IFIFO | 0666, 0));
	CHECK_ERR(setgroups(0, NULL), EPERM);
	OK(clock_gettime(CLOCK_REALTIME, &ts));
	CHECK_ERR(clock_settime(CLOCK_REALTIME, &ts), EPERM);

	/* A nicer process may not take it back, nor touch root's. */
	OK(setpriority(PRIO_PROCESS, 0, 5));
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 5);
	CHECK_ERR(setpriority(PRIO_PROCESS, 0, 4), EACCES);
	CHECK_ERR(setpriority(PRIO_PROCESS, 0, -20), EACCES);
	OK(setpriority(PRIO_PROCESS, 0, 19));
	CHECK_ERR(setpriority(PRIO_PROCESS, parent, 10), EPERM);
}

/* Nice values are kept, inherited and reported (as 20 - nice by the system call). */
static void t_priority(void)
{
	pid_t pid;

	CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 20);
	OK(setpriority(PRIO_PROCESS, 0, 7));
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 7);
	CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 13);
	OK(setpriority(PRIO_PROCESS, 0, -30)); /* root may, clamped to -20 */
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), -20);
	OK(setpriority(PRIO_PROCESS, 0, 3));
	pid = xfork();
	if (pid == 0) {
		CHECK_EQ(getpriority(PRIO_PROCESS, 0), 3);
		OK(setpgid(0, 0));
		OK(setpriority(PRIO_PGRP, 0, 9));
		CHECK_EQ(getpriority(PRIO_PROCESS, 0), 9);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 3);
	CHECK_ERR(getpriority(PRIO_PROCESS, dead_pid()), ESRCH);
	CHECK_ERR(setpriority(PRIO_PROCESS, dead_pid(), 1), ESRCH);
	CHECK_ERR(getpriority(PRIO_USER, 4711), ESRCH);
	CHECK_ERR(getpriority(3, 0), EINVAL);
}

/* ------------------------------------------------------------ chroot */

static void in_jail(void *arg)
{
	int outside = *(int *)arg;
	char buf[256];
	long n;
	pid_t pid;

	OK(chroot("jail"));
	/* The cwd stays where it was, now out of reach. */
	n = OK(syscall(SYS_getcwd, buf, sizeof(buf)));
	CHECK(n > 13 && !strncmp(buf, "(unreachable)/", 14));
	OK(chdir("/"));
	CHECK_STR(getcwd(buf, sizeof(buf)), "/");
	read_file("/etc/f", buf, sizeof(buf));
	CHECK_STR(buf, "inside");
	read_file("/abs", buf, sizeof(buf)); /* an absolute symlink stays inside */
	CHECK_STR(buf, "inside");
	OK(chdir("/../.."));
	CHECK_STR(getcwd(buf, sizeof(buf)), "/");
	read_file("../../etc/f", buf, sizeof(buf));
	CHECK_STR(buf, "inside");
	CHECK_ERR(access(utest_self, F_OK), ENOENT);
	pid = xfork();
	if (pid == 0) {
		read_file("/etc/f", buf, sizeof(buf));
		CHECK_STR(buf, "inside");
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	/* A descriptor opened outside still leads out. */
	OK(fchdir(outside));
	n = OK(syscall(SYS_getcwd, buf, sizeof(buf)));
	CHECK(!strncmp(buf, "(unreachable)/", 14));
	read_file("outside", buf, sizeof(buf));
	CHECK_STR(buf, "outside");
}

static void t_chroot(void)
{
	int outside;
	pid_t pid;

	OK(chmod(".", 0777));
	OK(mkdir("jail", 0755));
	OK(mkdir("jail/etc", 0755));
	write_file("jail/etc/f", "inside", 6);
	OK(symlink("/etc/f", "jail/abs"));
	write_file("outside", "outside", 7);
	OK(mkdir("closed", 0700));
	outside = OK(open(".", O_RDONLY | O_DIRECTORY));
	expect_exit(run_child(in_jail, &outside), 0);

	/* Errors in Linux's order: the lookup, search permission, then privilege. */
	pid = xfork();
	if (pid == 0) {
		become(NOBODY, NOGROUP);
		CHECK_ERR(chroot("missing"), ENOENT);
		CHECK_ERR(chroot("outside"), ENOTDIR);
		CHECK_ERR(chroot("closed"), EACCES);
		CHECK_ERR(chroot("jail"), EPERM);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
}

/* ------------------------------------------------------------ mounts */

static void t_priv_mount(void)
{
	char got[256];
	pid_t pid;

	OK(chmod(".", 0777));
	OK(mkdir("plain", 0777));
	OK(mkdir("nosuid", 0777));
	OK(mount("tmpfs", "plain", "tmpfs", 0, NULL));
	OK(mount("tmpfs", "nosuid", "tmpfs", MS_NOSUID, NULL));
	OK(chmod("plain", 0777));
	OK(chmod("nosuid", 0777));
	copy_self("plain/setid");
	copy_self("nosuid/setid");
	OK(chown("plain/setid", 1234, 4321));
	OK(chown("nosuid/setid", 1234, 4321));
	OK(chmod("plain/setid", 06755));
	OK(chmod("nosuid/setid", 06755));

	/* On a nosuid mount the bits are there, and mean nothing. */
	run_ids("./plain/setid", NOBODY, NOGROUP, 0, got, sizeof(got));
	CHECK_STR(got, "uids 65534 1234 1234 gids 65534 4321 4321 aux 1 65534 1234 65534 4321\n");
	run_ids("./nosuid/setid", NOBODY, NOGROUP, 0, got, sizeof(got));
	CHECK_STR(got, "uids 65534 65534 65534 gids 65534 65534 65534 aux 0 65534 65534 65534 65534\n");

	/* Mounting and unmounting are root's: EPERM once the target is found. */
	pid = xfork();
	if (pid == 0) {
		become(NOBODY, NOGROUP);
		CHECK_ERR(mount("tmpfs", "missing", "tmpfs", 0, NULL), ENOENT);
		CHECK_ERR(mount("tmpfs", ".", "tmpfs", 0, NULL), EPERM);
		CHECK_ERR(umount2("missing", 0), ENOENT);
		CHECK_ERR(umount2("plain", 0), EPERM);
		CHECK_ERR(umount2(".", 0), EPERM); /* not a mount point: still EPERM first */
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	OK(umount2("plain", 0));
	OK(umount2("nosuid", 0));
}

/* ------------------------------------------------------------ network */

struct nl_req {
	struct {
		uint32_t len;
		uint16_t type, flags;
		uint32_t seq, pid;
	} h;
	struct {
		uint8_t family, pad;
		uint16_t type;
		int32_t index;
		uint32_t flags, change;
	} ifi;
};

#define NLMSG_ERROR   2
#define NLM_F_REQUEST 0x1
#define NLM_F_ACK     0x4
#define RTM_SETLINK   19

/* The error rtnetlink answers a RTM_SETLINK of interface index with (0: none). */
static int setlink_error(int index)
{
	struct nl_req r = { .h = { sizeof(r), RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, 1, 0 },
			    .ifi = { .family = AF_UNSPEC, .index = index } };
	uint8_t buf[512];
	int fd = OK(socket(AF_NETLINK, SOCK_RAW, 0 /* NETLINK_ROUTE */)), err;
	ssize_t n;

	CHECK_EQ(send(fd, &r, sizeof(r), 0), sizeof(r));
	n = OK(recv(fd, buf, sizeof(buf), 0));
	CHECK(n >= 20);
	CHECK_EQ(((struct nl_req *)buf)->h.type, NLMSG_ERROR);
	memcpy(&err, buf + 16, sizeof(err));
	close(fd);
	return -err;
}

static void t_priv_net(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = { htonl(INADDR_LOOPBACK) } };
	struct ifreq r;
	int fd = OK(socket(AF_INET, SOCK_DGRAM, 0)), index;

	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, "lo");
	OK(ioctl(fd, SIOCGIFINDEX, &r));
	index = r.ifr_ifindex;
	become(NOBODY, NOGROUP);
	/* Low ports are root's; the others anyone's. */
	sin.sin_port = htons(80);
	CHECK_ERR(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), EACCES);
	sin.sin_port = htons(5555);
	OK(bind(fd, (struct sockaddr *)&sin, sizeof(sin)));
	/* Reading an interface is anyone's, changing it root's. */
	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, "lo");
	OK(ioctl(fd, SIOCGIFFLAGS, &r));
	CHECK_ERR(ioctl(fd, SIOCSIFFLAGS, &r), EPERM);
	CHECK_ERR(ioctl(fd, SIOCSIFMTU, &r), EPERM);
	strcpy(r.ifr_name, "nosuchif0");
	CHECK_ERR(ioctl(fd, SIOCSIFFLAGS, &r), EPERM); /* before the interface is looked up */
	close(fd);
	/* rtnetlink: a change is refused, whatever it is. */
	CHECK_EQ(setlink_error(index), EPERM);
}

/* ------------------------------------------------------------ /proc/<pid>/status */

static void status_child(void *arg)
{
	gid_t groups[2] = { 5, 3 };
	char buf[2048];

	(void)arg;
	OK(setgroups(2, groups));
	OK(setresgid(10, 11, 12));
	OK(setresuid(20, 21, 22));
	read_file("/proc/self/status", buf, sizeof(buf));
	if (!strstr(buf, "\nUid:\t20\t21\t22\t21\n") || !strstr(buf, "\nGid:\t10\t11\t12\t11\n") ||
	    !strstr(buf, "\nGroups:\t3 5 \n"))
		fail("/proc/self/status says: %.300s", strstr(buf, "Uid:") ? strstr(buf, "Uid:") : buf);
}

static void t_proc_status_ids(void)
{
	expect_exit(run_child(status_child, NULL), 0);
}

const struct utest priv_tests[] = {
	{ "cred_privileged", t_cred_privileged },
	{ "priority", t_priority },
	{ "chroot", t_chroot },
	{ "priv_mount", t_priv_mount },
	{ "priv_net", t_priv_net },
	{ "proc_status_ids", t_proc_status_ids },
	{ NULL, NULL },
};
