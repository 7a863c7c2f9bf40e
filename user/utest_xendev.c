/*
 * Linux's Xen device files in dom0: /dev/xen/privcmd (hypercalls with
 * buffers in this process) and /dev/xen/evtchn (event channels between
 * two descriptors of this process, through Xen). Outside dom0 (natively,
 * in a domU, on a Linux host that is no dom0) the devices do not exist
 * and the cases skip; xendev_absent checks that they really are absent.
 * Whether this is dom0 is /proc/xen/capabilities, as the tools ask.
 */
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <setjmp.h>
#include <time.h>
#include <signal.h>

#include "utest.h"

/* As the tools see them: domctl, and the latest interface version. */
#define __XEN_TOOLS__ 1
#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/memory.h>
#include <xen/hvm/dm_op.h>
#include <xen/event_channel.h>
#include <xen/version.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/privcmd.h>
#include <xen/sys/xenbus_dev.h>
#include <xen/io/xs_wire.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/statfs.h>

#define PRIVCMD "/dev/xen/privcmd"
#define EVTCHN	"/dev/xen/evtchn"

int xen_dom0(void)
{
	char caps[64] = "";
	int fd = open("/proc/xen/capabilities", O_RDONLY);

	if (fd < 0)
		return 0;
	if (read(fd, caps, sizeof(caps) - 1) < 0)
		caps[0] = '\0';
	close(fd);
	return strstr(caps, "control_d") != NULL;
}

void need_dom0(void)
{
	if (!xen_dom0())
		skip("not Xen's dom0: no /dev/xen devices");
}

static long hypercall(int fd, unsigned long op, unsigned long a0, unsigned long a1)
{
	privcmd_hypercall_t h = { .op = op, .arg = { a0, a1 } };

	return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h);
}

/* ------------------------------------------------------------ presence */

static void t_xendev_absent(void)
{
	struct stat st;

	if (xen_dom0()) {
		OK(stat(PRIVCMD, &st));
		CHECK(S_ISCHR(st.st_mode));
		CHECK_EQ(st.st_mode & 07777, 0600);
		CHECK_EQ(st.st_uid, 0);
		OK(stat(EVTCHN, &st));
		CHECK(S_ISCHR(st.st_mode));
		/* libxencall falls back to mlocked buffers only when this one is absent. */
		CHECK_ERR(access("/dev/xen/hypercall", F_OK), ENOENT);
		return;
	}
	if (!pvkernel())
		skip("not the pvkernel: the host's devices are its own business");
	CHECK_ERR(access(PRIVCMD, F_OK), ENOENT);
	CHECK_ERR(access(EVTCHN, F_OK), ENOENT);
	CHECK_ERR(access("/dev/xen/xenbus_backend", F_OK), ENOENT);
}

/* ------------------------------------------------------------ privcmd */

static void t_privcmd_version(void)
{
	int fd;
	long v;

	need_dom0();
	fd = OK(open(PRIVCMD, O_RDWR | O_CLOEXEC));
	v = OK(hypercall(fd, __HYPERVISOR_xen_version, XENVER_version, 0));
	CHECK_EQ(v >> 16, 4);
	CHECK_EQ(v & 0xffff, 17);
	close(fd);
}

/* Xen writes into this process's memory: a locked mapping as libxencall makes, and the stack. */
static void t_privcmd_buffer(void)
{
	xen_extraversion_t onstack;
	char *buf;
	int fd;

	need_dom0();
	fd = OK(open(PRIVCMD, O_RDWR | O_CLOEXEC));
	buf = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED,
		   -1, 0);
	CHECK(buf != MAP_FAILED);
	memset(buf, 0x55, PAGE);
	CHECK_EQ(hypercall(fd, __HYPERVISOR_xen_version, XENVER_extraversion,
			   (unsigned long)(buf + 100)),
		 0);
	CHECK(memchr(buf + 100, '\0', sizeof(xen_extraversion_t)) != NULL);
	CHECK_EQ(buf[99], 0x55);
	CHECK_EQ(buf[100 + sizeof(xen_extraversion_t)], 0x55);
	/* The same through a stack buffer written first (this child's, not its parent's). */
	memset(onstack, 0x55, sizeof(onstack));
	CHECK_EQ(hypercall(fd, __HYPERVISOR_xen_version, XENVER_extraversion,
			   (unsigned long)onstack),
		 0);
	CHECK_STR(onstack, buf + 100);
	munmap(buf, PAGE);
	close(fd);
}

static void t_privcmd_efault(void)
{
	int fd;

	need_dom0();
	fd = OK(open(PRIVCMD, O_RDWR | O_CLOEXEC));
	/* A buffer Xen cannot reach: Xen's -EFAULT, passed on. */
	CHECK_ERR(hypercall(fd, __HYPERVISOR_xen_version, XENVER_extraversion,
			    (unsigned long)BAD),
		  EFAULT);
	/* A page that was mapped and is not any more. */
	char *gone = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(gone != MAP_FAILED);
	gone[0] = 1;
	OK(munmap(gone, PAGE));
	CHECK_ERR(hypercall(fd, __HYPERVISOR_xen_version, XENVER_extraversion, (unsigned long)gone),
		  EFAULT);
	/* Kernel space is not the caller's to name (Xen's hole, under PV). */
	CHECK_ERR(hypercall(fd, __HYPERVISOR_xen_version, XENVER_extraversion,
			    0xffff800000000000UL),
		  EFAULT);
	/* The argument block itself unreadable: the kernel's -EFAULT. */
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, BAD), EFAULT);
	/* Still working afterwards. */
	CHECK_EQ(hypercall(fd, __HYPERVISOR_xen_version, XENVER_version, 0) >> 16, 4);
	close(fd);
}

static void t_privcmd_ioctls(void)
{
	domid_t dom = 0, other = 1, bad = DOMID_SELF;
	int fd;

	need_dom0();
	fd = OK(open(PRIVCMD, O_RDWR | O_CLOEXEC));
	/* libxencall's probe (nr 0xff, size 0) and any other unknown number. */
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_UNIMPLEMENTED, 0), ENOTTY);
	CHECK_ERR(ioctl(fd, _IOC(_IOC_NONE, 'P', 0x42, 8), 0), ENOTTY);
	CHECK_ERR(ioctl(fd, _IOC(_IOC_NONE, 'E', 0, sizeof(privcmd_hypercall_t)), 0), ENOTTY);
	/* The old ranges-of-frames ioctl, which no 4.17 tool uses: not here, and saying so. */
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_MMAP, 0), EOPNOTSUPP);
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_MMAPBATCH_V2, BAD), EFAULT);
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_MMAP_RESOURCE, BAD), EFAULT);
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_DM_OP, BAD), EFAULT);
	/* A hypercall number past the hypercall page. */
	CHECK_ERR(hypercall(fd, 4096, 0, 0), EINVAL);
	CHECK_ERR(hypercall(fd, ~0UL, 0, 0), EINVAL);
	/* Restricted to one domain: raw hypercalls are refused, as on Linux. */
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_RESTRICT, &bad), EINVAL);
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_RESTRICT, BAD), EFAULT);
	OK(ioctl(fd, IOCTL_PRIVCMD_RESTRICT, &dom));
	OK(ioctl(fd, IOCTL_PRIVCMD_RESTRICT, &dom));
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_RESTRICT, &other), EINVAL);
	CHECK_ERR(hypercall(fd, __HYPERVISOR_xen_version, XENVER_version, 0), EPERM);
	close(fd);
	/* Another descriptor is not restricted. */
	fd = OK(open(PRIVCMD, O_RDWR | O_CLOEXEC));
	CHECK_EQ(hypercall(fd, __HYPERVISOR_xen_version, XENVER_version, 0) >> 16, 4);
	close(fd);
}

/* ------------------------------------------------------------ foreign mappings */

long long mapping_count(const char *name)
{
	char buf[512], *at;
	size_t len = strlen(name);

	read_file("/proc/xen/mappings", buf, sizeof(buf));
	for (at = buf; at && *at; at = strchr(at, '\n'), at = at ? at + 1 : NULL)
		if (!strncmp(at, name, len) && at[len] == ' ')
			return strtoll(at + len + 1, NULL, 10);
	fail("no %s in /proc/xen/mappings: %s", name, buf);
}

static int xen_pvh(void)
{
	char buf[4096] = "";

	read_file("/proc/pvops", buf, sizeof(buf));
	return strstr(buf, "xen-pvh") != NULL;
}

/* dom0's shared_info frame, as the toolstack learns a domain's: XEN_DOMCTL_getdomaininfo. */
static uint64_t shared_info_frame(int fd)
{
	struct xen_domctl d = {
		.cmd = XEN_DOMCTL_getdomaininfo,
		.interface_version = XEN_DOMCTL_INTERFACE_VERSION,
		.domain = 0,
	};

	OK(hypercall(fd, __HYPERVISOR_domctl, (unsigned long)&d, 0));
	CHECK_EQ(d.u.getdomaininfo.domain, 0);
	CHECK(d.u.getdomaininfo.flags & XEN_DOMINF_running);
	return d.u.getdomaininfo.shared_info_frame;
}

static int batch(int fd, void *addr, unsigned int num, domid_t dom, xen_pfn_t *arr, int *err)
{
	privcmd_mmapbatch_v2_t m = { num, dom, (uintptr_t)addr, arr, err };

	return ioctl(fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &m);
}

static sigjmp_buf touch_jmp;

static void touch_caught(int sig)
{
	siglongjmp(touch_jmp, sig);
}

/*
 * Reads a byte at p in this process (device areas are not copied to a
 * child, as on Linux): 0, or the signal the read raised.
 */
static int touch_signal(const void *p)
{
	struct sigaction sa = { .sa_handler = touch_caught }, old_bus, old_segv;
	int sig;

	sigaction(SIGBUS, &sa, &old_bus);
	sigaction(SIGSEGV, &sa, &old_segv);
	sig = sigsetjmp(touch_jmp, 1);
	if (!sig)
		*(const volatile char *)p;
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	return sig;
}

static void touch_byte_child(void *p)
{
	*(volatile char *)p;
}

/*
 * A page of a device area that nothing was put into: SIGBUS, as on
 * Linux. The area is not copied to a child, so the child maps its own.
 */
static void touch_empty_area(void *arg)
{
	int fd = *(int *)arg;
	char *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);

	CHECK(p != MAP_FAILED);
	touch_byte_child(p);
	_exit(3);
}

/*
 * MMAPBATCH_V2 on an area of the device: the checks Linux makes, the
 * per-page errors, and a real foreign mapping: dom0's own shared_info
 * through the frame number Xen reports for it, whose time Xen keeps
 * updating. Under PVH Xen refuses a domain's own frames as foreign ones
 * (per page), so there the mapping is only checked to fail cleanly;
 * another domain's frames are the dom0 area's business (xl create).
 */
static void t_privcmd_mmapbatch(void)
{
	long frames0, used0 = 0;
	int fd, err[3], pvh;
	xen_pfn_t arr[3];
	char *area, *plain;
	uint64_t si;

	need_dom0();
	pvh = xen_pvh();
	fd = OK(open(PRIVCMD, O_RDWR | O_CLOEXEC));
	frames0 = mapping_count("frames");
	if (pvh)
		used0 = mapping_count("window_used");
	si = shared_info_frame(fd);
	area = mmap(NULL, 3 * 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(area != MAP_FAILED);
	plain = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(plain != MAP_FAILED);
	/* Nothing there yet: SIGBUS, here and in a child's own area; the child does not get ours. */
	CHECK_EQ(touch_signal(area), SIGBUS);
	expect_signal(run_child(touch_empty_area, &fd), SIGBUS);
	expect_signal(run_child(touch_byte_child, area), SIGSEGV);
	/* The checks before anything is mapped. */
	arr[0] = si;
	CHECK_ERR(batch(fd, area, 0, 0, arr, err), EINVAL);
	CHECK_ERR(batch(fd, plain, 3, 0, arr, err), EINVAL);
	CHECK_ERR(batch(fd, area + 1, 3, 0, arr, err), EINVAL);
	/* The first call covers the whole area. */
	CHECK_ERR(batch(fd, area, 2, 0, arr, err), EINVAL);
	CHECK_ERR(batch(fd, area, 4, 0, arr, err), EINVAL);
	CHECK_ERR(batch(fd, area, 3, 0, BAD, err), EFAULT);
	CHECK_EQ(mapping_count("frames"), frames0);
	/* shared_info, a frame no domain has, shared_info again. */
	arr[0] = si;
	arr[1] = 0xfffffffffULL;
	arr[2] = si;
	err[0] = err[1] = err[2] = 12345;
	OK(batch(fd, area, 3, 0, arr, err));
	CHECK(err[1] < 0);
	CHECK_EQ(touch_signal(area + 4096), SIGBUS);
	if (pvh) {
		/* Xen: no foreign mapping of one's own frames under translation. */
		CHECK(err[0] < 0 && err[2] < 0);
		CHECK_EQ(mapping_count("frames"), frames0);
		CHECK_EQ(mapping_count("window_used"), used0);
	} else {
		const struct shared_info *s0 = (const void *)area, *s2 = (const void *)(area + 8192);
		time_t now = time(NULL);

		CHECK_EQ(err[0], 0);
		CHECK_EQ(err[2], 0);
		CHECK_EQ(mapping_count("frames"), frames0 + 2);
		/*
		 * The same page twice, and Xen's: its wall clock says when Xen
		 * started (the time at Xen's system time 0), today, not long ago.
		 * (Its vcpu_info time is stale: the kernel moved vcpu_info away.)
		 */
		CHECK(!memcmp(s0, s2, 4096));
		CHECK(s0->wc_sec > 1600000000u);
		CHECK(s0->wc_sec <= (uint32_t)now && s0->wc_sec + 86400 > (uint32_t)now);
		CHECK(s0->vcpu_info[0].time.tsc_to_system_mul != 0);
		/* A mapped page is no hole: refilling it is EINVAL. */
		CHECK_ERR(batch(fd, area, 1, 0, arr, err), EINVAL);
	}
	/* The hole may be filled again (the error again, for the same frame). */
	OK(batch(fd, area + 4096, 1, 0, arr + 1, err));
	CHECK(err[0] < 0);
	/* munmap gives it all back. */
	OK(munmap(area, 3 * 4096));
	CHECK_EQ(mapping_count("frames"), frames0);
	if (pvh)
		CHECK_EQ(mapping_count("window_used"), used0);
	OK(munmap(plain, 3 * 4096));
	close(fd);
}

/* A child maps shared_info through privcmd and is killed with it mapped. */
static void map_and_wait(void *arg)
{
	int fd = OK(open(PRIVCMD, O_RDWR | O_CLOEXEC)), err[8];
	xen_pfn_t arr[8];
	char *area = mmap(NULL, 8 * 4096, PROT_READ, MAP_SHARED, fd, 0);

	CHECK(area != MAP_FAILED);
	for (int i = 0; i < 8; i++)
		arr[i] = *(uint64_t *)arg;
	OK(batch(fd, area, 8, 0, arr, err));
	CHECK(write(1, "", 0) == 0);
	raise(SIGSTOP);
	pause();
}

static void t_privcmd_killed(void)
{
	long frames0;
	uint64_t si;
	pid_t pid;
	int fd, st;

	need_dom0();
	if (xen_pvh())
		skip("PVH: dom0's own frames cannot be mapped as foreign ones (see privcmd_mmapbatch)");
	fd = OK(open(PRIVCMD, O_RDWR | O_CLOEXEC));
	si = shared_info_frame(fd);
	close(fd);
	frames0 = mapping_count("frames");
	pid = xfork();
	if (!pid) {
		map_and_wait(&si);
		_exit(0);
	}
	OK(waitpid(pid, &st, WUNTRACED));
	CHECK(WIFSTOPPED(st));
	CHECK_EQ(mapping_count("frames"), frames0 + 8);
	OK(kill(pid, SIGKILL));
	expect_signal(xwait(pid), SIGKILL);
	CHECK_EQ(mapping_count("frames"), frames0);
}

static int mmap_resource(int fd, domid_t dom, uint32_t type, uint64_t *num, void *addr)
{
	privcmd_mmap_resource_t r = { .dom = dom, .type = type, .num = *num, .addr = (uintptr_t)addr };
	int rc = ioctl(fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &r);

	*num = r.num;
	return rc;
}

/*
 * MMAP_RESOURCE: Xen sizes and maps another domain's resources; its own
 * are refused (EPERM, from Xen), and a failed mapping leaves the area
 * empty and usable. The success path is the dom0 area's (xl create maps
 * each new guest's grant table this way).
 */
static void t_privcmd_resource(void)
{
	uint64_t num = 0;
	long frames0;
	char *area;
	int fd;

	need_dom0();
	fd = OK(open(PRIVCMD, O_RDWR | O_CLOEXEC));
	frames0 = mapping_count("frames");
	CHECK_ERR(mmap_resource(fd, 0, XENMEM_resource_grant_table, &num, NULL), EPERM);
	CHECK_ERR(mmap_resource(fd, DOMID_INVALID, XENMEM_resource_grant_table, &num, NULL),
		  ESRCH);
	num = 1;
	CHECK_ERR(mmap_resource(fd, 1, XENMEM_resource_grant_table, &num, &num), EINVAL);
	area = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(area != MAP_FAILED);
	num = 1; /* not the whole area */
	CHECK_ERR(mmap_resource(fd, 1, XENMEM_resource_grant_table, &num, area), EINVAL);
	num = 2;
	CHECK_ERR(mmap_resource(fd, 0, XENMEM_resource_grant_table, &num, area), EPERM);
	CHECK_EQ(mapping_count("frames"), frames0);
	CHECK_EQ(touch_signal(area), SIGBUS);
	OK(munmap(area, 2 * 4096));
	close(fd);
}

/* DM_OP: Linux's limits, bad buffers, and the call reaching Xen. */
static void t_privcmd_dm_op(void)
{
	struct xen_dm_op op = { .op = XEN_DMOP_create_ioreq_server };
	privcmd_dm_op_buf_t bufs[17];
	privcmd_dm_op_t d = { .dom = 0, .num = 0, .ubufs = bufs };
	static char big[8192];
	int fd, rc;

	need_dom0();
	fd = OK(open(PRIVCMD, O_RDWR | O_CLOEXEC));
	for (int i = 0; i < 17; i++)
		bufs[i] = (privcmd_dm_op_buf_t){ &op, sizeof(op) };
	OK(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &d));
	d.num = 17;
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &d), E2BIG);
	d.num = 1;
	d.ubufs = BAD;
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &d), EFAULT);
	d.ubufs = bufs;
	bufs[0] = (privcmd_dm_op_buf_t){ big, sizeof(big) };
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &d), E2BIG);
	bufs[0] = (privcmd_dm_op_buf_t){ (void *)0xffff800000000000UL, 16 };
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &d), EFAULT);
	/* dom0 is no HVM guest: Xen refuses, with its own error. */
	bufs[0] = (privcmd_dm_op_buf_t){ &op, sizeof(op) };
	rc = ioctl(fd, IOCTL_PRIVCMD_DM_OP, &d);
	CHECK_EQ(rc, -1);
	CHECK(errno == EINVAL || errno == EOPNOTSUPP || errno == EPERM || errno == ESRCH);
	/* Restricted to another domain: EPERM before Xen. */
	domid_t other = 7;
	OK(ioctl(fd, IOCTL_PRIVCMD_RESTRICT, &other));
	CHECK_ERR(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &d), EPERM);
	close(fd);
}

static void open_as_nobody(void *expect)
{
	int e = *(int *)expect;

	become(NOBODY, NOGROUP);
	CHECK_ERR(open(PRIVCMD, O_RDWR), e);
	CHECK_ERR(open(EVTCHN, O_RDWR), e);
}

/* Only root: the mode says so, and so does the driver when the mode does not. */
static void t_xendev_nonroot(void)
{
	int e;

	need_dom0();
	e = EACCES;
	expect_exit(run_child(open_as_nobody, &e), 0);
	OK(chmod(PRIVCMD, 0666));
	OK(chmod(EVTCHN, 0666));
	e = EPERM;
	int st = run_child(open_as_nobody, &e);
	OK(chmod(PRIVCMD, 0600));
	OK(chmod(EVTCHN, 0600));
	expect_exit(st, 0);
}

/* ------------------------------------------------------------ evtchn */

static int bind_unbound(int fd)
{
	struct ioctl_evtchn_bind_unbound_port b = { .remote_domain = 0 }; /* dom0: ourselves */

	return ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &b);
}

static int bind_interdomain(int fd, unsigned int port)
{
	struct ioctl_evtchn_bind_interdomain b = { .remote_domain = 0, .remote_port = port };

	return ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
}

static int notify(int fd, unsigned int port)
{
	struct ioctl_evtchn_notify n = { .port = port };

	return ioctl(fd, IOCTL_EVTCHN_NOTIFY, &n);
}

static int unbind(int fd, unsigned int port)
{
	struct ioctl_evtchn_unbind u = { .port = port };

	return ioctl(fd, IOCTL_EVTCHN_UNBIND, &u);
}

static int readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = OK(poll(&p, 1, ms));

	return n == 1 && (p.revents & POLLIN);
}

static unsigned int read_port(int fd)
{
	uint32_t port[2];

	CHECK_EQ(read(fd, port, sizeof(port)), 4);
	return port[0];
}

static void write_port(int fd, uint32_t port)
{
	CHECK_EQ(write(fd, &port, 4), 4);
}

/* Two descriptors, two ends of one channel: a's port waits for dom0, b binds to it. */
static void open_pair(int *a, int *b, unsigned int *pa, unsigned int *pb)
{
	*a = OK(open(EVTCHN, O_RDWR | O_CLOEXEC));
	*b = OK(open(EVTCHN, O_RDWR | O_CLOEXEC));
	*pa = OK(bind_unbound(*a));
	*pb = OK(bind_interdomain(*b, *pa));
	CHECK(*pa != *pb);
	/*
	 * Xen raises an event on a port bound to a waiting one, in case the
	 * other end notified before: it must arrive (the driver binds with
	 * interrupts off so that it is not lost), and is written back here.
	 */
	CHECK(readable(*b, 2000));
	CHECK_EQ(read_port(*b), *pb);
	write_port(*b, *pb);
	CHECK(!readable(*a, 0));
}

static void notify_later(void *arg)
{
	int *fdport = arg;

	usleep(200 * 1000);
	OK(notify(fdport[0], fdport[1]));
}

static void t_evtchn_pair(void)
{
	int a, b, fdport[2];
	unsigned int pa, pb;
	pid_t pid;

	need_dom0();
	open_pair(&a, &b, &pa, &pb);
	CHECK(!readable(a, 0));
	OK(notify(b, pb));
	CHECK(readable(a, 2000));
	CHECK(!readable(b, 0));
	CHECK_EQ(read_port(a), pa);
	CHECK(!readable(a, 0));
	/* Masked until written back: a second event waits... */
	OK(notify(b, pb));
	CHECK(!readable(a, 100));
	/* ...and comes when it is. */
	write_port(a, pa);
	CHECK(readable(a, 2000));
	CHECK_EQ(read_port(a), pa);
	write_port(a, pa);
	OK(notify(b, pb));
	CHECK(readable(a, 2000));
	CHECK_EQ(read_port(a), pa);
	write_port(a, pa);
	/* The other way. */
	OK(notify(a, pa));
	CHECK(readable(b, 2000));
	CHECK_EQ(read_port(b), pb);
	write_port(b, pb);
	/* Nothing left: O_NONBLOCK says so, a blocking read waits for the next. */
	OK(fcntl(a, F_SETFL, O_NONBLOCK));
	uint32_t p;
	CHECK_ERR(read(a, &p, 4), EAGAIN);
	OK(fcntl(a, F_SETFL, 0));
	fdport[0] = b;
	fdport[1] = (int)pb;
	pid = xfork();
	if (pid == 0) {
		notify_later(fdport);
		_exit(0);
	}
	CHECK_EQ(read_port(a), pa);
	expect_exit(xwait(pid), 0);
	/* Reads shorter than a port return nothing. */
	CHECK_EQ(read(a, &p, 3), 0);
	/* Unbinding: the port is gone for this descriptor. */
	OK(unbind(b, pb));
	CHECK_ERR(unbind(b, pb), ENOTCONN);
	CHECK_ERR(notify(b, pb), ENOTCONN);
	OK(unbind(a, pa));
	close(a);
	close(b);
}

static void t_evtchn_not_ours(void)
{
	int a, b;
	unsigned int pa, pb;

	need_dom0();
	open_pair(&a, &b, &pa, &pb);
	CHECK_ERR(unbind(a, pb), ENOTCONN);
	CHECK_ERR(notify(a, pb), ENOTCONN);
	CHECK_ERR(unbind(a, 4096), EINVAL);
	CHECK_ERR(unbind(a, ~0U), EINVAL);
	CHECK_ERR(notify(a, ~0U), ENOTCONN);
	CHECK_ERR(ioctl(a, IOCTL_EVTCHN_NOTIFY, BAD), EFAULT);
	CHECK_ERR(ioctl(a, _IOC(_IOC_NONE, 'E', 0x42, 0), 0), ENOTTY);
	CHECK_ERR(ioctl(a, IOCTL_PRIVCMD_HYPERCALL, 0), ENOTTY);
	/* Xen's refusals come back as they are: pb is bound already, 4095 is nothing. */
	CHECK_ERR(bind_interdomain(a, pb), EINVAL);
	CHECK_ERR(bind_interdomain(a, 4095), EINVAL);
	/* A port written back that this descriptor does not own is passed over. */
	write_port(a, pb);
	/* b's port still works, and a's still belongs to a. */
	OK(notify(b, pb));
	CHECK(readable(a, 2000));
	CHECK_EQ(read_port(a), pa);
	close(a);
	close(b);
}

/* Ports go with their descriptor: binding until refused, again and again, finds room every time. */
static void t_evtchn_close_releases(void)
{
	int most = -1;

	need_dom0();
	for (int round = 0; round < 4; round++) {
		int fd = OK(open(EVTCHN, O_RDWR | O_CLOEXEC)), n = 0;

		while (n < 1000 && bind_unbound(fd) >= 0)
			n++;
		/* Refused with an errno (the IRQ numbers or the descriptor's ring are full). */
		CHECK(n < 1000);
		CHECK(errno == ENOSPC);
		CHECK(n >= 64);
		if (most < 0)
			most = n;
		CHECK_EQ(n, most);
		close(fd);
	}
	/* And with an event pending on some when the descriptor goes. */
	for (int round = 0; round < 4; round++) {
		int a, b;
		unsigned int pa, pb;

		open_pair(&a, &b, &pa, &pb);
		for (int i = 0; i < 30; i++)
			OK(bind_unbound(a));
		OK(notify(b, pb));
		OK(notify(a, pa));
		close(a);
		close(b);
	}
}

static void t_evtchn_virq(void)
{
	struct ioctl_evtchn_bind_virq v = { .virq = VIRQ_DOM_EXC };
	int fd, fd2, port;

	need_dom0();
	fd = OK(open(EVTCHN, O_RDWR | O_CLOEXEC));
	fd2 = OK(open(EVTCHN, O_RDWR | O_CLOEXEC));
	port = OK(ioctl(fd, IOCTL_EVTCHN_BIND_VIRQ, &v));
	CHECK(port > 0);
	/* A VIRQ has one port: Xen says EEXIST to a second bind. */
	CHECK_ERR(ioctl(fd2, IOCTL_EVTCHN_BIND_VIRQ, &v), EEXIST);
	CHECK_ERR(unbind(fd2, port), ENOTCONN);
	OK(unbind(fd, port));
	/* Free again once unbound, and once its descriptor is closed. */
	port = OK(ioctl(fd2, IOCTL_EVTCHN_BIND_VIRQ, &v));
	close(fd2);
	port = OK(ioctl(fd, IOCTL_EVTCHN_BIND_VIRQ, &v));
	v.virq = 1000;
	CHECK_ERR(ioctl(fd, IOCTL_EVTCHN_BIND_VIRQ, &v), EINVAL);
	close(fd);
}

static void t_evtchn_restrict(void)
{
	struct ioctl_evtchn_restrict_domid r = { .domid = 1 };
	struct ioctl_evtchn_bind_virq v = { .virq = VIRQ_DOM_EXC };
	int a, b;
	unsigned int pa, pb;

	need_dom0();
	open_pair(&a, &b, &pa, &pb);
	OK(ioctl(b, IOCTL_EVTCHN_RESTRICT_DOMID, &r));
	CHECK_ERR(ioctl(b, IOCTL_EVTCHN_RESTRICT_DOMID, &r), EACCES);
	CHECK_ERR(bind_unbound(b), EACCES);
	CHECK_ERR(ioctl(b, IOCTL_EVTCHN_BIND_VIRQ, &v), EACCES);
	CHECK_ERR(bind_interdomain(b, pa), EACCES);
	/* What it bound before still works. */
	OK(notify(b, pb));
	CHECK(readable(a, 2000));
	r.domid = DOMID_SELF;
	CHECK_ERR(ioctl(a, IOCTL_EVTCHN_RESTRICT_DOMID, &r), EINVAL);
	close(a);
	close(b);
}

static void t_evtchn_reset(void)
{
	int a, b;
	unsigned int pa, pb;

	need_dom0();
	open_pair(&a, &b, &pa, &pb);
	OK(notify(b, pb));
	CHECK(readable(a, 2000));
	OK(ioctl(a, IOCTL_EVTCHN_RESET, 0));
	CHECK(!readable(a, 0));
	/* The port is still masked (never written back); writing it back re-arms it. */
	write_port(a, pa);
	OK(notify(b, pb));
	CHECK(readable(a, 2000));
	CHECK_EQ(read_port(a), pa);
	close(a);
	close(b);
}

/* ------------------------------------------------------------ dom0's own store */

static unsigned int read_xsd_port(void)
{
	char buf[32] = "";

	CHECK(read_file("/proc/xen/xsd_port", buf, sizeof(buf)) > 0);
	return (unsigned int)strtoul(buf, NULL, 10);
}

/* Whether the kernel log holds text (syslog(2)'s whole buffer). */
static int klog_has(const char *text)
{
	static char buf[1 << 20];
	int n = klogctl(3, buf, sizeof(buf) - 1);

	if (n < 0)
		return 0;
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

/* Copies n bytes of the ring at *idx (ring of XENSTORE_RING_SIZE), moving *idx. */
static void ring_copy_out(const char *ring, XENSTORE_RING_IDX *idx, void *dst, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((char *)dst)[i] = ring[MASK_XENSTORE_IDX((*idx)++)];
}

static void ring_copy_in(char *ring, XENSTORE_RING_IDX *idx, const void *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ring[MASK_XENSTORE_IDX((*idx)++)] = ((const char *)src)[i];
}

/*
 * /proc/xen/xsd_port and xsd_kva, and the kernel's store connection
 * through them, with this process as the daemon: it does what xenstored
 * does with them (maps the page, binds to the port), answers the
 * kernel's first request by hand, and the kernel says it is connected.
 * Once per boot: the kernel connects once (skipped when a real xenstored
 * got there first).
 */
static void t_xenstore_local(void)
{
	struct xenstore_domain_interface *intf;
	static const char reply[] = "local\0tool\0";
	struct xsd_sockmsg req, rsp;
	XENSTORE_RING_IDX at;
	unsigned int port, local;
	char payload[64];
	int kva, ev;
	void *p;

	need_dom0();
	if (klog_has("connected to the local xenstored"))
		skip("the kernel is connected to a xenstored already");
	port = read_xsd_port();
	CHECK(port > 0 && port < 4096);
	kva = OK(open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC));
	/* One page, shared, at offset 0; nothing else (Linux: EINVAL). */
	CHECK(mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, kva, 0) == MAP_FAILED);
	CHECK_EQ(errno, EINVAL);
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, kva, 0) == MAP_FAILED);
	CHECK_EQ(errno, EINVAL);
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, kva, 4096) == MAP_FAILED);
	CHECK_EQ(errno, EINVAL);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, kva, 0);
	CHECK(p != MAP_FAILED);
	intf = p;
	/* Nothing sent before a daemon is there. */
	CHECK_EQ(intf->req_prod, intf->req_cons);
	CHECK_EQ(intf->rsp_prod, 0);

	/*
	 * Bind to the kernel's port (Xen raises our new port, not the
	 * kernel's), then notify it, as xenstored does once it has taken
	 * dom0 in: the kernel sends its first request.
	 */
	ev = OK(open(EVTCHN, O_RDWR | O_CLOEXEC));
	local = (unsigned int)bind_interdomain(ev, port);
	CHECK(readable(ev, 5000));
	CHECK_EQ(read_port(ev), local);
	write_port(ev, local);
	CHECK_EQ(intf->req_prod, intf->req_cons); /* the bind alone is no word from a daemon */
	OK(notify(ev, local));
	for (int i = 0; i < 500 && intf->req_prod - intf->req_cons < sizeof(req); i++)
		usleep(10000);
	at = intf->req_cons;
	CHECK(intf->req_prod - at >= sizeof(req));
	ring_copy_out(intf->req, &at, &req, sizeof(req));
	CHECK_EQ(req.type, XS_DIRECTORY);
	CHECK_EQ(req.tx_id, 0);
	CHECK(req.len == 2 && intf->req_prod - at >= req.len);
	ring_copy_out(intf->req, &at, payload, req.len);
	CHECK(!memcmp(payload, "/", 2));
	__atomic_store_n(&intf->req_cons, at, __ATOMIC_RELEASE);

	/* The answer: two entries. */
	rsp = (struct xsd_sockmsg){ XS_DIRECTORY, req.req_id, 0, sizeof(reply) - 1 };
	at = intf->rsp_prod;
	ring_copy_in(intf->rsp, &at, &rsp, sizeof(rsp));
	ring_copy_in(intf->rsp, &at, reply, sizeof(reply) - 1);
	__atomic_store_n(&intf->rsp_prod, at, __ATOMIC_RELEASE);
	OK(notify(ev, local));
	for (int i = 0; i < 500 && !klog_has("connected to the local xenstored"); i++)
		usleep(10000);
	CHECK(klog_has("connected to the local xenstored"));
	CHECK(klog_has("2 entries at the root"));
	/* It took the reply off the ring. */
	CHECK_EQ(intf->rsp_cons, intf->rsp_prod);
	close(ev);
	OK(munmap(p, 4096));
	close(kva);
}

static int evtchn_state(unsigned int port, domid_t *remote)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
	int fd = OK(open(PRIVCMD, O_RDWR | O_CLOEXEC));

	OK(hypercall(fd, __HYPERVISOR_event_channel_op, EVTCHNOP_status, (unsigned long)&st));
	close(fd);
	if (remote)
		*remote = st.u.unbound.dom;
	return (int)st.status;
}

/*
 * /dev/xen/xenbus_backend: the store's port and page, and SETUP, which
 * gives the store to a xenstored in another domain. Here the other
 * domain is dom0 itself, before xenstore_local plays its daemon on the
 * new port; once one spoke (a second run, the toolstack's), SETUP is
 * refused.
 */
static void t_xenbus_backend(void)
{
	struct stat st;
	unsigned int old, port;
	domid_t remote;
	void *a, *b;
	int fd, kva;

	need_dom0();
	OK(stat("/dev/xen/xenbus_backend", &st));
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0600);
	fd = OK(open("/dev/xen/xenbus_backend", O_RDWR | O_CLOEXEC));
	old = read_xsd_port();
	CHECK_EQ(ioctl(fd, IOCTL_XENBUS_BACKEND_EVTCHN, 0), (int)old);
	CHECK_ERR(ioctl(fd, _IOC(_IOC_NONE, 'B', 7, 0), 0), ENOTTY);
	CHECK_ERR(ioctl(fd, IOCTL_XENBUS_BACKEND_SETUP, DOMID_FIRST_RESERVED), EINVAL);
	/* The page is xsd_kva's. */
	CHECK(mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED);
	CHECK_EQ(errno, EINVAL);
	a = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(a != MAP_FAILED);
	kva = OK(open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC));
	b = mmap(NULL, 4096, PROT_READ, MAP_SHARED, kva, 0);
	CHECK(b != MAP_FAILED);
	CHECK(!memcmp(a, b, 4096));
	OK(munmap(a, 4096));
	OK(munmap(b, 4096));
	close(kva);

	if (klog_has("connected to the local xenstored")) {
		CHECK_ERR(ioctl(fd, IOCTL_XENBUS_BACKEND_SETUP, 0), EEXIST);
		CHECK_EQ(read_xsd_port(), old);
		close(fd);
		return;
	}
	port = (unsigned int)OK(ioctl(fd, IOCTL_XENBUS_BACKEND_SETUP, 0));
	CHECK(port != old);
	CHECK_EQ(ioctl(fd, IOCTL_XENBUS_BACKEND_EVTCHN, 0), (int)port);
	CHECK_EQ(read_xsd_port(), port);
	CHECK_EQ(evtchn_state(old, NULL), EVTCHNSTAT_closed);
	CHECK_EQ(evtchn_state(port, &remote), EVTCHNSTAT_unbound);
	CHECK_EQ(remote, 0);
	CHECK(klog_has("the store's event channel is now port"));
	close(fd);
}

/* xenfs's other files: privcmd is the device; the xenstore ones are root's. */
static void t_xenfs_files(void)
{
	struct stat st;
	int fd;

	need_dom0();
	OK(stat("/proc/xen/xsd_kva", &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_mode & 0777, 0600);
	OK(stat("/proc/xen/xsd_port", &st));
	CHECK_EQ(st.st_mode & 0777, 0400);
	fd = OK(open("/proc/xen/privcmd", O_RDWR | O_CLOEXEC));
	CHECK_EQ(hypercall(fd, __HYPERVISOR_xen_version, XENVER_version, 0) >> 16, 4);
	close(fd);
}

/*
 * mount -t xenfs: /proc/xen's files where it is mounted (not on /proc/xen
 * itself, a procfs directory here). A type only under Xen: elsewhere
 * ENODEV, and /proc/filesystems does not list it.
 */
static void t_xenfs_mount(void)
{
	const char *dir = "xenfs-mnt";
	char a[64], b[64], fs[1024];
	struct statfs sf;
	int fd;

	if (!pvkernel())
		skip("not the pvkernel");
	read_file("/proc/filesystems", fs, sizeof(fs));
	OK(mkdir(dir, 0700));
	if (access("/proc/xen", F_OK) != 0) {
		CHECK(!strstr(fs, "\txenfs\n"));
		CHECK_ERR(mount("xenfs", dir, "xenfs", 0, NULL), ENODEV);
		OK(rmdir(dir));
		return;
	}
	CHECK(strstr(fs, "nodev\txenfs\n"));
	OK(mount("xenfs", dir, "xenfs", MS_NOSUID | MS_NOEXEC, NULL));
	OK(statfs(dir, &sf));
	CHECK_EQ((unsigned long)sf.f_type, 0xabba1974UL);
	read_file("xenfs-mnt/capabilities", a, sizeof(a));
	read_file("/proc/xen/capabilities", b, sizeof(b));
	CHECK(!strcmp(a, b));
	if (xen_dom0()) {
		struct stat st;

		CHECK(!strcmp(a, "control_d\n"));
		OK(stat("xenfs-mnt/xsd_port", &st));
		CHECK_EQ(st.st_mode & 0777, 0400);
		read_file("xenfs-mnt/xsd_port", a, sizeof(a));
		read_file("/proc/xen/xsd_port", b, sizeof(b));
		CHECK(a[0] && !strcmp(a, b));
		fd = OK(open("xenfs-mnt/privcmd", O_RDWR | O_CLOEXEC));
		CHECK_EQ(hypercall(fd, __HYPERVISOR_xen_version, XENVER_version, 0) >> 16, 4);
		close(fd);
	}
	OK(umount(dir));
	OK(rmdir(dir));
}

const struct utest xendev_tests[] = {
	{ "xendev_absent", t_xendev_absent },
	{ "xendev_nonroot", t_xendev_nonroot },
	{ "privcmd_version", t_privcmd_version },
	{ "privcmd_buffer", t_privcmd_buffer },
	{ "privcmd_efault", t_privcmd_efault },
	{ "privcmd_ioctls", t_privcmd_ioctls },
	{ "privcmd_mmapbatch", t_privcmd_mmapbatch },
	{ "privcmd_killed", t_privcmd_killed },
	{ "privcmd_resource", t_privcmd_resource },
	{ "privcmd_dm_op", t_privcmd_dm_op },
	{ "xenfs_files", t_xenfs_files },
	{ "xenfs_mount", t_xenfs_mount },
	{ "xenbus_backend", t_xenbus_backend },
	{ "xenstore_local", t_xenstore_local },
	{ "evtchn_pair", t_evtchn_pair },
	{ "evtchn_not_ours", t_evtchn_not_ours },
	{ "evtchn_close_releases", t_evtchn_close_releases },
	{ "evtchn_virq", t_evtchn_virq },
	{ "evtchn_restrict", t_evtchn_restrict },
	{ "evtchn_reset", t_evtchn_reset },
	{ NULL, NULL },
};
