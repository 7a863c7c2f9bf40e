/*
 * /dev/xen/evtchn: event channels for user space (xenstored,
 * xenconsoled, libxenevtchn), as Linux's evtchn driver offers them.
 *
 * Each open file owns the ports bound through it. A port is an ordinary
 * port of the kernel's event-channel layer (events.c) with an IRQ number
 * whose handler belongs to the file: when the event comes, the handler
 * masks the port and queues its number in the file's ring; read() hands
 * out the queued numbers (32 bits each) and write() of a number unmasks
 * that port again, so a port fires at most once until user space has
 * dealt with it. Closing the file closes every port bound through it.
 *
 * The ring holds EVTCHN_RING numbers and a file binds at most that many
 * ports, so with each port queued at most once between write-backs it
 * cannot overflow. Should it overflow anyway (a port written back before
 * its number was read can be queued twice), the file is marked: read()
 * fails with EFBIG and poll() says POLLERR until IOCTL_EVTCHN_RESET
 * empties the ring, as on Linux.
 *
 * Errors, as Linux gives them: a port beyond the 2-level ABI's range is
 * EINVAL, a port this file did not bind ENOTCONN; a bind the domain
 * restriction forbids EACCES.
 */
#define pr_fmt(fmt) "evtchn-dev: " fmt

#include <asm/irqflags.h>
#include <asm/xen/hypervisor.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/initcall.h>
#include <kernel/irq.h>
#include <kernel/list.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>
#include <kernel/spinlock.h>
#include <kernel/uaccess.h>
#include <kernel/xen-events.h>

#include "xen-dev.h"

#define EVTCHN_RING	512	  /* u32 port numbers: one 2 KiB allocation */
#define EVTCHN_NR_PORTS (64 * 64) /* the 2-level ABI's ports */
#define EVTCHN_IO_MAX	4096	  /* bytes one read or write handles, as Linux */
#define UNRESTRICTED	DOMID_FIRST_RESERVED

struct evtchn_file;

struct evtchn_port {
	struct list_head link; /* in its file's ports */
	struct evtchn_file *file;
	unsigned int port;
	unsigned int irq;
	bool enabled; /* unmasked: not fired since it was bound or written back */
};

/*
 * lock protects the ring, the port list and each port's enabled flag; the
 * event handler takes it from the upcall, so it is taken with interrupts
 * off everywhere. Hypercalls that create or close ports run outside it.
 */
struct evtchn_file {
	spinlock_t lock;
	struct list_head ports;
	unsigned int nr_ports;
	u32 *ring;
	unsigned int prod, cons; /* free-running indices into ring */
	bool overflow;
	domid_t restrict_domid; /* UNRESTRICTED, or the one domain binds may name */
};

/* The file's entry for port, or NULL; lock held. */
static struct evtchn_port *find_port(struct evtchn_file *u, unsigned int port)
{
	struct evtchn_port *ep;

	list_for_each_entry(ep, &u->ports, link)
		if (ep->port == port)
			return ep;
	return NULL;
}

/* The upcall: a port of this file fired. It stays masked until written back. */
static void evtchn_dev_event(unsigned int irq __unused, void *data)
{
	struct evtchn_port *ep = data;
	struct evtchn_file *u = ep->file;
	unsigned long flags;

	spin_lock_irqsave(&u->lock, flags);
	xen_evtchn_mask(ep->port);
	ep->enabled = false;
	if (u->prod - u->cons < EVTCHN_RING)
		u->ring[u->prod++ % EVTCHN_RING] = ep->port;
	else
		u->overflow = true;
	spin_unlock_irqrestore(&u->lock, flags);
	fs_poll_wake();
}

enum bind_kind {
	BIND_VIRQ,
	BIND_INTERDOMAIN,
	BIND_UNBOUND,
};

/*
 * Makes a new port of the kind asked for and gives it to the file: the
 * port number, or -errno. Interrupts stay off from the hypercall that
 * creates the port until its handler is in place, so that an event that
 * comes at once is delivered, not taken for one on an unbound port.
 */
static long bind_new_port(struct evtchn_file *u, enum bind_kind kind, unsigned int a,
			  unsigned int b)
{
	struct evtchn_port *ep = kzalloc(sizeof(*ep));
	unsigned long flags, lflags;
	unsigned int port = 0;
	int rc, irq;

	if (!ep)
		return -ENOMEM;
	flags = arch_local_irq_save();
	rc = -ENOSPC;
	if (u->nr_ports >= EVTCHN_RING)
		goto out;
	if (kind == BIND_VIRQ)
		rc = xen_evtchn_bind_virq_port(a, &port);
	else if (kind == BIND_INTERDOMAIN)
		rc = xen_evtchn_bind_interdomain((domid_t)a, b, &port);
	else
		rc = xen_evtchn_alloc_unbound((domid_t)a, &port);
	if (rc)
		goto out;
	irq = xen_bind_evtchn(port);
	if (irq < 0) {
		rc = irq;
		xen_evtchn_close(port);
		goto out;
	}
	ep->file = u;
	ep->port = port;
	ep->irq = (unsigned int)irq;
	ep->enabled = true;
	spin_lock_irqsave(&u->lock, lflags);
	list_add_tail(&ep->link, &u->ports);
	u->nr_ports++;
	spin_unlock_irqrestore(&u->lock, lflags);
	rc = request_irq(ep->irq, evtchn_dev_event, "evtchn-dev", ep);
	if (rc) {
		spin_lock_irqsave(&u->lock, lflags);
		list_del(&ep->link);
		u->nr_ports--;
		spin_unlock_irqrestore(&u->lock, lflags);
		xen_unbind_evtchn(ep->irq, true);
	}
out:
	arch_local_irq_restore(flags);
	if (rc) {
		kfree(ep);
		return xen_errno(rc);
	}
	return port;
}

/* Takes port from the file and closes it: 0, or -ENOTCONN when the file has no such port. */
static long unbind_port(struct evtchn_file *u, unsigned int port)
{
	struct evtchn_port *ep;
	unsigned long flags;

	spin_lock_irqsave(&u->lock, flags);
	ep = find_port(u, port);
	if (ep) {
		list_del(&ep->link);
		u->nr_ports--;
	}
	spin_unlock_irqrestore(&u->lock, flags);
	if (!ep)
		return -ENOTCONN;
	/* free_irq inside masks the port first: the handler cannot run on ep after this. */
	xen_unbind_evtchn(ep->irq, true);
	kfree(ep);
	return 0;
}

static long evtchn_notify(struct evtchn_file *u, unsigned int port)
{
	unsigned long flags;
	bool ours;

	spin_lock_irqsave(&u->lock, flags);
	ours = find_port(u, port) != NULL;
	spin_unlock_irqrestore(&u->lock, flags);
	if (!ours)
		return -ENOTCONN;
	xen_evtchn_notify(port);
	return 0;
}

static long evtchn_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct evtchn_file *u = f->priv;
	void *uarg = (void *)arg;
	unsigned long flags;

	switch (cmd) {
	case IOCTL_EVTCHN_BIND_VIRQ: {
		struct ioctl_evtchn_bind_virq b;

		if (copy_from_user(&b, uarg, sizeof(b)))
			return -EFAULT;
		if (u->restrict_domid != UNRESTRICTED)
			return -EACCES;
		return bind_new_port(u, BIND_VIRQ, b.virq, 0);
	}
	case IOCTL_EVTCHN_BIND_INTERDOMAIN: {
		struct ioctl_evtchn_bind_interdomain b;

		if (copy_from_user(&b, uarg, sizeof(b)))
			return -EFAULT;
		if (b.remote_domain > 0xffff)
			return -EINVAL;
		if (u->restrict_domid != UNRESTRICTED && b.remote_domain != u->restrict_domid)
			return -EACCES;
		return bind_new_port(u, BIND_INTERDOMAIN, b.remote_domain, b.remote_port);
	}
	case IOCTL_EVTCHN_BIND_UNBOUND_PORT: {
		struct ioctl_evtchn_bind_unbound_port b;

		if (copy_from_user(&b, uarg, sizeof(b)))
			return -EFAULT;
		if (b.remote_domain > 0xffff)
			return -EINVAL;
		if (u->restrict_domid != UNRESTRICTED)
			return -EACCES;
		return bind_new_port(u, BIND_UNBOUND, b.remote_domain, 0);
	}
	case IOCTL_EVTCHN_UNBIND: {
		struct ioctl_evtchn_unbind b;

		if (copy_from_user(&b, uarg, sizeof(b)))
			return -EFAULT;
		if (b.port >= EVTCHN_NR_PORTS)
			return -EINVAL;
		return unbind_port(u, b.port);
	}
	case IOCTL_EVTCHN_NOTIFY: {
		struct ioctl_evtchn_notify b;

		if (copy_from_user(&b, uarg, sizeof(b)))
			return -EFAULT;
		return evtchn_notify(u, b.port);
	}
	case IOCTL_EVTCHN_RESET:
		spin_lock_irqsave(&u->lock, flags);
		u->prod = u->cons = 0;
		u->overflow = false;
		spin_unlock_irqrestore(&u->lock, flags);
		return 0;
	case IOCTL_EVTCHN_RESTRICT_DOMID: {
		struct ioctl_evtchn_restrict_domid b;

		if (copy_from_user(&b, uarg, sizeof(b)))
			return -EFAULT;
		if (u->restrict_domid != UNRESTRICTED)
			return -EACCES; /* once only */
		if (b.domid >= DOMID_FIRST_RESERVED)
			return -EINVAL;
		u->restrict_domid = b.domid;
		return 0;
	}
	default:
		return -ENOTTY;
	}
}

/* Fired ports, 4 bytes each, oldest first; blocks until there is one. */
static ssize_t evtchn_read(struct file *f, void *buf, size_t n, u64 *pos __unused)
{
	struct evtchn_file *u = f->priv;
	u32 *out = buf;

	n = MIN(n, (size_t)EVTCHN_IO_MAX) & ~(size_t)3;
	if (!n)
		return 0;
	for (;;) {
		unsigned long flags;
		size_t got = 0;
		u64 gen;

		spin_lock_irqsave(&u->lock, flags);
		gen = fs_poll_gen();
		if (u->overflow) {
			spin_unlock_irqrestore(&u->lock, flags);
			return -EFBIG;
		}
		while (u->cons != u->prod && got < n / 4)
			out[got++] = u->ring[u->cons++ % EVTCHN_RING];
		spin_unlock_irqrestore(&u->lock, flags);
		if (got)
			return (ssize_t)(got * 4);
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -ERESTARTSYS;
		fs_poll_sleep(gen, 0);
	}
}

/* Ports to unmask again, 4 bytes each; ports this file did not bind are passed over. */
static ssize_t evtchn_write(struct file *f, const void *buf, size_t n, u64 *pos __unused)
{
	struct evtchn_file *u = f->priv;
	const u32 *ports = buf;

	n = MIN(n, (size_t)EVTCHN_IO_MAX) & ~(size_t)3;
	for (size_t i = 0; i < n / 4; i++) {
		struct evtchn_port *ep;
		unsigned long flags;

		spin_lock_irqsave(&u->lock, flags);
		ep = ports[i] < EVTCHN_NR_PORTS ? find_port(u, ports[i]) : NULL;
		if (ep && !ep->enabled) {
			ep->enabled = true;
			xen_evtchn_unmask(ep->port);
		}
		spin_unlock_irqrestore(&u->lock, flags);
	}
	return (ssize_t)n;
}

static unsigned int evtchn_poll(struct file *f)
{
	struct evtchn_file *u = f->priv;
	unsigned int mask = POLLOUT;
	unsigned long flags;

	spin_lock_irqsave(&u->lock, flags);
	if (u->cons != u->prod)
		mask |= POLLIN;
	if (u->overflow)
		mask |= POLLERR;
	spin_unlock_irqrestore(&u->lock, flags);
	return mask;
}

static int evtchn_open(struct inode *ino __unused, struct file *f)
{
	struct evtchn_file *u;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	u = kzalloc(sizeof(*u));
	if (!u)
		return -ENOMEM;
	u->ring = kmalloc(EVTCHN_RING * sizeof(u32));
	if (!u->ring) {
		kfree(u);
		return -ENOMEM;
	}
	u->lock = (spinlock_t)SPINLOCK_INIT;
	list_init(&u->ports);
	u->restrict_domid = UNRESTRICTED;
	f->priv = u;
	return 0;
}

/* The last descriptor went: every port bound through it is closed. */
static void evtchn_release(struct file *f)
{
	struct evtchn_file *u = f->priv;

	while (!list_empty(&u->ports)) {
		struct evtchn_port *ep = list_first_entry(&u->ports, struct evtchn_port, link);

		unbind_port(u, ep->port);
	}
	kfree(u->ring);
	kfree(u);
}

static const struct file_ops evtchn_fops = {
	.open = evtchn_open,
	.read = evtchn_read,
	.write = evtchn_write,
	.ioctl = evtchn_ioctl,
	.poll = evtchn_poll,
	.release = evtchn_release,
};

static int evtchn_dev_init(void)
{
	if (!xen_dom0)
		return 0;
	return xen_dev_create("evtchn", XEN_EVTCHN_MINOR, &evtchn_fops);
}
initcall(evtchn_dev_init, INITCALL_DRIVER);
