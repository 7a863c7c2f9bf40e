/*
 * The xenstore client: requests over the store page's req ring, replies
 * and watch events from its rsp ring, one event channel for both ways.
 *
 * One request is on the wire at a time (a sleeping lock orders callers).
 * A reader thread owns the rsp ring: it reads each message whole, hands a
 * reply to the caller waiting for that req_id and queues a watch event for
 * the watch thread, which runs the callbacks (so a callback may itself use
 * xenbus: its replies come through the reader). A message the reader
 * cannot frame (a length past XENSTORE_PAYLOAD_MAX, an index past the
 * ring) leaves the byte stream with no way to find the next message: the
 * connection is then declared broken, logged, and every request fails
 * with -EPROTO. A reply that arrives for no one is logged and dropped.
 */
#define pr_fmt(fmt) "xenbus: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/initcall.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/xen-events.h>
#include <kernel/xenbus.h>

#include "xenbus_wire.h"

/* How long a request may wait for its reply: dom0 can be busy under TCG. */
#define REPLY_TIMEOUT_NS (30 * NSEC_PER_SEC)
#define PATH_MAX_LEN	 256

static struct xenstore_domain_interface *store;
static unsigned int store_port;
static int store_irq = -1;
static bool store_broken;
static bool store_connected; /* it answered: drivers may use it */
/*
 * dom0's store is served by a daemon of dom0 itself, started long after
 * boot (xenbus_local.c): no request goes out before that daemon has
 * bound our port (store_ready); its first event says it has.
 */
static bool store_local, store_ready, store_event_seen;
static struct wait_queue store_wq = WAIT_QUEUE_INIT(store_wq); /* any event on the port */

/* The request lock and the one request on the wire. */
static bool req_busy;
static struct wait_queue req_wq = WAIT_QUEUE_INIT(req_wq);
static u32 next_req_id = 1;
static struct {
	bool active, done;
	u32 req_id;
	struct xsd_sockmsg hdr;
	char *body;
} pending;
static struct wait_queue reply_wq = WAIT_QUEUE_INIT(reply_wq);

/* Watches and their queued events. */
struct watch_event {
	struct list_head list;
	u32 token;
	char path[];
};
static LIST_HEAD(watches);
static LIST_HEAD(watch_events);
static struct wait_queue watch_wq = WAIT_QUEUE_INIT(watch_wq);
static struct thread *watch_thread;
static struct xenbus_watch *running_watch;
static u32 next_token = 1;

void xenbus_set_store(struct xenstore_domain_interface *intf, unsigned int port)
{
	store = intf;
	store_port = port;
	store_ready = true;
}

void xenbus_set_local_store(struct xenstore_domain_interface *intf, unsigned int port)
{
	store = intf;
	store_port = port;
	store_local = true;
}

static void store_fail(const char *why)
{
	unsigned long flags = arch_local_irq_save();

	if (!store_broken)
		pr_err("xenstore connection broken: %s; every further request fails\n", why);
	store_broken = true;
	wake_up_all(&reply_wq);
	wake_up_all(&store_wq);
	arch_local_irq_restore(flags);
}

static void store_event(unsigned int irq, void *data)
{
	store_event_seen = true;
	wake_up_all(&store_wq);
}

/* ---------------------------------------------------------------- the reader */

/* Reads exactly n bytes of the rsp ring, sleeping until they come; 0 or -EPROTO. */
static int read_exact(void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t k;

		wait_event(&store_wq, store_broken || xs_ring_has_data(store));
		if (store_broken)
			return -EPROTO;
		k = xs_ring_read(store, p, n);
		if (k < 0) {
			store_fail("the daemon's rsp_prod is past what the ring holds");
			return -EPROTO;
		}
		xen_evtchn_notify(store_port); /* room for the daemon again */
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static void queue_watch_event(const char *body, u32 len)
{
	const char *path, *token;
	unsigned long long tok;
	struct watch_event *ev;
	unsigned long flags;
	size_t plen;

	if (xs_parse_watch_event(body, len, &path, &token) ||
	    xs_parse_uint(token, strlen(token), &tok) || tok > 0xffffffffULL) {
		pr_warn("malformed watch event (%u bytes) refused\n", len);
		return;
	}
	plen = strlen(path);
	ev = kmalloc(sizeof(*ev) + plen + 1);
	if (!ev) {
		pr_err("no memory for a watch event on %s; dropped\n", path);
		return;
	}
	ev->token = (u32)tok;
	memcpy(ev->path, path, plen + 1);
	flags = arch_local_irq_save();
	list_add_tail(&ev->list, &watch_events);
	wake_up_all(&watch_wq);
	arch_local_irq_restore(flags);
}

static void reader_thread(void *arg)
{
	for (;;) {
		struct xsd_sockmsg hdr;
		unsigned long flags;
		char *body;

		if (read_exact(&hdr, sizeof(hdr)))
			break;
		if (xs_check_header(&hdr)) {
			pr_err("message header refused: type %u, %u bytes (at most %u)\n", hdr.type,
			       hdr.len, XENSTORE_PAYLOAD_MAX);
			store_fail("a message that cannot be framed");
			break;
		}
		body = kmalloc(hdr.len + 1);
		if (!body) {
			store_fail("no memory for a message");
			break;
		}
		if (read_exact(body, hdr.len)) {
			kfree(body);
			break;
		}
		body[hdr.len] = '\0';
		if (hdr.type == XS_WATCH_EVENT) {
			queue_watch_event(body, hdr.len);
			kfree(body);
			continue;
		}
		flags = arch_local_irq_save();
		if (pending.active && !pending.done && hdr.req_id == pending.req_id) {
			pending.hdr = hdr;
			pending.body = body;
			pending.done = true;
			wake_up_all(&reply_wq);
			body = NULL;
		}
		arch_local_irq_restore(flags);
		if (body) {
			pr_warn("reply %u (type %u) matches no request; dropped\n", hdr.req_id, hdr.type);
			kfree(body);
		}
	}
	pr_err("reader stopped\n");
	kthread_exit();
}

/* ---------------------------------------------------------------- requests */

static void req_lock(void)
{
	unsigned long flags = arch_local_irq_save();

	while (req_busy)
		wait_queue_sleep(&req_wq);
	req_busy = true;
	arch_local_irq_restore(flags);
}

static void req_unlock(void)
{
	unsigned long flags = arch_local_irq_save();

	req_busy = false;
	wake_up_all(&req_wq);
	arch_local_irq_restore(flags);
}

/* Writes all of buf into the req ring, waiting for room (bounded). */
static int write_all(const void *buf, size_t n, u64 deadline)
{
	const char *p = buf;

	while (n) {
		ssize_t k;

		if (wait_event_deadline(&store_wq, store_broken || xs_ring_has_room(store), deadline))
			return -ETIMEDOUT;
		if (store_broken)
			return -EPROTO;
		k = xs_ring_write(store, p, n);
		if (k < 0) {
			store_fail("the daemon's req_cons is past what the ring holds");
			return -EPROTO;
		}
		xen_evtchn_notify(store_port);
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/*
 * One request and its reply. On success *reply (if reply) is the kmalloc'd
 * payload, NUL-terminated one past *len; the caller frees it. With rtype,
 * an XS_ERROR reply is a success too, its type in *rtype.
 */
static int xs_exchange(u32 tx, u32 type, const struct xs_part *parts, unsigned int nparts,
		       u32 *rtype, char **reply, u32 *len)
{
	static char body[XENSTORE_PAYLOAD_MAX]; /* under the request lock */
	u64 deadline = clock_ns() + REPLY_TIMEOUT_NS;
	struct xsd_sockmsg hdr;
	unsigned long flags;
	int n, rc;

	if (!store)
		return -ENODEV;
	if (!store_ready)
		return -ENOTCONN; /* dom0: no xenstored yet */
	req_lock();
	rc = -EPROTO;
	if (store_broken)
		goto out;
	n = xs_build(&hdr, body, sizeof(body), type, next_req_id++, tx, parts, nparts);
	rc = n;
	if (n < 0)
		goto out;
	flags = arch_local_irq_save();
	pending.active = true;
	pending.done = false;
	pending.req_id = hdr.req_id;
	pending.body = NULL;
	arch_local_irq_restore(flags);

	rc = write_all(&hdr, sizeof(hdr), deadline);
	if (!rc)
		rc = write_all(body, (size_t)n, deadline);
	if (rc) {
		/* Half a message on the wire: nothing after it could be framed. */
		store_fail(rc == -ETIMEDOUT ? "the daemon stopped taking requests" :
					      "a request could not be written");
		goto done;
	}
	rc = wait_event_deadline(&reply_wq, pending.done || store_broken, deadline);
	if (rc) {
		pr_err("no reply to request %u (type %u) after %llu s\n", hdr.req_id, type,
		       REPLY_TIMEOUT_NS / NSEC_PER_SEC);
		goto done;
	}
	if (!pending.done) {
		rc = -EPROTO;
		goto done;
	}
	/* An error reply is one more answer to pass on, when the caller takes its type. */
	if (rtype && pending.hdr.type == XS_ERROR)
		rc = xs_error_errno(pending.body, pending.hdr.len) == -EPROTO ? -EPROTO : 0;
	else
		rc = xs_check_reply(type, &pending.hdr, pending.body);
	if (!rc && rtype)
		*rtype = pending.hdr.type;
	if (rc == -EPROTO)
		pr_err("reply to request %u refused: type %u for a request of type %u\n",
		       hdr.req_id, pending.hdr.type, type);
	if (!rc && reply) {
		*reply = pending.body;
		pending.body = NULL;
	}
	if (!rc && len)
		*len = pending.hdr.len;
done:
	flags = arch_local_irq_save();
	pending.active = false;
	arch_local_irq_restore(flags);
	kfree(pending.body);
	pending.body = NULL;
out:
	req_unlock();
	return rc;
}

static int xs_talk(u32 tx, u32 type, const struct xs_part *parts, unsigned int nparts,
		   char **reply, u32 *len)
{
	return xs_exchange(tx, type, parts, nparts, NULL, reply, len);
}

int xenbus_raw(u32 tx, u32 type, const void *payload, u32 len, u32 *rtype, char **reply,
	       u32 *rlen)
{
	struct xs_part part = { payload, len };

	return xs_exchange(tx, type, &part, 1, rtype, reply, rlen);
}

/* A request whose payload is one path, NUL-terminated. */
static int xs_path_op(u32 tx, u32 type, const char *dir, const char *node, char **reply,
		      u32 *len)
{
	char path[PATH_MAX_LEN];
	int n = xs_join_path(path, sizeof(path), dir, node);
	struct xs_part part = { path, (size_t)n + 1 };

	if (n < 0)
		return n;
	return xs_talk(tx, type, &part, 1, reply, len);
}

int xenbus_read(u32 tx, const char *dir, const char *node, char **val, size_t *len)
{
	char *reply;
	u32 n;
	int rc = xs_path_op(tx, XS_READ, dir, node, &reply, &n);

	if (rc)
		return rc;
	*val = reply;
	if (len)
		*len = n;
	return 0;
}

int xenbus_read_buf(u32 tx, const char *dir, const char *node, char *buf, size_t size)
{
	size_t n;
	char *val;
	int rc = xenbus_read(tx, dir, node, &val, &n);

	if (rc)
		return rc;
	rc = n < size ? 0 : -E2BIG;
	if (!rc)
		memcpy(buf, val, n + 1);
	kfree(val);
	return rc;
}

int xenbus_read_ull(u32 tx, const char *dir, const char *node, unsigned long long *v)
{
	size_t n;
	char *val;
	int rc = xenbus_read(tx, dir, node, &val, &n);

	if (rc)
		return rc;
	rc = xs_parse_uint(val, n, v);
	kfree(val);
	return rc;
}

bool xenbus_exists(u32 tx, const char *dir, const char *node)
{
	char *val;

	if (xenbus_read(tx, dir, node, &val, NULL))
		return false;
	kfree(val);
	return true;
}

int xenbus_write(u32 tx, const char *dir, const char *node, const char *val)
{
	char path[PATH_MAX_LEN];
	int n = xs_join_path(path, sizeof(path), dir, node);
	struct xs_part parts[2] = { { path, (size_t)n + 1 }, { val, strlen(val) } };

	if (n < 0)
		return n;
	return xs_talk(tx, XS_WRITE, parts, 2, NULL, NULL);
}

int xenbus_printf(u32 tx, const char *dir, const char *node, const char *fmt, ...)
{
	char val[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(val))
		return -E2BIG;
	return xenbus_write(tx, dir, node, val);
}

int xenbus_mkdir(u32 tx, const char *dir, const char *node)
{
	return xs_path_op(tx, XS_MKDIR, dir, node, NULL, NULL);
}

int xenbus_rm(u32 tx, const char *dir, const char *node)
{
	return xs_path_op(tx, XS_RM, dir, node, NULL, NULL);
}

int xenbus_directory(u32 tx, const char *dir, const char *node, char **names, unsigned int *n)
{
	char *reply;
	u32 len;
	int count, rc = xs_path_op(tx, XS_DIRECTORY, dir, node, &reply, &len);

	if (rc)
		return rc;
	count = xs_count_strings(reply, len);
	if (count < 0) {
		pr_err("directory listing of %s/%s refused: its last name is not terminated\n",
		       dir, node);
		kfree(reply);
		return count;
	}
	*names = reply;
	*n = (unsigned int)count;
	return 0;
}

int xenbus_transaction_start(u32 *tx)
{
	struct xs_part part = { "", 1 };
	unsigned long long id;
	char *reply;
	u32 len;
	int rc = xs_talk(XBT_NIL, XS_TRANSACTION_START, &part, 1, &reply, &len);

	if (rc)
		return rc;
	/* The id as a decimal string, NUL-terminated inside the payload. */
	rc = xs_parse_uint(reply, strnlen(reply, len), &id);
	if (rc || !id || id > 0xffffffffULL) {
		pr_err("transaction id \"%.16s\" refused\n", reply);
		rc = -EPROTO;
	} else {
		*tx = (u32)id;
	}
	kfree(reply);
	return rc;
}

int xenbus_transaction_end(u32 tx, bool abort)
{
	struct xs_part part = { abort ? "F" : "T", 2 };

	return xs_talk(tx, XS_TRANSACTION_END, &part, 1, NULL, NULL);
}

/* Commits that keep losing to other writers (a busy store) give up after this many. */
#define TX_RETRIES 16

int xenbus_transact(int (*fn)(u32 tx, void *arg), void *arg)
{
	int rc = -EAGAIN;

	for (int tries = 0; tries < TX_RETRIES && rc == -EAGAIN; tries++) {
		u32 tx;

		rc = xenbus_transaction_start(&tx);
		if (rc)
			return rc;
		rc = fn(tx, arg);
		if (rc) {
			xenbus_transaction_end(tx, true);
			return rc == XENBUS_TX_NOTHING ? 0 : rc;
		}
		rc = xenbus_transaction_end(tx, false);
	}
	return rc;
}

/* ---------------------------------------------------------------- watches */

static int watch_op(u32 type, struct xenbus_watch *w)
{
	char token[12];
	struct xs_part parts[2] = { { w->path, strlen(w->path) + 1 }, { token, 0 } };

	parts[1].len = (size_t)snprintf(token, sizeof(token), "%u", w->token) + 1;
	return xs_talk(XBT_NIL, type, parts, 2, NULL, NULL);
}

static struct xenbus_watch *find_watch(u32 token)
{
	struct xenbus_watch *w;

	list_for_each_entry(w, &watches, list)
		if (w->token == token)
			return w;
	return NULL;
}

int xenbus_watch_register(struct xenbus_watch *w)
{
	unsigned long flags = arch_local_irq_save();
	int rc;

	w->token = next_token++;
	list_add_tail(&w->list, &watches);
	arch_local_irq_restore(flags);
	rc = watch_op(XS_WATCH, w);
	if (rc) {
		flags = arch_local_irq_save();
		list_del(&w->list);
		arch_local_irq_restore(flags);
	}
	return rc;
}

void xenbus_watch_unregister(struct xenbus_watch *w)
{
	struct watch_event *ev, *next;
	unsigned long flags;
	int rc = watch_op(XS_UNWATCH, w);

	if (rc && rc != -ENOENT)
		pr_warn("cannot remove the watch on %s: %d\n", w->path, rc);
	flags = arch_local_irq_save();
	list_del(&w->list);
	list_for_each_entry_safe(ev, next, &watch_events, list) {
		if (ev->token == w->token) {
			list_del(&ev->list);
			kfree(ev);
		}
	}
	/* A callback of w running in the watch thread finishes first (unless that is us). */
	while (running_watch == w && current != watch_thread)
		wait_queue_sleep(&watch_wq);
	arch_local_irq_restore(flags);
}

static void watch_thread_fn(void *arg)
{
	for (;;) {
		struct watch_event *ev;
		struct xenbus_watch *w;
		unsigned long flags;

		flags = arch_local_irq_save();
		while (list_empty(&watch_events))
			wait_queue_sleep(&watch_wq);
		ev = list_first_entry(&watch_events, struct watch_event, list);
		list_del(&ev->list);
		w = find_watch(ev->token);
		running_watch = w;
		arch_local_irq_restore(flags);

		if (w)
			w->cb(w, ev->path);
		kfree(ev);

		flags = arch_local_irq_save();
		running_watch = NULL;
		wake_up_all(&watch_wq); /* an unregister may wait for this */
		arch_local_irq_restore(flags);
	}
}

/* ---------------------------------------------------------------- boot */

bool xenbus_has_store(void)
{
	return store != NULL;
}

bool xenbus_connected(void)
{
	return store_connected;
}

/*
 * dom0: waits for the local xenstored's first event (the daemon binds a
 * port to ours, which raises only its own, and notifies ours once it has
 * taken us in: xenstored's dom0_init()), then asks it for the root's
 * entries; its answer makes the store usable.
 */
static void local_connect_thread(void *arg __unused)
{
	unsigned int n;
	char *names;
	int rc;

	wait_event(&store_wq, store_event_seen);
	store_ready = true;
	rc = xenbus_directory(XBT_NIL, "/", "", &names, &n);
	if (rc) {
		pr_err("the local xenstored bound our port %u but did not answer: %d\n", store_port,
		       rc);
		kthread_exit();
	}
	kfree(names);
	store_connected = true;
	pr_info("connected to the local xenstored (port %u): %u entries at the root\n", store_port,
		n);
	kthread_exit();
}

static int bind_store_port(unsigned int port)
{
	int irq = xen_bind_evtchn(port);
	int rc = irq < 0 ? irq : request_irq((unsigned int)irq, store_event, "xenstore", NULL);

	if (rc) {
		if (irq >= 0)
			xen_unbind_evtchn((unsigned int)irq, false);
		return rc;
	}
	store_irq = irq;
	return 0;
}

int xenbus_local_switch_port(unsigned int port)
{
	unsigned long flags;
	int rc, old = store_irq;

	if (!store_local || !store || store_irq < 0)
		return -ENODEV;
	flags = arch_local_irq_save();
	rc = store_event_seen ? -EEXIST : 0; /* a daemon spoke on the old port: too late */
	arch_local_irq_restore(flags);
	if (rc)
		return rc;
	rc = bind_store_port(port);
	if (rc)
		return rc;
	xen_unbind_evtchn((unsigned int)old, true);
	store_port = port;
	pr_info("dom0: the store's event channel is now port %u\n", port);
	return 0;
}

/*
 * Connects to the store and starts the reader and watch threads, for the
 * drivers and services of INITCALL_DRIVER. Nothing to do when no entry
 * set a store (not a domU, and not dom0 with xenbus_local.c). In dom0
 * the connection comes later, when user space starts xenstored.
 */
static int xenbus_init(void)
{
	char name[64];
	int rc;

	if (!store)
		return 0;
	rc = bind_store_port(store_port);
	if (rc) {
		pr_err("cannot bind the store's event channel %u: %d; no xenstore\n", store_port, rc);
		store = NULL;
		return rc;
	}
	if (!kthread_create(reader_thread, NULL, "xenbus") ||
	    !(watch_thread = kthread_create(watch_thread_fn, NULL, "xenwatch"))) {
		pr_err("no memory for the xenbus threads; no xenstore\n");
		store = NULL;
		return -ENOMEM;
	}
	if (store_local) {
		if (!kthread_create(local_connect_thread, NULL, "xenbus-local"))
			pr_err("no memory for the connecting thread; no xenstore\n");
		else
			pr_info("dom0: the store is ours to serve (port %u): waiting for xenstored\n",
				store_port);
		return 0;
	}
	rc = xenbus_read_buf(XBT_NIL, "name", "", name, sizeof(name));
	if (rc) {
		pr_err("cannot read our name from the store: %d\n", rc);
		return rc;
	}
	pr_info("connected to xenstore (port %u): domain \"%s\"\n", store_port, name);
	store_connected = true;
	return 0;
}
initcall(xenbus_init, INITCALL_BUS);
