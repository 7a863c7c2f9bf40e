/*
 * AF_NETLINK sockets (NETLINK_ROUTE, the one protocol there is): ports,
 * multicast groups and the receive queue. A datagram sent to port 0 is
 * the kernel's: rtnetlink (net/rtnetlink.c) handles it at once, in the
 * sender's send call, and queues the answers on the sender. A datagram
 * sent to another port goes to that socket, as between two processes on
 * Linux. Each read takes one datagram, as Linux's netlink does.
 */
#define pr_fmt(fmt) "netlink: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>

#include "net-internal.h"
#include "netlink.h"

#define NETLINK_ROUTE 0

/*
 * A socket's queue holds at most rcvbuf bytes; beyond, datagrams are
 * dropped and the reader told. SO_RCVBUF and SO_SNDBUF start at Linux's
 * defaults and are doubled and bounded as Linux does (rmem_max, wmem_max).
 */
#define NL_BUF_DEF    212992
#define NL_BUF_MAX    212992
#define NL_RCVBUF_MIN 2304
#define NL_SNDBUF_MIN 4608
/* The largest datagram a process may send. */
#define NL_SNDMAX (32 * 1024)

struct sockaddr_nl {
	u16 family;
	u16 pad;
	u32 pid;
	u32 groups;
};

static LIST_HEAD(nl_socks);
static u32 rover = 0xfffff000; /* ports handed out when the process's pid is taken: -4096 down */

static inline struct nl_sock *nl_of(struct socket *sk)
{
	return sk->priv;
}

static struct nl_sock *by_port(u32 portid)
{
	struct nl_sock *n;

	list_for_each_entry(n, &nl_socks, list)
		if (n->portid == portid)
			return n;
	return NULL;
}

/* A port for an unbound socket: the process's pid if it is free, as Linux picks. */
static void autobind(struct nl_sock *n)
{
	struct process *p = current_proc();
	u32 port = p ? (u32)p->pid : 0;

	if (n->portid)
		return;
	while (!port || by_port(port))
		port = rover--;
	n->portid = port;
}

/* Queues one datagram on n (net_lock held); dropped, and remembered, when n's queue is full. */
static void deliver(struct nl_sock *n, struct nl_dgram *d)
{
	if (n->rxq_bytes + d->len > n->rcvbuf) {
		n->overrun = true;
		kfree(d);
		return;
	}
	list_add_tail(&d->list, &n->rxq);
	n->rxq_bytes += d->len;
	wake_up_all(&n->wq);
	fs_poll_wake();
}

static struct nl_dgram *dgram_alloc(size_t size)
{
	struct nl_dgram *d = kmalloc(sizeof(*d) + size);

	if (d) {
		d->len = 0;
		d->src_portid = 0;
		d->groups = 0;
	}
	return d;
}

/* A copy of d for each member of group but the last, who gets d itself. */
static void deliver_group(u32 group, struct nl_dgram *d, const struct nl_sock *except)
{
	struct nl_sock *n, *last = NULL;

	d->groups = group;
	list_for_each_entry(n, &nl_socks, list) {
		if (!(n->groups & group) || n == except)
			continue;
		if (last) {
			struct nl_dgram *copy = dgram_alloc(d->len);

			if (copy) {
				memcpy(copy->data, d->data, d->len);
				copy->len = d->len;
				copy->src_portid = d->src_portid;
				copy->groups = group;
				deliver(last, copy);
			} else {
				last->overrun = true;
			}
		}
		last = n;
	}
	if (last)
		deliver(last, d);
	else
		kfree(d);
}

void nl_out_flush(struct nl_out *out)
{
	struct nl_dgram *d = out->cur;

	out->cur = NULL;
	if (!d)
		return;
	if (out->to)
		deliver(out->to, d);
	else
		deliver_group(out->group, d, NULL);
}

void nl_out_msg(struct nl_out *out, const void *msg, size_t len)
{
	if (out->cur && out->cur->len + len > NL_DGRAM_SIZE)
		nl_out_flush(out);
	if (!out->cur) {
		out->cur = dgram_alloc(MAX(len, (size_t)NL_DGRAM_SIZE));
		if (!out->cur) {
			if (out->to)
				out->to->overrun = true;
			return;
		}
	}
	memcpy(out->cur->data + out->cur->len, msg, len);
	out->cur->len += len;
}

static int nl_bind(struct socket *sk, const void *addr, size_t len)
{
	struct nl_sock *n = nl_of(sk);
	struct sockaddr_nl a;
	unsigned long flags;
	int rc = 0;

	if (len < sizeof(a))
		return -EINVAL;
	memcpy(&a, addr, sizeof(a));
	if (a.family != AF_NETLINK)
		return -EINVAL;
	spin_lock_irqsave(&net_lock, flags);
	if (n->portid && a.pid && a.pid != n->portid)
		rc = -EINVAL;
	else if (!n->portid && a.pid && by_port(a.pid))
		rc = -EADDRINUSE;
	if (!rc) {
		if (a.pid)
			n->portid = a.pid;
		else
			autobind(n);
		n->groups = a.groups;
	}
	spin_unlock_irqrestore(&net_lock, flags);
	return rc;
}

static int nl_connect(struct socket *sk, const void *addr, size_t len, bool nonblock __unused)
{
	struct nl_sock *n = nl_of(sk);
	struct sockaddr_nl a = { 0 };
	unsigned long flags;

	if (len < sizeof(a.family))
		return -EINVAL;
	memcpy(&a, addr, MIN(len, sizeof(a)));
	spin_lock_irqsave(&net_lock, flags);
	if (a.family == AF_UNSPEC) {
		n->dst_portid = n->dst_groups = 0;
	} else if (a.family != AF_NETLINK || len < sizeof(a)) {
		spin_unlock_irqrestore(&net_lock, flags);
		return -EINVAL;
	} else {
		autobind(n);
		n->dst_portid = a.pid;
		n->dst_groups = a.groups;
	}
	spin_unlock_irqrestore(&net_lock, flags);
	return 0;
}

/* To groups, their members; and to the port, that socket, or the kernel for port 0. */
static ssize_t nl_send(struct socket *sk, const void *buf, size_t len, const void *addr,
		       size_t alen, bool nonblock __unused)
{
	struct nl_sock *n = nl_of(sk), *peer;
	struct sockaddr_nl a;
	struct nl_dgram *d;
	unsigned long flags;
	u32 port, groups;
	ssize_t rc = (ssize_t)len;

	if (addr) {
		if (alen < sizeof(a))
			return -EINVAL;
		memcpy(&a, addr, sizeof(a));
		if (a.family != AF_NETLINK)
			return -EINVAL;
		port = a.pid;
		groups = a.groups;
	}
	spin_lock_irqsave(&net_lock, flags);
	if (!addr) {
		port = n->dst_portid;
		groups = n->dst_groups;
	}
	autobind(n);
	if (groups) {
		/* To the members of the lowest group named, as Linux sends to one group. */
		d = dgram_alloc(len);
		if (!d) {
			rc = -ENOMEM;
			goto out;
		}
		memcpy(d->data, buf, len);
		d->len = len;
		d->src_portid = n->portid;
		deliver_group(groups & -groups, d, n);
	}
	if (port) {
		peer = by_port(port);
		d = peer ? dgram_alloc(len) : NULL;
		if (!peer) {
			rc = -ECONNREFUSED;
			goto out;
		}
		if (!d) {
			rc = -ENOMEM;
			goto out;
		}
		memcpy(d->data, buf, len);
		d->len = len;
		d->src_portid = n->portid;
		deliver(peer, d);
	} else {
		rtnl_rcv(n, buf, len); /* port 0 is the kernel, groups or not, as on Linux */
	}
out:
	spin_unlock_irqrestore(&net_lock, flags);
	return rc;
}

static ssize_t nl_recv(struct socket *sk, void *buf, size_t len, unsigned int msg_flags,
		       bool nonblock, size_t *full, void *addr, size_t *alen)
{
	struct nl_sock *n = nl_of(sk);
	struct nl_dgram *d;
	unsigned long flags;
	size_t got;

	for (;;) {
		spin_lock_irqsave(&net_lock, flags);
		if (n->overrun) {
			/* Reported once, as Linux reports a socket error. */
			n->overrun = false;
			spin_unlock_irqrestore(&net_lock, flags);
			return -ENOBUFS;
		}
		if (!list_empty(&n->rxq))
			break;
		spin_unlock_irqrestore(&net_lock, flags);
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(&n->wq, !list_empty(&n->rxq) || n->overrun))
			return -ERESTARTSYS;
	}
	d = list_first_entry(&n->rxq, struct nl_dgram, list);
	got = MIN(len, d->len);
	memcpy(buf, d->data, got);
	*full = d->len;
	if (addr) {
		struct sockaddr_nl a = { AF_NETLINK, 0, d->src_portid, d->groups };

		memcpy(addr, &a, sizeof(a));
		*alen = sizeof(a);
	}
	if (!(msg_flags & MSG_PEEK)) {
		list_del(&d->list);
		n->rxq_bytes -= d->len;
		kfree(d);
	}
	spin_unlock_irqrestore(&net_lock, flags);
	return (ssize_t)got;
}

static int nl_getname(struct socket *sk, void *addr, size_t *alen, bool peer)
{
	struct nl_sock *n = nl_of(sk);
	struct sockaddr_nl a = { .family = AF_NETLINK };
	unsigned long flags;

	spin_lock_irqsave(&net_lock, flags);
	a.pid = peer ? n->dst_portid : n->portid;
	a.groups = peer ? n->dst_groups : n->groups;
	spin_unlock_irqrestore(&net_lock, flags);
	memcpy(addr, &a, sizeof(a));
	*alen = sizeof(a);
	return 0;
}

static unsigned int nl_poll(struct socket *sk)
{
	struct nl_sock *n = nl_of(sk);

	return POLLOUT | (list_empty(&n->rxq) ? 0 : POLLIN) | (n->overrun ? POLLERR : 0);
}

static void nl_release(struct socket *sk)
{
	struct nl_sock *n = nl_of(sk);
	struct nl_dgram *d, *tmp;
	unsigned long flags;

	spin_lock_irqsave(&net_lock, flags);
	list_del(&n->list);
	list_for_each_entry_safe(d, tmp, &n->rxq, list) {
		list_del(&d->list);
		kfree(d);
	}
	spin_unlock_irqrestore(&net_lock, flags);
	kfree(n);
}

static int nl_getsockopt(struct socket *sk, int name, void *val, size_t *len)
{
	struct nl_sock *n = nl_of(sk);
	int v;

	switch (name) {
	case SO_TYPE:
		v = SOCK_RAW;
		break;
	case SO_DOMAIN:
		v = AF_NETLINK;
		break;
	case SO_PROTOCOL:
		v = NETLINK_ROUTE;
		break;
	case SO_ERROR:
		v = 0;
		break;
	case SO_SNDBUF:
		v = (int)n->sndbuf;
		break;
	case SO_RCVBUF:
		v = (int)n->rcvbuf;
		break;
	default:
		return -ENOPROTOOPT;
	}
	*len = MIN(*len, sizeof(v));
	memcpy(val, &v, *len);
	return 0;
}

/* iproute2 sets both buffer sizes before anything else and gives up if it cannot. */
static int nl_setsockopt(struct socket *sk, int name, const void *val, size_t len)
{
	struct nl_sock *n = nl_of(sk);
	unsigned int v;

	if (len < sizeof(v))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	switch (name) {
	case SO_SNDBUF:
	case SO_SNDBUFFORCE:
		n->sndbuf = MAX(MIN(v, (unsigned int)NL_BUF_MAX) * 2, (unsigned int)NL_SNDBUF_MIN);
		return 0;
	case SO_RCVBUF:
	case SO_RCVBUFFORCE:
		n->rcvbuf = MAX(MIN(v, (unsigned int)NL_BUF_MAX) * 2, (unsigned int)NL_RCVBUF_MIN);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static const struct sock_ops netlink_ops = {
	.getsockopt = nl_getsockopt,
	.setsockopt = nl_setsockopt,
	.bind = nl_bind,
	.connect = nl_connect,
	.send = nl_send,
	.recv = nl_recv,
	.getname = nl_getname,
	.poll = nl_poll,
	.release = nl_release,
	.max_send = NL_SNDMAX,
	.max_recv = NL_SNDMAX,
};

int netlink_create(struct socket *sk, int type, int protocol)
{
	struct nl_sock *n;
	unsigned long flags;

	if (type != SOCK_RAW && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != NETLINK_ROUTE)
		return -EPROTONOSUPPORT;
	n = kzalloc(sizeof(*n));
	if (!n)
		return -ENOMEM;
	list_init(&n->rxq);
	wait_queue_init(&n->wq);
	n->sndbuf = n->rcvbuf = NL_BUF_DEF;
	spin_lock_irqsave(&net_lock, flags);
	list_add_tail(&n->list, &nl_socks);
	spin_unlock_irqrestore(&net_lock, flags);
	sk->ops = &netlink_ops;
	sk->priv = n;
	return 0;
}
