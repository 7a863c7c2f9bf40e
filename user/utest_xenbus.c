/*
 * /dev/xen/xenbus: xenstore messages written and read through the
 * kernel's own store connection, as libxenstore does in a domU. Run in a
 * domU of ours under a real xenstored (the domu areas); in dom0 the
 * store is the dom0 area's business (Debian's xenstore-ls goes through
 * the device there), and elsewhere there is no store.
 */
#include <poll.h>

#include "utest.h"

#include <xen/io/xs_wire.h>

#define XENBUS "/dev/xen/xenbus"

static void need_domu_store(void)
{
	if (access("/proc/xen", F_OK))
		skip("not on Xen: no xenstore");
	if (xen_dom0())
		skip("dom0: its xenstored comes with the toolstack (the dom0 area)");
	if (!pvkernel())
		skip("not the pvkernel");
}

static int xb_open(void)
{
	return OK(open(XENBUS, O_RDWR | O_CLOEXEC));
}

static void xb_send(int fd, uint32_t type, uint32_t req_id, uint32_t tx, const void *body,
		    uint32_t len)
{
	struct xsd_sockmsg h = { type, req_id, tx, len };

	CHECK_EQ(write(fd, &h, sizeof(h)), (ssize_t)sizeof(h));
	if (len)
		CHECK_EQ(write(fd, body, len), (ssize_t)len);
}

static void read_all(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t k = OK(read(fd, p, n));

		CHECK(k > 0);
		p += k;
		n -= (size_t)k;
	}
}

/* One message, its payload NUL-terminated in body (size > its length). */
static void xb_recv(int fd, struct xsd_sockmsg *h, char *body, size_t size)
{
	read_all(fd, h, sizeof(*h));
	CHECK(h->len < size);
	read_all(fd, body, h->len);
	body[h->len] = '\0';
}

/* The last watch event xb_talk found before an answer (path NUL token NUL), and how many. */
static char passed_event[256];
static int passed_events;

/*
 * A request and its answer (watch events on the way are kept in
 * passed_event): the answer's type; its req_id and tx_id must be the
 * request's.
 */
static uint32_t xb_talk(int fd, uint32_t type, uint32_t tx, const void *body, uint32_t len,
			char *out, size_t size)
{
	static uint32_t req_id = 0x5000;
	struct xsd_sockmsg h;

	xb_send(fd, type, ++req_id, tx, body, len);
	for (;;) {
		xb_recv(fd, &h, out, size);
		if (h.type != XS_WATCH_EVENT)
			break;
		CHECK(h.len <= sizeof(passed_event));
		memcpy(passed_event, out, h.len);
		passed_events++;
	}
	CHECK_EQ(h.req_id, req_id);
	CHECK_EQ(h.tx_id, tx);
	return h.type;
}

/* A path, NUL included, as XS_READ and friends carry it. */
static uint32_t xb_path_op(int fd, uint32_t type, uint32_t tx, const char *path, char *out,
			   size_t size)
{
	return xb_talk(fd, type, tx, path, (uint32_t)strlen(path) + 1, out, size);
}

static uint32_t xb_write_node(int fd, uint32_t tx, const char *path, const char *val)
{
	char msg[256], out[64];
	size_t n = strlen(path) + 1;

	memcpy(msg, path, n);
	memcpy(msg + n, val, strlen(val));
	return xb_talk(fd, XS_WRITE, tx, msg, (uint32_t)(n + strlen(val)), out, sizeof(out));
}

static int readable_within(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return OK(poll(&p, 1, ms)) == 1 && (p.revents & POLLIN);
}

/* ------------------------------------------------------------ cases */

static void open_xenbus_as_nobody(void *expect)
{
	become(NOBODY, NOGROUP);
	CHECK_ERR(open(XENBUS, O_RDWR), *(int *)expect);
}

/* The node, its xenfs twin, root's only (the driver says so too). */
static void t_xenbus_dev_node(void)
{
	struct stat st;
	int e, status;

	need_domu_store();
	OK(stat(XENBUS, &st));
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0600);
	OK(stat("/proc/xen/xenbus", &st));
	CHECK_EQ(st.st_mode & 0777, 0600);
	close(OK(open("/proc/xen/xenbus", O_RDWR | O_CLOEXEC)));
	e = EACCES;
	expect_exit(run_child(open_xenbus_as_nobody, &e), 0);
	OK(chmod(XENBUS, 0666));
	e = EPERM;
	status = run_child(open_xenbus_as_nobody, &e);
	OK(chmod(XENBUS, 0600));
	expect_exit(status, 0);
}

/* Reads, an error answer, the domain's path: each answer with the request's req_id. */
static void t_xenbus_dev_read(void)
{
	char out[256], want[64];
	unsigned long domid;
	int fd;

	need_domu_store();
	fd = xb_open();
	CHECK_EQ(xb_path_op(fd, XS_READ, 0, "domid", out, sizeof(out)), XS_READ);
	domid = strtoul(out, NULL, 10);
	CHECK(domid > 0 && domid < 0x7ff0);
	CHECK_EQ(xb_path_op(fd, XS_READ, 0, "no/such/node", out, sizeof(out)), XS_ERROR);
	CHECK(!strcmp(out, "ENOENT"));
	snprintf(out, sizeof(out), "%lu", domid);
	CHECK_EQ(xb_path_op(fd, XS_GET_DOMAIN_PATH, 0, out, out, sizeof(out)), XS_GET_DOMAIN_PATH);
	snprintf(want, sizeof(want), "/local/domain/%lu", domid);
	CHECK(!strcmp(out, want));
	/* Nothing else was queued: no more to read. */
	CHECK(!readable_within(fd, 0));
	close(fd);
}

/* A message in pieces, an answer read in pieces, two messages in one write. */
static void t_xenbus_dev_pieces(void)
{
	struct xsd_sockmsg h = { XS_READ, 77, 0, 6 }, two[2];
	char buf[2 * sizeof(h) + 12], out[64];
	int fd;

	need_domu_store();
	fd = xb_open();
	CHECK_EQ(write(fd, &h, 5), 5);
	CHECK_EQ(write(fd, (char *)&h + 5, 6), 6);
	CHECK_EQ(write(fd, (char *)&h + 11, 5), 5);
	CHECK_EQ(write(fd, "dom", 3), 3);
	CHECK(!readable_within(fd, 0)); /* half a request is not sent */
	CHECK_EQ(write(fd, "id", 3), 3);
	for (size_t i = 0; i < sizeof(h); i++)
		CHECK_EQ(read(fd, (char *)&two[0] + i, 1), 1);
	CHECK_EQ(two[0].type, XS_READ);
	CHECK_EQ(two[0].req_id, 77);
	read_all(fd, out, two[0].len);

	/* Two requests in one write: the first is taken, the caller writes the rest again. */
	two[0] = (struct xsd_sockmsg){ XS_READ, 1, 0, 6 };
	two[1] = (struct xsd_sockmsg){ XS_READ, 2, 0, 6 };
	memcpy(buf, &two[0], sizeof(h));
	memcpy(buf + sizeof(h), "domid", 6);
	memcpy(buf + sizeof(h) + 6, &two[1], sizeof(h));
	memcpy(buf + 2 * sizeof(h) + 6, "domid", 6);
	CHECK_EQ(write(fd, buf, sizeof(buf)), (ssize_t)(sizeof(h) + 6));
	CHECK_EQ(write(fd, buf + sizeof(h) + 6, sizeof(h) + 6), (ssize_t)(sizeof(h) + 6));
	xb_recv(fd, &h, out, sizeof(out));
	CHECK_EQ(h.req_id, 1);
	xb_recv(fd, &h, out, sizeof(out));
	CHECK_EQ(h.req_id, 2);
	close(fd);
}

/* What the device refuses, with an errno, and goes on. */
static void t_xenbus_dev_bad(void)
{
	struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
	char out[64];
	int fd, nb;

	need_domu_store();
	fd = xb_open();
	CHECK_ERR(write(fd, &h, sizeof(h)), EINVAL);	     /* longer than a store message */
	h = (struct xsd_sockmsg){ XS_WATCH_EVENT, 1, 0, 0 }; /* the daemon's to send */
	CHECK_ERR(write(fd, &h, sizeof(h)), EINVAL);
	h.type = XS_ERROR;
	CHECK_ERR(write(fd, &h, sizeof(h)), EINVAL);
	h.type = XS_RESET_WATCHES; /* would take the kernel's own watches */
	CHECK_ERR(write(fd, &h, sizeof(h)), EINVAL);
	h.type = 999;
	CHECK_ERR(write(fd, &h, sizeof(h)), EINVAL);
	h = (struct xsd_sockmsg){ XS_READ, 1, 12345, 6 }; /* no transaction of ours */
	CHECK_EQ(write(fd, &h, sizeof(h)), (ssize_t)sizeof(h));
	CHECK_ERR(write(fd, "domid", 6), ESRCH);
	h = (struct xsd_sockmsg){ XS_WATCH, 1, 0, 5 }; /* a path and no token */
	CHECK_EQ(write(fd, &h, sizeof(h)), (ssize_t)sizeof(h));
	CHECK_ERR(write(fd, "data", 5), EINVAL);
	CHECK_ERR(write(fd, BAD, 16), EFAULT);
	/* Nothing answers those; reads do not block a non-blocking reader. */
	nb = OK(open(XENBUS, O_RDWR | O_NONBLOCK | O_CLOEXEC));
	CHECK_ERR(read(nb, out, sizeof(out)), EAGAIN);
	CHECK(!readable_within(fd, 0));
	/* And the file still works. */
	CHECK_EQ(xb_path_op(fd, XS_READ, 0, "domid", out, sizeof(out)), XS_READ);
	close(nb);
	close(fd);
}

/* A read in transaction tx, which is not fd's: refused when the message is whole. */
static void expect_no_tx(int fd, uint32_t tx, const char *path)
{
	struct xsd_sockmsg h = { XS_READ, 9, tx, (uint32_t)strlen(path) + 1 };

	CHECK_EQ(write(fd, &h, sizeof(h)), (ssize_t)sizeof(h));
	CHECK_ERR(write(fd, path, h.len), ESRCH);
}

/* A transaction is the file's: isolated until committed, aborted when the file goes. */
static void t_xenbus_dev_transaction(void)
{
	char out[64], node[64], node2[64];
	uint32_t tx;
	int a, b;

	need_domu_store();
	snprintf(node, sizeof(node), "data/utest-xb-%d", getpid());
	snprintf(node2, sizeof(node2), "data/utest-xb2-%d", getpid());
	a = xb_open();
	b = xb_open();
	CHECK_EQ(xb_talk(a, XS_TRANSACTION_START, 0, "", 1, out, sizeof(out)), XS_TRANSACTION_START);
	tx = (uint32_t)strtoul(out, NULL, 10);
	CHECK(tx != 0);
	CHECK_EQ(xb_write_node(a, tx, node, "committed"), XS_WRITE);
	CHECK_EQ(xb_path_op(a, XS_READ, tx, node, out, sizeof(out)), XS_READ);
	CHECK(!strcmp(out, "committed"));
	/* b has no such transaction, and sees nothing of it yet. */
	expect_no_tx(b, tx, node);
	CHECK_EQ(xb_path_op(b, XS_READ, 0, node, out, sizeof(out)), XS_ERROR);
	CHECK_EQ(xb_talk(a, XS_TRANSACTION_END, tx, "T", 2, out, sizeof(out)), XS_TRANSACTION_END);
	CHECK_EQ(xb_path_op(b, XS_READ, 0, node, out, sizeof(out)), XS_READ);
	CHECK(!strcmp(out, "committed"));
	/* The transaction is gone with its end: using it again is refused. */
	expect_no_tx(a, tx, node);

	/* One left open when the file closes is aborted: its write never lands. */
	CHECK_EQ(xb_talk(a, XS_TRANSACTION_START, 0, "", 1, out, sizeof(out)), XS_TRANSACTION_START);
	tx = (uint32_t)strtoul(out, NULL, 10);
	CHECK_EQ(xb_write_node(a, tx, node2, "lost"), XS_WRITE);
	close(a);
	CHECK_EQ(xb_path_op(b, XS_READ, 0, node2, out, sizeof(out)), XS_ERROR);
	CHECK(!strcmp(out, "ENOENT"));
	CHECK_EQ(xb_path_op(b, XS_RM, 0, node, out, sizeof(out)), XS_RM);
	close(b);
}

/* A watch: its answer, the first event, one per change, none after XS_UNWATCH. */
static void t_xenbus_dev_watch(void)
{
	char msg[128], out[256], node[64];
	struct xsd_sockmsg h;
	int fd, got_ok = 0, got_event = 0;
	size_t n;

	need_domu_store();
	snprintf(node, sizeof(node), "data/utest-xbw-%d", getpid());
	fd = xb_open();
	n = strlen(node) + 1;
	memcpy(msg, node, n);
	memcpy(msg + n, "tok-1", 6);
	xb_send(fd, XS_WATCH, 40, 0, msg, (uint32_t)(n + 6));
	/* The answer and the event every new watch fires once, in either order. */
	for (int i = 0; i < 2; i++) {
		CHECK(readable_within(fd, 10000));
		xb_recv(fd, &h, out, sizeof(out));
		if (h.type == XS_WATCH) {
			CHECK_EQ(h.req_id, 40);
			CHECK(!strcmp(out, "OK"));
			got_ok++;
		} else {
			CHECK_EQ(h.type, XS_WATCH_EVENT);
			CHECK(!strcmp(out, node));
			CHECK(!strcmp(out + strlen(out) + 1, "tok-1"));
			got_event++;
		}
	}
	CHECK(got_ok == 1 && got_event == 1);
	/* The same watch again is refused the way xenstored refuses it. */
	CHECK_EQ(xb_talk(fd, XS_WATCH, 0, msg, (uint32_t)(n + 6), out, sizeof(out)), XS_ERROR);
	CHECK(!strcmp(out, "EEXIST"));

	/* A change fires it, with our token (before or after the write's answer). */
	passed_events = 0;
	CHECK_EQ(xb_write_node(fd, 0, node, "1"), XS_WRITE);
	if (!passed_events) {
		CHECK(readable_within(fd, 10000));
		xb_recv(fd, &h, passed_event, sizeof(passed_event));
		CHECK_EQ(h.type, XS_WATCH_EVENT);
	}
	CHECK(!strcmp(passed_event, node));
	CHECK(!strcmp(passed_event + strlen(passed_event) + 1, "tok-1"));
	CHECK(!readable_within(fd, 0)); /* one change, one event */

	CHECK_EQ(xb_talk(fd, XS_UNWATCH, 0, msg, (uint32_t)(n + 6), out, sizeof(out)), XS_UNWATCH);
	CHECK_EQ(xb_talk(fd, XS_UNWATCH, 0, msg, (uint32_t)(n + 6), out, sizeof(out)), XS_ERROR);
	CHECK(!strcmp(out, "ENOENT"));
	passed_events = 0;
	CHECK_EQ(xb_write_node(fd, 0, node, "2"), XS_WRITE);
	CHECK(!readable_within(fd, 300)); /* no event after the unwatch */
	CHECK_EQ(passed_events, 0);

	/* A watch left when the file closes goes with it; the store still answers. */
	xb_send(fd, XS_WATCH, 41, 0, msg, (uint32_t)(n + 6));
	CHECK(readable_within(fd, 10000));
	close(fd);
	fd = xb_open();
	CHECK_EQ(xb_path_op(fd, XS_RM, 0, node, out, sizeof(out)), XS_RM);
	CHECK(!readable_within(fd, 300));
	close(fd);
}

const struct utest xenbus_dev_tests[] = {
	{ "xenbus_dev_node", t_xenbus_dev_node },
	{ "xenbus_dev_read", t_xenbus_dev_read },
	{ "xenbus_dev_pieces", t_xenbus_dev_pieces },
	{ "xenbus_dev_bad", t_xenbus_dev_bad },
	{ "xenbus_dev_transaction", t_xenbus_dev_transaction },
	{ "xenbus_dev_watch", t_xenbus_dev_watch },
	{ NULL, NULL },
};
