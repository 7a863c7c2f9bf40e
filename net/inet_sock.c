/*
 * AF_INET sockets: datagram sockets over UDP (net/udp.c), the one kind
 * the stack has. The system calls (net/socket.c) hand each call one whole
 * datagram in kernel memory; this side binds, connects, sends (waiting for
 * room in a device's transmit ring) and receives from the socket's queue.
 */
#define pr_fmt(fmt) "inet: " fmt

#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>

#include "net-internal.h"

struct sockaddr_in {
	u16 family;
	u16 port; /* network order */
	u32 addr; /* network order */
	u8 zero[8];
};

/* How long a blocking send waits for a device's transmit ring to move before it gives up. */
#define SEND_WAIT_NS (2 * NSEC_PER_SEC)

static inline struct udp_sock *udp_of(struct socket *sk)
{
	return sk->priv;
}

/* An address from the caller: -EINVAL if it is shorter than a sockaddr_in. */
static int to_sin(const void *addr, size_t len, struct sockaddr_in *sin)
{
	if (len < sizeof(*sin))
		return -EINVAL;
	memcpy(sin, addr, sizeof(*sin));
	return 0;
}

#define PROT_SOCK 1024 /* the first port anyone may bind */

static int inet_bind(struct socket *sk, const void *addr, size_t len)
{
	struct sockaddr_in sin;
	unsigned long flags;
	int rc = to_sin(addr, len, &sin);

	if (rc)
		return rc;
	if (sin.family != AF_INET)
		return -EAFNOSUPPORT;
	/* Ports below 1024 are root's (CAP_NET_BIND_SERVICE), as Linux's ip_unprivileged_port_start. */
	if (ntohs(sin.port) && ntohs(sin.port) < PROT_SOCK && !capable(CAP_NET_BIND_SERVICE))
		return -EACCES;
	spin_lock_irqsave(&net_lock, flags);
	rc = udp_of(sk)->lport ? -EINVAL : udp_bind(udp_of(sk), sin.addr, ntohs(sin.port));
	spin_unlock_irqrestore(&net_lock, flags);
	return rc;
}

static int inet_connect(struct socket *sk, const void *addr, size_t len, bool nonblock __unused)
{
	struct udp_sock *s = udp_of(sk);
	struct sockaddr_in sin;
	unsigned long flags;
	int rc = to_sin(addr, len, &sin);

	if (rc)
		return rc;
	spin_lock_irqsave(&net_lock, flags);
	if (sin.family == AF_UNSPEC) {
		/* Dissolves the association, as on Linux. */
		s->raddr = 0;
		s->rport = 0;
	} else if (sin.family != AF_INET) {
		rc = -EAFNOSUPPORT;
	} else if (!sin.addr || !sin.port) {
		rc = -EINVAL;
	} else {
		if (!s->lport)
			rc = udp_bind(s, 0, 0);
		if (!rc) {
			s->raddr = sin.addr;
			s->rport = ntohs(sin.port);
		}
	}
	spin_unlock_irqrestore(&net_lock, flags);
	return rc;
}

/*
 * A datagram the device cannot take now (its transmit ring is full:
 * -ENOBUFS) waits, on a blocking socket, until some device has sent
 * something (at most SEND_WAIT_NS without progress, then -ENOBUFS); a
 * non-blocking one gets -EAGAIN.
 */
static ssize_t inet_send(struct socket *sk, const void *buf, size_t n, const void *addr,
			 size_t alen, bool nonblock)
{
	struct udp_sock *s = udp_of(sk);
	struct sockaddr_in sin;
	unsigned long flags;
	u32 dst, gen;
	u16 port;
	int rc;

	if (addr) {
		rc = to_sin(addr, alen, &sin);
		if (rc)
			return rc;
		if (sin.family != AF_INET)
			return -EAFNOSUPPORT;
	}
	for (;;) {
		spin_lock_irqsave(&net_lock, flags);
		gen = net_tx_gen();
		if (addr) {
			dst = sin.addr;
			port = ntohs(sin.port);
		} else {
			dst = s->raddr;
			port = s->rport;
		}
		if (!dst && !addr)
			rc = -EDESTADDRREQ;
		else
			rc = udp_send(s, dst, port, buf, n);
		spin_unlock_irqrestore(&net_lock, flags);
		if (rc != -ENOBUFS)
			break;
		if (nonblock)
			return -EAGAIN;
		rc = net_tx_wait(gen, clock_ns() + SEND_WAIT_NS);
		if (rc == -EINTR)
			return -ERESTARTSYS;
		if (rc) {
			rc = -ENOBUFS;
			break;
		}
	}
	return rc ? rc : (ssize_t)n;
}

/*
 * Takes the oldest datagram (or a copy of it with MSG_PEEK) into buf; the
 * datagram's own length in *full, its source in addr.
 */
static ssize_t inet_recv(struct socket *sk, void *buf, size_t n, unsigned int msg_flags,
			 bool nonblock, size_t *full, void *addr, size_t *alen)
{
	struct udp_sock *s = udp_of(sk);
	struct udp_dgram *d;
	unsigned long flags;
	size_t got;

	for (;;) {
		spin_lock_irqsave(&net_lock, flags);
		if (!list_empty(&s->rxq))
			break;
		spin_unlock_irqrestore(&net_lock, flags);
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(&s->wq, !list_empty(&s->rxq)))
			return -ERESTARTSYS;
	}
	d = list_first_entry(&s->rxq, struct udp_dgram, list);
	got = MIN(n, (size_t)d->len);
	memcpy(buf, d->data, got);
	*full = d->len;
	if (addr) {
		struct sockaddr_in sin = { .family = AF_INET, .port = htons(d->sport), .addr = d->src };

		memcpy(addr, &sin, sizeof(sin));
		*alen = sizeof(sin);
	}
	if (!(msg_flags & MSG_PEEK)) {
		list_del(&d->list);
		s->rxq_len--;
		kfree(d);
	}
	spin_unlock_irqrestore(&net_lock, flags);
	return (ssize_t)got;
}

static int inet_getname(struct socket *sk, void *addr, size_t *alen, bool peer)
{
	struct udp_sock *s = udp_of(sk);
	struct sockaddr_in sin = { .family = AF_INET };
	unsigned long flags;

	spin_lock_irqsave(&net_lock, flags);
	sin.addr = peer ? s->raddr : s->laddr;
	sin.port = htons(peer ? s->rport : s->lport);
	spin_unlock_irqrestore(&net_lock, flags);
	if (peer && !sin.addr)
		return -ENOTCONN;
	memcpy(addr, &sin, sizeof(sin));
	*alen = sizeof(sin);
	return 0;
}

static unsigned int inet_poll(struct socket *sk)
{
	struct udp_sock *s = udp_of(sk);

	/* Sends never wait (a full ring drops), so a socket is always writable. */
	return POLLOUT | (list_empty(&s->rxq) ? 0 : POLLIN);
}

static void inet_release(struct socket *sk)
{
	struct udp_sock *s = udp_of(sk);
	unsigned long flags;

	spin_lock_irqsave(&net_lock, flags);
	udp_release(s);
	spin_unlock_irqrestore(&net_lock, flags);
	kfree(s);
}

static const struct sock_ops inet_dgram_ops = {
	.bind = inet_bind,
	.connect = inet_connect,
	.send = inet_send,
	.recv = inet_recv,
	.getname = inet_getname,
	.poll = inet_poll,
	.release = inet_release,
	/* One datagram fits one frame: we never fragment. */
	.max_send = UDP_DATA_MAX,
	.max_recv = UDP_DATA_MAX,
};

int inet_create(struct socket *sk, int type, int protocol)
{
	struct udp_sock *s;

	if (type != SOCK_DGRAM)
		return type == SOCK_STREAM || type == SOCK_RAW ? -EPROTONOSUPPORT :
								 -ESOCKTNOSUPPORT;
	if (protocol != 0 && protocol != IPPROTO_UDP)
		return -EPROTONOSUPPORT;
	s = kmalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	udp_sock_init(s);
	sk->ops = &inet_dgram_ops;
	sk->priv = s;
	return 0;
}
