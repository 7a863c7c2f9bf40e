/*
 * Grants in dom0's user space: /dev/xen/gntalloc grants pages of ours,
 * /dev/xen/gntdev maps granted pages. With no second domain at hand, the
 * pages are granted to domain 0 and mapped back from domain 0, in this
 * process or a child: the two views are one page. Leaks are counted with
 * /proc/xen/mappings (grants mapped, PVH window frames in use), before
 * and after. Outside dom0 the cases skip.
 */
#include <poll.h>
#include <sys/ioctl.h>

#include "utest.h"

#define __XEN_INTERFACE_VERSION__ 0x00040d00
#include <xen/xen.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/gntalloc.h>
#include <xen/grant_table.h>
#include <xen/sys/gntdev.h>

#define GNTDEV	 "/dev/xen/gntdev"
#define GNTALLOC "/dev/xen/gntalloc"
#define EVTCHN	 "/dev/xen/evtchn"
#define MAXN	 8

/*
 * A PVH dom0 (a window of frames for mappings) refuses grants of its own:
 * Xen would move the page out of our memory to map it. The cases that
 * map our own pages check that refusal there, and skip the rest.
 */
static int gnt_map(int fd, int n, const uint32_t *refs, uint64_t *index);
static int gnt_unmap(int fd, uint64_t index, int n);
static char *map_shared(int fd, int n, uint64_t index);

static int pvh(void)
{
	return mapping_count("window_pages") > 0;
}

static void self_refused(int gd, int n, const uint32_t *refs)
{
	uint64_t idx;

	OK(gnt_map(gd, n, refs, &idx));
	CHECK(map_shared(gd, n, idx) == MAP_FAILED);
	CHECK_EQ(errno, EINVAL);
	OK(gnt_unmap(gd, idx, n));
}

struct counts {
	long long grants, window_used, frames;
};

static struct counts counts_now(void)
{
	return (struct counts){ mapping_count("grants"), mapping_count("window_used"),
				mapping_count("frames") };
}

static void counts_back(struct counts c)
{
	CHECK_EQ(mapping_count("grants"), c.grants);
	CHECK_EQ(mapping_count("window_used"), c.window_used);
	CHECK_EQ(mapping_count("frames"), c.frames);
}

/* The arrays at the ends of the argument blocks, past their declared one element. */
static uint64_t req[(sizeof(struct ioctl_gntdev_map_grant_ref) + MAXN * 8) / 8];

/* n pages granted to domain 0, writable: their references in refs, the mmap offset returned. */
static uint64_t gnt_alloc(int fd, int n, uint32_t *refs)
{
	struct ioctl_gntalloc_alloc_gref *a = (void *)req;
	char *ids = (char *)req + offsetof(struct ioctl_gntalloc_alloc_gref, gref_ids);

	memset(req, 0, sizeof(req));
	a->domid = 0;
	a->flags = GNTALLOC_FLAG_WRITABLE;
	a->count = n;
	OK(ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, a));
	memcpy(refs, ids, n * sizeof(uint32_t));
	return a->index;
}

static int gnt_dealloc(int fd, uint64_t index, int n)
{
	struct ioctl_gntalloc_dealloc_gref d = { .index = index, .count = n };

	return ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF, &d);
}

/* MAP_GRANT_REF of refs of domain 0: its result; the offset in *index. */
static int gnt_map(int fd, int n, const uint32_t *refs, uint64_t *index)
{
	struct ioctl_gntdev_map_grant_ref *m = (void *)req;
	uint32_t *pairs = (uint32_t *)((char *)req + offsetof(struct ioctl_gntdev_map_grant_ref, refs));
	int rc;

	memset(req, 0, sizeof(req));
	m->count = n;
	for (int i = 0; i < n; i++) {
		pairs[2 * i] = 0; /* domid */
		pairs[2 * i + 1] = refs[i];
	}
	rc = ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, m);
	*index = m->index;
	return rc;
}

static int gnt_unmap(int fd, uint64_t index, int n)
{
	struct ioctl_gntdev_unmap_grant_ref u = { .index = index, .count = n };

	return ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
}

static int gnt_notify(int fd, unsigned long cmd, uint64_t index, uint32_t action, uint32_t port)
{
	struct ioctl_gntdev_unmap_notify u = { .index = index,
					       .action = action,
					       .event_channel_port = port };

	return ioctl(fd, cmd, &u);
}

static char *map_shared(int fd, int n, uint64_t index)
{
	return mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)index);
}

/* An event channel within dom0: *a waits on *pa, *pb is bound to it (the end to notify). */
static void evtchn_pair(int *a, int *b, unsigned int *pa, unsigned int *pb)
{
	struct ioctl_evtchn_bind_unbound_port u = { .remote_domain = 0 };
	struct ioctl_evtchn_bind_interdomain i = { .remote_domain = 0 };
	struct pollfd p;
	uint32_t port;

	*a = OK(open(EVTCHN, O_RDWR | O_CLOEXEC));
	*b = OK(open(EVTCHN, O_RDWR | O_CLOEXEC));
	*pa = OK(ioctl(*a, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &u));
	i.remote_port = *pa;
	*pb = OK(ioctl(*b, IOCTL_EVTCHN_BIND_INTERDOMAIN, &i));
	/* Xen raises the bound port once; read it and write it back. */
	p = (struct pollfd){ .fd = *b, .events = POLLIN };
	if (OK(poll(&p, 1, 2000)) == 1) {
		CHECK_EQ(read(*b, &port, 4), 4);
		CHECK_EQ(write(*b, &port, 4), 4);
	}
}

/* Whether port came on evtchn descriptor fd within ms. */
static int event_came(int fd, unsigned int port, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint32_t got;

	if (OK(poll(&p, 1, ms)) != 1)
		return 0;
	CHECK_EQ(read(fd, &got, 4), 4);
	CHECK_EQ(got, port);
	return 1;
}

/* ------------------------------------------------------------ the cases */

static void t_gnt_absent(void)
{
	struct stat st;

	if (xen_dom0()) {
		OK(stat(GNTDEV, &st));
		CHECK(S_ISCHR(st.st_mode));
		CHECK_EQ(st.st_mode & 07777, 0600);
		OK(stat(GNTALLOC, &st));
		CHECK(S_ISCHR(st.st_mode));
		CHECK_EQ(st.st_mode & 07777, 0600);
		OK(access("/proc/xen/mappings", R_OK));
		return;
	}
	if (!pvkernel())
		skip("not the pvkernel: the host's devices are its own business");
	CHECK_ERR(access(GNTDEV, F_OK), ENOENT);
	CHECK_ERR(access(GNTALLOC, F_OK), ENOENT);
}

static void open_as_nobody(void *expect)
{
	int e = *(int *)expect;

	become(NOBODY, NOGROUP);
	CHECK_ERR(open(GNTDEV, O_RDWR), e);
	CHECK_ERR(open(GNTALLOC, O_RDWR), e);
}

static void t_gnt_nonroot(void)
{
	int e, st;

	need_dom0();
	e = EACCES;
	expect_exit(run_child(open_as_nobody, &e), 0);
	OK(chmod(GNTDEV, 0666));
	OK(chmod(GNTALLOC, 0666));
	e = EPERM;
	st = run_child(open_as_nobody, &e);
	OK(chmod(GNTDEV, 0600));
	OK(chmod(GNTALLOC, 0600));
	expect_exit(st, 0);
}

/* Our pages granted to ourselves and mapped back: one page, two views. */
static void t_gnt_self_map(void)
{
	struct ioctl_gntdev_get_offset_for_vaddr off = { 0 };
	struct counts c0;
	uint32_t refs[3];
	uint64_t aidx, didx;
	char *a, *d;
	int ga, gd;

	need_dom0();
	c0 = counts_now();
	ga = OK(open(GNTALLOC, O_RDWR | O_CLOEXEC));
	gd = OK(open(GNTDEV, O_RDWR | O_CLOEXEC));
	aidx = gnt_alloc(ga, 3, refs);
	a = map_shared(ga, 3, aidx);
	CHECK(a != MAP_FAILED);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(a[i * PAGE + 7], 0); /* zeroed */
	for (int i = 0; i < 3 * (int)PAGE; i++)
		a[i] = (char)(i * 7 + 1);
	if (pvh()) {
		self_refused(gd, 3, refs);
		CHECK_EQ(a[PAGE + 5], (char)((PAGE + 5) * 7 + 1));
		counts_back(c0);
		skip("PVH dom0: our own grants are refused (checked); mapping needs a second domain");
	}
	OK(gnt_map(gd, 3, refs, &didx));
	CHECK_EQ(didx % PAGE, 0);
	d = map_shared(gd, 3, didx);
	CHECK(d != MAP_FAILED);
	CHECK_EQ(mapping_count("grants"), c0.grants + 3);
	for (int i = 0; i < 3 * (int)PAGE; i++)
		if (d[i] != (char)(i * 7 + 1))
			fail("byte %d through gntdev is %d", i, d[i]);
	/* Writes either way are seen the other way. */
	d[PAGE + 5] = 0x5a;
	CHECK_EQ(a[PAGE + 5], 0x5a);
	a[2 * PAGE + 9] = 0x3c;
	CHECK_EQ(d[2 * PAGE + 9], 0x3c);
	/* Which list the area maps, from any of its addresses. */
	off.vaddr = (uint64_t)(uintptr_t)d;
	OK(ioctl(gd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &off));
	CHECK_EQ(off.offset, didx);
	CHECK_EQ(off.count, 3);
	off.vaddr = (uint64_t)(uintptr_t)(d + 2 * PAGE);
	OK(ioctl(gd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &off));
	CHECK_EQ(off.offset, didx);
	off.vaddr = (uint64_t)(uintptr_t)a; /* gntalloc's, not a gntdev area */
	CHECK_ERR(ioctl(gd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &off), EINVAL);
	off.vaddr = (uint64_t)(uintptr_t)&off;
	CHECK_ERR(ioctl(gd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &off), EINVAL);
	/* The list goes from the file; the area keeps its pages until munmap. */
	OK(gnt_unmap(gd, didx, 3));
	CHECK_ERR(gnt_unmap(gd, didx, 3), ENOENT);
	CHECK_EQ(d[PAGE + 5], 0x5a);
	d[7] = 0x11;
	CHECK_EQ(a[7], 0x11);
	CHECK_EQ(mapping_count("grants"), c0.grants + 3);
	/* A partial munmap takes its page only. */
	OK(munmap(d + PAGE, PAGE));
	CHECK_EQ(mapping_count("grants"), c0.grants + 2);
	CHECK_EQ(d[2 * PAGE + 9], 0x3c);
	OK(munmap(d, 3 * PAGE));
	counts_back(c0);
	/* The same references again, listed and mapped anew (offsets are reused). */
	OK(gnt_map(gd, 3, refs, &didx));
	d = map_shared(gd, 3, didx);
	CHECK(d != MAP_FAILED);
	CHECK_EQ(d[7], 0x11);
	OK(munmap(d, 3 * PAGE));
	OK(gnt_unmap(gd, didx, 0)); /* count 0: whatever the list's */
	OK(munmap(a, 3 * PAGE));
	OK(gnt_dealloc(ga, aidx, 3));
	CHECK_ERR(gnt_dealloc(ga, aidx, 3), EINVAL);
	counts_back(c0);
	close(gd);
	close(ga);
}

struct child_map {
	uint32_t refs[2];
	char *parent_view;
};

static void map_in_child(void *arg)
{
	struct child_map *cm = arg;
	uint64_t idx;
	int gd = OK(open(GNTDEV, O_RDWR | O_CLOEXEC));
	char *d;

	OK(gnt_map(gd, 2, cm->refs, &idx));
	d = map_shared(gd, 2, idx);
	CHECK(d != MAP_FAILED);
	CHECK_EQ(d[PAGE + 1], 0x42);
	d[3] = 0x24;
	/* Exit with the mapping in place: it goes with the process. */
}

static void touch(void *p)
{
	*(volatile char *)p = 1;
}

/* A child maps our pages; the gntdev area of the parent is not the child's. */
static void t_gnt_fork(void)
{
	struct child_map cm;
	struct counts c0;
	uint64_t aidx, didx;
	char *a, *d;
	int ga, gd;

	need_dom0();
	c0 = counts_now();
	ga = OK(open(GNTALLOC, O_RDWR | O_CLOEXEC));
	aidx = gnt_alloc(ga, 2, cm.refs);
	a = map_shared(ga, 2, aidx);
	CHECK(a != MAP_FAILED);
	a[PAGE + 1] = 0x42;
	if (pvh())
		skip("PVH dom0: our own grants are refused; mapping needs a second domain");
	expect_exit(run_child(map_in_child, &cm), 0);
	CHECK_EQ(a[3], 0x24);
	counts_back(c0);
	/* Mapped here, then fork: the child has no such area (SIGSEGV), the parent keeps it. */
	gd = OK(open(GNTDEV, O_RDWR | O_CLOEXEC));
	OK(gnt_map(gd, 2, cm.refs, &didx));
	d = map_shared(gd, 2, didx);
	CHECK(d != MAP_FAILED);
	expect_signal(run_child(touch, d), SIGSEGV);
	CHECK_EQ(d[3], 0x24);
	CHECK_EQ(mapping_count("grants"), c0.grants + 2);
	/* Closing the descriptor first: the area holds the file. */
	close(gd);
	CHECK_EQ(d[PAGE + 1], 0x42);
	OK(munmap(d, 2 * PAGE));
	counts_back(c0);
	OK(munmap(a, 2 * PAGE));
	close(ga);
}

struct notify_child {
	uint32_t ref;
	uint32_t action, port;
	int unmap; /* munmap before exit */
};

static void notify_in_child(void *arg)
{
	struct notify_child *nc = arg;
	uint64_t idx;
	int gd = OK(open(GNTDEV, O_RDWR | O_CLOEXEC));
	char *d;

	OK(gnt_map(gd, 1, &nc->ref, &idx));
	d = map_shared(gd, 1, idx);
	CHECK(d != MAP_FAILED);
	OK(gnt_notify(gd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, idx + 100, nc->action, nc->port));
	CHECK_EQ(d[100], 0x77);
	if (nc->unmap) {
		OK(munmap(d, PAGE));
		OK(gnt_unmap(gd, idx, 1));
	}
}

/* gntdev's unmap notification: the byte cleared in our page, the event sent. */
static void t_gnt_notify(void)
{
	struct notify_child nc = { 0 };
	unsigned int pa, pb;
	struct counts c0;
	uint64_t aidx;
	int ga, ea, eb;
	char *a;

	need_dom0();
	c0 = counts_now();
	ga = OK(open(GNTALLOC, O_RDWR | O_CLOEXEC));
	aidx = gnt_alloc(ga, 1, &nc.ref);
	a = map_shared(ga, 1, aidx);
	CHECK(a != MAP_FAILED);
	if (pvh())
		skip("PVH dom0: our own grants are refused; mapping needs a second domain");
	/* The byte, when the child exits with the page mapped... */
	a[100] = 0x77;
	a[101] = 0x78;
	nc.action = UNMAP_NOTIFY_CLEAR_BYTE;
	expect_exit(run_child(notify_in_child, &nc), 0);
	CHECK_EQ(a[100], 0);
	CHECK_EQ(a[101], 0x78);
	/* ...and when it unmaps first. */
	a[100] = 0x77;
	nc.unmap = 1;
	expect_exit(run_child(notify_in_child, &nc), 0);
	CHECK_EQ(a[100], 0);
	/* The event, with the byte or without it. */
	evtchn_pair(&ea, &eb, &pa, &pb);
	a[100] = 0x77;
	nc.action = UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT;
	nc.port = pb;
	nc.unmap = 0;
	CHECK(!event_came(ea, pa, 0));
	expect_exit(run_child(notify_in_child, &nc), 0);
	CHECK(event_came(ea, pa, 2000));
	CHECK_EQ(a[100], 0);
	CHECK_EQ(write(ea, &pa, 4), 4);
	a[100] = 0x77;
	nc.action = UNMAP_NOTIFY_SEND_EVENT;
	expect_exit(run_child(notify_in_child, &nc), 0);
	CHECK(event_came(ea, pa, 2000));
	CHECK_EQ(a[100], 0x77);
	counts_back(c0);
	OK(munmap(a, PAGE));
	close(ga);
	close(ea);
	close(eb);
}

/* gntalloc's: the peer (our gntdev view) sees the byte cleared and gets the event when we let go. */
static void t_gnt_alloc_notify(void)
{
	unsigned int pa, pb;
	struct counts c0;
	uint64_t aidx, didx;
	uint32_t ref;
	int ga, gd, ea, eb;
	char *a, *d;

	need_dom0();
	c0 = counts_now();
	evtchn_pair(&ea, &eb, &pa, &pb);
	ga = OK(open(GNTALLOC, O_RDWR | O_CLOEXEC));
	gd = OK(open(GNTDEV, O_RDWR | O_CLOEXEC));
	aidx = gnt_alloc(ga, 1, &ref);
	a = map_shared(ga, 1, aidx);
	CHECK(a != MAP_FAILED);
	a[200] = 0x55;
	if (pvh())
		skip("PVH dom0: our own grants are refused; mapping needs a second domain");
	OK(gnt_map(gd, 1, &ref, &didx));
	d = map_shared(gd, 1, didx);
	CHECK(d != MAP_FAILED);
	OK(gnt_notify(ga, IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, aidx + 200,
		      UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT, pb));
	/* Out of the file, still mapped here: nothing yet. */
	OK(gnt_dealloc(ga, aidx, 1));
	CHECK(!event_came(ea, pa, 100));
	CHECK_EQ(d[200], 0x55);
	/* The last holder goes: the peer's view shows it, the page lives on for the peer. */
	OK(munmap(a, PAGE));
	CHECK(event_came(ea, pa, 2000));
	CHECK_EQ(d[200], 0);
	d[300] = 1;
	CHECK_EQ(d[300], 1);
	OK(munmap(d, PAGE));
	OK(gnt_unmap(gd, didx, 1));
	counts_back(c0);
	close(gd);
	close(ga);
	close(ea);
	close(eb);
}

static void t_gnt_bad_input(void)
{
	struct ioctl_gntdev_set_max_grants max = { .count = 2 };
	struct counts c0;
	uint32_t refs[3], bad[3];
	uint64_t aidx, didx, idx2;
	int ga, gd;
	char *p;

	need_dom0();
	c0 = counts_now();
	ga = OK(open(GNTALLOC, O_RDWR | O_CLOEXEC));
	gd = OK(open(GNTDEV, O_RDWR | O_CLOEXEC));
	/* Unknown commands, dma-buf included; bad pointers. */
	CHECK_ERR(ioctl(gd, _IOC(_IOC_NONE, 'G', 0x42, 8), 0), ENOTTY);
	CHECK_ERR(ioctl(gd, IOCTL_GNTDEV_DMABUF_EXP_FROM_REFS, 0), ENOTTY);
	CHECK_ERR(ioctl(gd, IOCTL_GNTALLOC_ALLOC_GREF, 0), ENOTTY);
	CHECK_ERR(ioctl(ga, IOCTL_GNTDEV_MAP_GRANT_REF, 0), ENOTTY);
	CHECK_ERR(ioctl(gd, IOCTL_GNTDEV_MAP_GRANT_REF, BAD), EFAULT);
	CHECK_ERR(ioctl(gd, IOCTL_GNTDEV_UNMAP_GRANT_REF, BAD), EFAULT);
	CHECK_ERR(ioctl(gd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, BAD), EFAULT);
	CHECK_ERR(ioctl(gd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, BAD), EFAULT);
	CHECK_ERR(ioctl(gd, IOCTL_GNTDEV_SET_MAX_GRANTS, BAD), EFAULT);
	CHECK_ERR(ioctl(ga, IOCTL_GNTALLOC_ALLOC_GREF, BAD), EFAULT);
	CHECK_ERR(ioctl(ga, IOCTL_GNTALLOC_DEALLOC_GREF, BAD), EFAULT);
	CHECK_ERR(ioctl(ga, IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, BAD), EFAULT);
	/* The references' array cut short by an unmapped page. */
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	OK(munmap(p + PAGE, PAGE));
	struct ioctl_gntdev_map_grant_ref *m = (void *)(p + PAGE - sizeof(*m));
	m->count = 2;
	CHECK_ERR(ioctl(gd, IOCTL_GNTDEV_MAP_GRANT_REF, m), EFAULT);
	/* Counts: none, over the limit, over the device's limit. */
	aidx = gnt_alloc(ga, 3, refs);
	CHECK_ERR(gnt_map(gd, 0, refs, &didx), EINVAL);
	OK(ioctl(gd, IOCTL_GNTDEV_SET_MAX_GRANTS, &max));
	CHECK_ERR(gnt_map(gd, 3, refs, &didx), EINVAL);
	OK(gnt_map(gd, 2, refs, &didx));
	CHECK_ERR(gnt_map(gd, 1, refs, &idx2), ENOMEM); /* 2 listed already */
	max.count = 65537;
	CHECK_ERR(ioctl(gd, IOCTL_GNTDEV_SET_MAX_GRANTS, &max), E2BIG);
	/* mmap: the wrong offset, the wrong length, private and writable, twice. */
	CHECK(mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, gd, didx + PAGE) ==
	      MAP_FAILED);
	CHECK_EQ(errno, EINVAL);
	CHECK(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, gd, didx) == MAP_FAILED);
	CHECK_EQ(errno, EINVAL);
	CHECK(mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, gd, didx) == MAP_FAILED);
	CHECK_EQ(errno, EINVAL);
	if (!pvh()) {
		p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, gd, didx);
		CHECK(p != MAP_FAILED);
		CHECK(mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, gd, didx) == MAP_FAILED);
		CHECK_EQ(errno, EINVAL);
		/* Read-only: no byte to clear, and no way to make it writable. */
		CHECK_ERR(gnt_notify(gd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, didx,
				     UNMAP_NOTIFY_CLEAR_BYTE, 0),
			  EINVAL);
		CHECK_ERR(mprotect(p, PAGE, PROT_READ | PROT_WRITE), EACCES);
		OK(munmap(p, 2 * PAGE));
	}
	OK(gnt_unmap(gd, didx, 2));
	/* Notifications: a bad action, an index of no list, a port that is not open. */
	max.count = 8;
	OK(ioctl(gd, IOCTL_GNTDEV_SET_MAX_GRANTS, &max));
	OK(gnt_map(gd, 1, refs, &didx));
	CHECK_ERR(gnt_notify(gd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, didx, 4, 0), EINVAL);
	CHECK_ERR(gnt_notify(gd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, didx + PAGE, 1, 0), ENOENT);
	CHECK_ERR(gnt_notify(gd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, didx, 2, 4095), EINVAL);
	CHECK_ERR(gnt_notify(gd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, didx, 2, 1u << 20), EINVAL);
	OK(gnt_notify(gd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, didx + 5, 0, 0));
	OK(gnt_unmap(gd, didx, 1));
	CHECK_ERR(gnt_unmap(gd, didx, 1), ENOENT);
	/* A reference that is no grant: mmap fails, nothing stays mapped. */
	bad[0] = refs[0];
	bad[1] = 1000000;
	bad[2] = refs[2];
	OK(gnt_map(gd, 3, bad, &didx));
	CHECK(map_shared(gd, 3, didx) == MAP_FAILED);
	CHECK(errno == EINVAL || errno == EPERM);
	counts_back(c0);
	CHECK(map_shared(gd, 3, didx) == MAP_FAILED); /* mapped once, even when that failed */
	OK(gnt_unmap(gd, didx, 3));
	/* A reference ended: the same. */
	OK(gnt_dealloc(ga, aidx, 3));
	OK(gnt_map(gd, 1, &refs[1], &didx));
	CHECK(map_shared(gd, 1, didx) == MAP_FAILED);
	counts_back(c0);
	OK(gnt_unmap(gd, didx, 1));
	/* gntalloc: private, of no pages, past its pages; dealloc and notify of none. */
	aidx = gnt_alloc(ga, 2, refs);
	CHECK(mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, ga, aidx) == MAP_FAILED);
	CHECK_EQ(errno, EINVAL);
	CHECK(map_shared(ga, 2, aidx + 2 * PAGE) == MAP_FAILED);
	CHECK_EQ(errno, ENOENT);
	CHECK(map_shared(ga, 3, aidx) == MAP_FAILED);
	CHECK_EQ(errno, ENOENT);
	CHECK_ERR(gnt_dealloc(ga, aidx + PAGE, 2), EINVAL);
	CHECK_ERR(gnt_notify(ga, IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, aidx + 4 * PAGE, 1, 0), ENOENT);
	CHECK_ERR(gnt_notify(ga, IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, aidx, 8, 0), EINVAL);
	CHECK_ERR(gnt_notify(ga, IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, aidx, 2, 4095), EINVAL);
	/* Too many pages at once. */
	struct ioctl_gntalloc_alloc_gref big = { .count = 100000 };
	CHECK_ERR(ioctl(ga, IOCTL_GNTALLOC_ALLOC_GREF, &big), ENOSPC);
	OK(gnt_dealloc(ga, aidx, 2));
	counts_back(c0);
	close(gd);
	close(ga);
}

static void hold_and_wait(void *arg)
{
	int *pipefd = arg;
	uint32_t refs[4];
	uint64_t aidx, didx;
	int ga = OK(open(GNTALLOC, O_RDWR | O_CLOEXEC));
	int gd = OK(open(GNTDEV, O_RDWR | O_CLOEXEC));
	char *a, *d;

	aidx = gnt_alloc(ga, 4, refs);
	a = map_shared(ga, 4, aidx);
	CHECK(a != MAP_FAILED);
	a[0] = 1;
	if (!pvh()) {
		OK(gnt_map(gd, 4, refs, &didx));
		d = map_shared(gd, 4, didx);
		CHECK(d != MAP_FAILED);
		CHECK_EQ(d[0], 1);
		OK(gnt_map(gd, 2, refs, &didx));
		CHECK(map_shared(gd, 2, didx) != MAP_FAILED);
	}
	CHECK_EQ(write(pipefd[1], "x", 1), 1);
	for (;;)
		pause();
}

/* Killed while holding mappings: none left behind. */
static void t_gnt_killed(void)
{
	struct counts c0;
	int pipefd[2];
	char c;
	pid_t pid;

	need_dom0();
	c0 = counts_now();
	OK(pipe(pipefd));
	pid = xfork();
	if (pid == 0) {
		hold_and_wait(pipefd);
		_exit(0);
	}
	CHECK_EQ(read(pipefd[0], &c, 1), 1);
	CHECK_EQ(mapping_count("grants"), c0.grants + (pvh() ? 0 : 6));
	OK(kill(pid, SIGKILL));
	expect_signal(xwait(pid), SIGKILL);
	counts_back(c0);
}

/* One segment between our reference ref (domain 0) at off and local memory. */
static struct ioctl_gntdev_grant_copy_segment seg_gref(int to_gref, uint32_t ref, uint16_t off,
						       void *local, uint16_t len)
{
	struct ioctl_gntdev_grant_copy_segment s = { .len = len, .status = 99 };

	if (to_gref) {
		s.flags = GNTCOPY_dest_gref;
		s.dest.foreign.ref = ref;
		s.dest.foreign.offset = off;
		s.source.virt = local;
	} else {
		s.flags = GNTCOPY_source_gref;
		s.source.foreign.ref = ref;
		s.source.foreign.offset = off;
		s.dest.virt = local;
	}
	return s;
}

static int grant_copy(int gd, struct ioctl_gntdev_grant_copy_segment *segs, unsigned int n)
{
	struct ioctl_gntdev_grant_copy op = { .count = n, .segments = segs };

	return ioctl(gd, IOCTL_GNTDEV_GRANT_COPY, &op);
}

/*
 * IOCTL_GNTDEV_GRANT_COPY between our pages granted to domain 0 (seen
 * through gntalloc's mapping) and buffers of ours: both ways, a local
 * buffer across a page boundary, a grant to grant copy, Xen's per-segment
 * status for a reference that is no grant, and what the ioctl refuses.
 */
static void t_gnt_copy(void)
{
	struct ioctl_gntdev_grant_copy_segment segs[4];
	struct counts c0;
	uint32_t refs[2];
	uint64_t aidx;
	char *a, *buf;
	int ga, gd;

	need_dom0();
	c0 = counts_now();
	ga = OK(open(GNTALLOC, O_RDWR | O_CLOEXEC));
	gd = OK(open(GNTDEV, O_RDWR | O_CLOEXEC));
	aidx = gnt_alloc(ga, 2, refs);
	a = map_shared(ga, 2, aidx);
	CHECK(a != MAP_FAILED);
	for (int i = 0; i < 2 * (int)PAGE; i++)
		a[i] = (char)(i * 5 + 3);
	buf = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(buf != MAP_FAILED);

	/* From the grant: 300 bytes at 100, into a buffer that crosses a page. */
	segs[0] = seg_gref(0, refs[0], 100, buf + PAGE - 150, 300);
	OK(grant_copy(gd, segs, 1));
	CHECK_EQ(segs[0].status, 0); /* a PVH dom0 too: copying our own grants needs no mapping */
	for (int i = 0; i < 300; i++)
		CHECK_EQ(buf[PAGE - 150 + i], (char)((100 + i) * 5 + 3));
	/* Into the grant: the bytes appear in gntalloc's view of the page. */
	memset(buf, 0x5a, 64);
	segs[0] = seg_gref(1, refs[1], 4096 - 64, buf, 64);
	/* And grant to grant in the same call: page 0's first 32 bytes onto page 1's. */
	segs[1] = (struct ioctl_gntdev_grant_copy_segment){ .flags = GNTCOPY_source_gref | GNTCOPY_dest_gref,
							    .len = 32,
							    .status = 99 };
	segs[1].source.foreign.ref = refs[0];
	segs[1].dest.foreign.ref = refs[1];
	/* A reference that is no grant: Xen's status, the others still done. */
	segs[2] = seg_gref(0, 100000, 0, buf, 16);
	OK(grant_copy(gd, segs, 3));
	CHECK_EQ(segs[0].status, 0);
	CHECK_EQ(segs[1].status, 0);
	CHECK(segs[2].status < 0 && segs[2].status != 99);
	for (int i = 0; i < 64; i++)
		CHECK_EQ(a[2 * PAGE - 64 + i], 0x5a);
	for (int i = 0; i < 32; i++)
		CHECK_EQ(a[PAGE + i], (char)(i * 5 + 3));

	/* Refused up front: no grant side, a grant side past its page, unknown flags. */
	segs[0] = seg_gref(0, refs[0], 0, buf, 16);
	segs[0].flags = 0;
	segs[0].source.virt = buf + 100;
	CHECK_ERR(grant_copy(gd, segs, 1), EINVAL);
	segs[0] = seg_gref(0, refs[0], 4000, buf, 200);
	CHECK_ERR(grant_copy(gd, segs, 1), EINVAL);
	segs[0] = seg_gref(1, refs[0], 0, buf, 16);
	segs[0].flags |= 4;
	CHECK_ERR(grant_copy(gd, segs, 1), EINVAL);
	/* Memory it cannot read or write. */
	segs[0] = seg_gref(0, refs[0], 0, BAD, 16);
	CHECK_ERR(grant_copy(gd, segs, 1), EFAULT);
	segs[0] = seg_gref(1, refs[0], 0, BAD, 16);
	CHECK_ERR(grant_copy(gd, segs, 1), EFAULT);
	CHECK_ERR(grant_copy(gd, BAD, 1), EFAULT);
	CHECK_ERR(ioctl(gd, IOCTL_GNTDEV_GRANT_COPY, BAD), EFAULT);
	OK(grant_copy(gd, BAD, 0)); /* nothing to do */
	/* Nothing was mapped by any of it. */
	OK(munmap(a, 2 * PAGE));
	OK(gnt_dealloc(ga, aidx, 2));
	OK(munmap(buf, 2 * PAGE));
	close(gd);
	close(ga);
	counts_back(c0);
}

const struct utest gnt_tests[] = {
	{ "gnt_absent", t_gnt_absent },
	{ "gnt_nonroot", t_gnt_nonroot },
	{ "gnt_self_map", t_gnt_self_map },
	{ "gnt_fork", t_gnt_fork },
	{ "gnt_notify", t_gnt_notify },
	{ "gnt_alloc_notify", t_gnt_alloc_notify },
	{ "gnt_bad_input", t_gnt_bad_input },
	{ "gnt_copy", t_gnt_copy },
	{ "gnt_killed", t_gnt_killed },
	{ NULL, NULL },
};
