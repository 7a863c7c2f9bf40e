/*
 * /dev/xen/xenbus (and /proc/xen/xenbus): xenstore for user space over
 * the kernel's own connection, as libxenstore uses it where no xenstored
 * socket is (a domU, or XENSTORED_PATH naming the device). A process
 * writes whole xenstore messages (struct xsd_sockmsg and its payload, in
 * as many writes as it likes) and reads the answers in the same framing.
 *
 * Requests go to the store through xenbus_raw() with the caller's
 * transaction id and come back with the caller's req_id. Two kinds are
 * the kernel's to serve, because the connection is shared with its own
 * drivers: XS_WATCH and XS_UNWATCH become kernel watches whose events
 * are queued to the file as XS_WATCH_EVENT messages with the caller's
 * token, and XS_RESET_WATCHES (which would remove the drivers' watches
 * too) is refused. A transaction id must be one this file started; when
 * the last descriptor goes, its transactions are aborted and its watches
 * removed. What a process does not read is bounded: past XB_QUEUE_MAX
 * bytes a request is refused (ENOBUFS) and a watch event dropped, logged
 * once per file. Documentation/xen-devices.md describes the device.
 */
#define pr_fmt(fmt) "xenbus-dev: " fmt

#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/initcall.h>
#include <kernel/list.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/xenbus.h>

#include "xen-dev.h"
#include "xenbus_wire.h"

#define XB_QUEUE_MAX (64 * 1024) /* answers and events a process has not read */

/* One message for read(): header and payload, as on the wire. */
struct xb_msg {
	struct list_head link;
	size_t len;
	char data[];
};

struct xb_file;

struct xb_watch {
	struct xenbus_watch w;
	struct xb_file *u;
	struct list_head link;
	const char *token; /* in buf, after the path */
	size_t token_len;
	char buf[]; /* path NUL token NUL, as the request had them */
};

struct xb_tx {
	struct list_head link;
	u32 id;
};

/*
 * lock (interrupts off) protects the read queue; the watch thread adds to
 * it. writing orders writers, so the message being assembled and the
 * watch and transaction lists are theirs alone.
 */
struct xb_file {
	spinlock_t lock;
	struct list_head queue;
	size_t queued;	 /* bytes in queue, read_off included */
	size_t read_off; /* into the first message */
	bool dropped;	 /* a watch event was dropped (logged once) */

	bool writing;
	struct wait_queue write_wq;
	struct list_head watches;
	struct list_head txs;
	size_t in_len;
	struct {
		struct xsd_sockmsg hdr;
		char body[XENSTORE_PAYLOAD_MAX];
	} in;
};

/* ---------------------------------------------------------------- the read queue */

/* Queues a message; false when the queue is full (force: queued anyway). */
static bool queue_msg(struct xb_file *u, u32 type, u32 req_id, u32 tx_id, const void *body,
		      size_t len, bool force)
{
	struct xb_msg *m;
	struct xsd_sockmsg hdr = { type, req_id, tx_id, (u32)len };
	unsigned long flags;

	m = kmalloc(sizeof(*m) + sizeof(hdr) + len);
	if (!m)
		return false;
	m->len = sizeof(hdr) + len;
	memcpy(m->data, &hdr, sizeof(hdr));
	memcpy(m->data + sizeof(hdr), body, len);
	spin_lock_irqsave(&u->lock, flags);
	if (!force && u->queued + m->len > XB_QUEUE_MAX) {
		spin_unlock_irqrestore(&u->lock, flags);
		kfree(m);
		return false;
	}
	list_add_tail(&m->link, &u->queue);
	u->queued += m->len;
	spin_unlock_irqrestore(&u->lock, flags);
	fs_poll_wake();
	return true;
}

static bool queue_full(struct xb_file *u)
{
	unsigned long flags;
	bool full;

	spin_lock_irqsave(&u->lock, flags);
	full = u->queued >= XB_QUEUE_MAX;
	spin_unlock_irqrestore(&u->lock, flags);
	return full;
}

/* An error answer, as xenstored words them ("ENOENT"). */
static void queue_error(struct xb_file *u, const struct xsd_sockmsg *req, const char *name)
{
	queue_msg(u, XS_ERROR, req->req_id, req->tx_id, name, strlen(name) + 1, true);
}

/* ---------------------------------------------------------------- watches */

/* The watch thread: one XS_WATCH_EVENT, path then the caller's token. */
static void watch_fired(struct xenbus_watch *w, const char *changed)
{
	struct xb_watch *xw = container_of(w, struct xb_watch, w);
	struct xb_file *u = xw->u;
	size_t plen = strlen(changed) + 1;
	char *body = kmalloc(plen + xw->token_len + 1);

	if (body) {
		memcpy(body, changed, plen);
		memcpy(body + plen, xw->token, xw->token_len + 1);
	}
	if (!body || !queue_msg(u, XS_WATCH_EVENT, 0, 0, body, plen + xw->token_len + 1, false)) {
		if (!u->dropped)
			pr_warn("a process does not read its xenbus file: a watch event on %s dropped, and any more\n",
				changed);
		u->dropped = true;
	}
	kfree(body);
}

static struct xb_watch *find_watch(struct xb_file *u, const char *path, const char *token)
{
	struct xb_watch *xw;

	list_for_each_entry(xw, &u->watches, link)
		if (!strcmp(xw->w.path, path) && !strcmp(xw->token, token))
			return xw;
	return NULL;
}

static void remove_watch(struct xb_watch *xw)
{
	xenbus_watch_unregister(&xw->w);
	list_del(&xw->link);
	kfree(xw);
}

/* XS_WATCH and XS_UNWATCH: the payload is a path and a token, each NUL-terminated. */
static int do_watch(struct xb_file *u, const struct xsd_sockmsg *req, const char *body)
{
	const char *path = body, *token;
	struct xb_watch *xw;
	size_t plen, tlen;
	int rc;

	if (xs_count_strings(body, req->len) != 2)
		return -EINVAL;
	plen = strlen(path);
	token = path + plen + 1;
	tlen = strlen(token);
	xw = find_watch(u, path, token);
	if (req->type == XS_UNWATCH) {
		if (!xw) {
			queue_error(u, req, "ENOENT");
			return 0;
		}
		remove_watch(xw);
	} else {
		if (xw) {
			queue_error(u, req, "EEXIST");
			return 0;
		}
		xw = kzalloc(sizeof(*xw) + req->len);
		if (!xw)
			return -ENOMEM;
		memcpy(xw->buf, body, req->len);
		xw->w.path = xw->buf;
		xw->w.cb = watch_fired;
		xw->token = xw->buf + plen + 1;
		xw->token_len = tlen;
		xw->u = u;
		rc = xenbus_watch_register(&xw->w);
		if (rc) {
			kfree(xw);
			if (rc == -ENOTCONN || rc == -EPROTO || rc == -ETIMEDOUT || rc == -ENODEV)
				return rc;
			queue_error(u, req, xs_errno_name(rc));
			return 0;
		}
		list_add_tail(&xw->link, &u->watches);
	}
	queue_msg(u, req->type, req->req_id, req->tx_id, "OK", 3, true);
	return 0;
}

/* ---------------------------------------------------------------- requests */

static struct xb_tx *find_tx(struct xb_file *u, u32 id)
{
	struct xb_tx *t;

	list_for_each_entry(t, &u->txs, link)
		if (t->id == id)
			return t;
	return NULL;
}

/* Anything else goes to the store as it is, in the caller's transaction. */
static int do_request(struct xb_file *u, const struct xsd_sockmsg *req, const char *body)
{
	struct xb_tx *t = NULL;
	unsigned long long id;
	char *reply;
	u32 rtype, rlen;
	int rc;

	if (req->tx_id && !(t = find_tx(u, req->tx_id)))
		return -ESRCH;
	if (req->type == XS_TRANSACTION_START && req->tx_id)
		return -EINVAL;
	rc = xenbus_raw(req->tx_id, req->type, body, req->len, &rtype, &reply, &rlen);
	if (rc)
		return rc;
	if (req->type == XS_TRANSACTION_END && t) {
		/* Whatever the answer, the daemon forgot the transaction. */
		list_del(&t->link);
		kfree(t);
	}
	if (req->type == XS_TRANSACTION_START && rtype == XS_TRANSACTION_START) {
		rc = xs_parse_uint(reply, strnlen(reply, rlen), &id);
		t = rc || !id || id > 0xffffffffULL ? NULL : kmalloc(sizeof(*t));
		if (!t) {
			/* Not one we could follow: give it back rather than leak it. */
			if (!rc && id && id <= 0xffffffffULL)
				xenbus_transaction_end((u32)id, true);
			kfree(reply);
			return rc ? -EPROTO : -ENOMEM;
		}
		t->id = (u32)id;
		list_add_tail(&t->link, &u->txs);
	}
	queue_msg(u, rtype, req->req_id, req->tx_id, reply, rlen, true);
	kfree(reply);
	return 0;
}

static int handle_msg(struct xb_file *u)
{
	const struct xsd_sockmsg *req = &u->in.hdr;

	switch (req->type) {
	case XS_WATCH:
	case XS_UNWATCH:
		return do_watch(u, req, u->in.body);
	case XS_WATCH_EVENT:   /* the daemon's to send */
	case XS_ERROR:	       /* the same */
	case XS_RESET_WATCHES: /* would remove the kernel's own watches */
		return -EINVAL;
	default:
		if (req->type >= XS_TYPE_COUNT)
			return -EINVAL;
		return do_request(u, req, u->in.body);
	}
}

/* ---------------------------------------------------------------- the file */

/*
 * Takes bytes of at most one message; when that completes it, sends it.
 * A short count tells the caller to write the rest again.
 */
static ssize_t xb_write(struct xb_file *u, const char *buf, size_t n)
{
	size_t take = 0, k;
	int rc;

	if (u->in_len < sizeof(u->in.hdr)) {
		k = MIN(n, sizeof(u->in.hdr) - u->in_len);
		memcpy((char *)&u->in.hdr + u->in_len, buf, k);
		u->in_len += k;
		take = k;
		if (u->in_len < sizeof(u->in.hdr))
			return (ssize_t)take;
		if (u->in.hdr.len > XENSTORE_PAYLOAD_MAX) {
			u->in_len = 0;
			return -EINVAL;
		}
	}
	k = MIN(n - take, sizeof(u->in.hdr) + u->in.hdr.len - u->in_len);
	memcpy(u->in.body + (u->in_len - sizeof(u->in.hdr)), buf + take, k);
	u->in_len += k;
	take += k;
	if (u->in_len < sizeof(u->in.hdr) + u->in.hdr.len)
		return (ssize_t)take;
	/* A whole message: it is gone from the buffer whatever happens to it. */
	u->in_len = 0;
	if (queue_full(u))
		return -ENOBUFS;
	rc = handle_msg(u);
	return rc ? rc : (ssize_t)take;
}

static ssize_t xenbus_dev_write(struct file *f, const void *buf, size_t n, u64 *pos __unused)
{
	struct xb_file *u = f->priv;
	unsigned long flags;
	ssize_t rc;

	if (!n)
		return 0;
	/* One writer at a time; the others sleep, which no spinlock may be held across. */
	flags = arch_local_irq_save();
	while (u->writing)
		wait_queue_sleep(&u->write_wq);
	u->writing = true;
	arch_local_irq_restore(flags);

	rc = xb_write(u, buf, n);

	flags = arch_local_irq_save();
	u->writing = false;
	arch_local_irq_restore(flags);
	wake_up_all(&u->write_wq);
	return rc;
}

/* Queued answers and events, oldest first; a message may be read in pieces. */
static ssize_t xenbus_dev_read(struct file *f, void *buf, size_t n, u64 *pos __unused)
{
	struct xb_file *u = f->priv;
	char *out = buf;

	if (!n)
		return 0;
	for (;;) {
		unsigned long flags;
		size_t got = 0;
		u64 gen;

		spin_lock_irqsave(&u->lock, flags);
		gen = fs_poll_gen();
		while (got < n && !list_empty(&u->queue)) {
			struct xb_msg *m = list_first_entry(&u->queue, struct xb_msg, link);
			size_t k = MIN(n - got, m->len - u->read_off);

			memcpy(out + got, m->data + u->read_off, k);
			got += k;
			u->read_off += k;
			if (u->read_off == m->len) {
				list_del(&m->link);
				u->queued -= m->len;
				u->read_off = 0;
				kfree(m);
			}
		}
		spin_unlock_irqrestore(&u->lock, flags);
		if (got)
			return (ssize_t)got;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -ERESTARTSYS;
		fs_poll_sleep(gen, 0);
	}
}

static unsigned int xenbus_dev_poll(struct file *f)
{
	struct xb_file *u = f->priv;
	unsigned int mask = POLLOUT;
	unsigned long flags;

	spin_lock_irqsave(&u->lock, flags);
	if (!list_empty(&u->queue))
		mask |= POLLIN;
	spin_unlock_irqrestore(&u->lock, flags);
	return mask;
}

static int xenbus_dev_open(struct inode *ino __unused, struct file *f)
{
	struct xb_file *u;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	u = kzalloc(sizeof(*u));
	if (!u)
		return -ENOMEM;
	u->lock = (spinlock_t)SPINLOCK_INIT;
	list_init(&u->queue);
	list_init(&u->watches);
	list_init(&u->txs);
	u->write_wq = (struct wait_queue)WAIT_QUEUE_INIT(u->write_wq);
	f->priv = u;
	return 0;
}

/* The last descriptor went: its watches removed, its transactions aborted. */
static void xenbus_dev_release(struct file *f)
{
	struct xb_file *u = f->priv;

	while (!list_empty(&u->watches))
		remove_watch(list_first_entry(&u->watches, struct xb_watch, link));
	while (!list_empty(&u->txs)) {
		struct xb_tx *t = list_first_entry(&u->txs, struct xb_tx, link);

		xenbus_transaction_end(t->id, true);
		list_del(&t->link);
		kfree(t);
	}
	while (!list_empty(&u->queue)) {
		struct xb_msg *m = list_first_entry(&u->queue, struct xb_msg, link);

		list_del(&m->link);
		kfree(m);
	}
	kfree(u);
}

static const struct file_ops xenbus_dev_fops = {
	.open = xenbus_dev_open,
	.read = xenbus_dev_read,
	.write = xenbus_dev_write,
	.poll = xenbus_dev_poll,
	.release = xenbus_dev_release,
};

/* Wherever the kernel has a store: every domU, and dom0 (served once its xenstored runs). */
static int xenbus_dev_init(void)
{
	if (!xenbus_has_store())
		return 0;
	return xen_dev_create("xenbus", XEN_XENBUS_MINOR, &xenbus_dev_fops);
}
initcall(xenbus_dev_init, INITCALL_DRIVER);
