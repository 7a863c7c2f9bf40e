/*
 * Sockets on the Linux x86_64 ABI, for the one kind we have: AF_INET
 * datagram sockets (UDP). A socket is an open file (read, write, poll,
 * close go through its file_ops) whose priv is the struct udp_sock.
 * Other families and types are refused with the errno Linux would give
 * for a family or protocol it lacks, and nothing is logged.
 */
#define pr_fmt(fmt) "socket: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>

#include "net-internal.h"

#define AF_UNSPEC      0
#define AF_INET	       2
#define SOCK_STREAM    1
#define SOCK_DGRAM     2
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK  O_NONBLOCK
#define SOCK_CLOEXEC   O_CLOEXEC

#define MSG_PEEK     0x2
#define MSG_TRUNC    0x20
#define MSG_DONTWAIT 0x40
#define MSG_NOSIGNAL 0x4000

#define SOL_SOCKET   1
#define SO_REUSEADDR 2

struct sockaddr_in {
	u16 family;
	u16 port; /* network order */
	u32 addr; /* network order */
	u8 zero[8];
};

static const struct file_ops socket_fops;

/* The socket behind fd, with a reference the caller puts; or an ERR_PTR. */
static struct file *sock_fget(unsigned long fd)
{
	struct file *f = fget((int)fd);

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->ops != &socket_fops) {
		file_put(f);
		return ERR_PTR(-ENOTSOCK);
	}
	return f;
}

static inline struct udp_sock *sock_of(struct file *f)
{
	return f->priv;
}

/* A user sockaddr into sin: -EINVAL for a short one, -EFAULT for a bad pointer. */
static int get_sockaddr(unsigned long uaddr, unsigned long len, struct sockaddr_in *sin)
{
	if (len < sizeof(*sin) || len > 128)
		return -EINVAL;
	if (copy_from_user(sin, (const void *)uaddr, sizeof(*sin)))
		return -EFAULT;
	return 0;
}

/* Writes addr:port to a user sockaddr whose room is *ulen, as Linux does (truncated if small). */
static int put_sockaddr(unsigned long uaddr, unsigned long ulen, u32 addr, u16 port)
{
	struct sockaddr_in sin = { .family = AF_INET, .port = htons(port), .addr = addr };
	int room, full = sizeof(sin);

	if (!uaddr)
		return 0;
	if (copy_from_user(&room, (const void *)ulen, sizeof(room)))
		return -EFAULT;
	if (room < 0)
		return -EINVAL;
	if (copy_to_user((void *)uaddr, &sin, MIN((size_t)room, sizeof(sin))) ||
	    copy_to_user((void *)ulen, &full, sizeof(full)))
		return -EFAULT;
	return 0;
}

/* How long a blocking send waits for a device's transmit ring to move before it gives up. */
#define SEND_WAIT_NS (2 * NSEC_PER_SEC)

/*
 * A datagram the device cannot take now (its transmit ring is full:
 * -ENOBUFS) waits, on a blocking socket, until some device has sent
 * something (at most SEND_WAIT_NS without progress, then -ENOBUFS); a
 * non-blocking one gets -EAGAIN.
 */
static ssize_t sock_send(struct file *f, const void *buf, size_t n, const struct sockaddr_in *to,
			 bool nonblock)
{
	struct udp_sock *s = sock_of(f);
	unsigned long flags;
	u32 dst, gen;
	u16 port;
	int rc;

	for (;;) {
		spin_lock_irqsave(&net_lock, flags);
		gen = net_tx_gen();
		if (to) {
			dst = to->addr;
			port = ntohs(to->port);
		} else {
			dst = s->raddr;
			port = s->rport;
		}
		if (!dst && !to)
			rc = -EDESTADDRREQ;
		else
			rc = udp_send(s, dst, port, buf, n);
		spin_unlock_irqrestore(&net_lock, flags);
		if (rc != -ENOBUFS)
			break;
		if (nonblock || (f->flags & O_NONBLOCK))
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
 * datagram's own length in *full, its source in *src / *sport.
 */
static ssize_t sock_recv(struct file *f, void *buf, size_t n, unsigned int msg_flags,
			 size_t *full, u32 *src, u16 *sport)
{
	struct udp_sock *s = sock_of(f);
	struct udp_dgram *d;
	unsigned long flags;
	size_t got;

	for (;;) {
		spin_lock_irqsave(&net_lock, flags);
		if (!list_empty(&s->rxq))
			break;
		spin_unlock_irqrestore(&net_lock, flags);
		if ((f->flags & O_NONBLOCK) || (msg_flags & MSG_DONTWAIT))
			return -EAGAIN;
		if (wait_event_interruptible(&s->wq, !list_empty(&s->rxq)))
			return -ERESTARTSYS;
	}
	d = list_first_entry(&s->rxq, struct udp_dgram, list);
	got = MIN(n, (size_t)d->len);
	memcpy(buf, d->data, got);
	*full = d->len;
	if (src)
		*src = d->src;
	if (sport)
		*sport = d->sport;
	if (!(msg_flags & MSG_PEEK)) {
		list_del(&d->list);
		s->rxq_len--;
		kfree(d);
	}
	spin_unlock_irqrestore(&net_lock, flags);
	return (ssize_t)got;
}

static ssize_t socket_read(struct file *f, void *buf, size_t n, u64 *pos __unused)
{
	size_t full;

	return sock_recv(f, buf, n, 0, &full, NULL, NULL);
}

static ssize_t socket_write(struct file *f, const void *buf, size_t n, u64 *pos __unused)
{
	return sock_send(f, buf, n, NULL, false);
}

static unsigned int socket_poll(struct file *f)
{
	struct udp_sock *s = sock_of(f);

	/* Sends never wait (a full ring drops), so a socket is always writable. */
	return POLLOUT | (list_empty(&s->rxq) ? 0 : POLLIN);
}

static void socket_release(struct file *f)
{
	struct udp_sock *s = sock_of(f);
	unsigned long flags;

	spin_lock_irqsave(&net_lock, flags);
	udp_release(s);
	spin_unlock_irqrestore(&net_lock, flags);
	kfree(s);
}

static const struct file_ops socket_fops = {
	.read = socket_read,
	.write = socket_write,
	.poll = socket_poll,
	.release = socket_release,
};

static long sys_socket(unsigned long family, unsigned long type, unsigned long proto)
{
	unsigned long kind = type & SOCK_TYPE_MASK;
	struct udp_sock *s;
	struct file *f;
	int fd;

	if (type & ~(unsigned long)(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (family != AF_INET)
		return -EAFNOSUPPORT;
	if (kind == 0 || kind > 10)
		return -EINVAL;
	if (kind != SOCK_DGRAM)
		return kind == SOCK_STREAM || kind == 3 /* SOCK_RAW */ ? -EPROTONOSUPPORT :
									 -ESOCKTNOSUPPORT;
	if (proto != 0 && proto != IPPROTO_UDP)
		return -EPROTONOSUPPORT;
	s = kmalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	udp_sock_init(s);
	f = file_alloc(&socket_fops, NULL, O_RDWR | (type & SOCK_NONBLOCK));
	if (!f) {
		kfree(s);
		return -ENOMEM;
	}
	f->priv = s;
	fd = fd_install(current_files(), f, 0, type & SOCK_CLOEXEC);
	if (fd < 0)
		file_put(f); /* releases s */
	return fd;
}
SYSCALL(__NR_socket, socket, sys_socket);

static long sys_bind(unsigned long fd, unsigned long uaddr, unsigned long len)
{
	struct file *f = sock_fget(fd);
	struct sockaddr_in sin;
	unsigned long flags;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	rc = get_sockaddr(uaddr, len, &sin);
	if (rc)
		goto out;
	if (sin.family != AF_INET) {
		rc = -EAFNOSUPPORT;
		goto out;
	}
	spin_lock_irqsave(&net_lock, flags);
	rc = sock_of(f)->lport ? -EINVAL : udp_bind(sock_of(f), sin.addr, ntohs(sin.port));
	spin_unlock_irqrestore(&net_lock, flags);
out:
	file_put(f);
	return rc;
}
SYSCALL(__NR_bind, bind, sys_bind);

static long sys_connect(unsigned long fd, unsigned long uaddr, unsigned long len)
{
	struct file *f = sock_fget(fd);
	struct sockaddr_in sin;
	struct udp_sock *s;
	unsigned long flags;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	s = sock_of(f);
	rc = get_sockaddr(uaddr, len, &sin);
	if (rc)
		goto out;
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
out:
	file_put(f);
	return rc;
}
SYSCALL(__NR_connect, connect, sys_connect);

/* The kernel-side buffer of a send or receive: what one datagram can hold. */
#define DGRAM_BUF UDP_DATA_MAX

static long sys_sendto(unsigned long fd, unsigned long ubuf, unsigned long len,
		       unsigned long msg_flags, unsigned long uaddr, unsigned long alen)
{
	struct file *f = sock_fget(fd);
	struct sockaddr_in sin;
	void *kbuf = NULL;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (msg_flags & ~(unsigned long)(MSG_DONTWAIT | MSG_NOSIGNAL)) {
		rc = -EOPNOTSUPP;
		goto out;
	}
	if (uaddr) {
		rc = get_sockaddr(uaddr, alen, &sin);
		if (rc)
			goto out;
		if (sin.family != AF_INET) {
			rc = -EAFNOSUPPORT;
			goto out;
		}
	}
	if (len > DGRAM_BUF) {
		rc = -EMSGSIZE;
		goto out;
	}
	kbuf = kmalloc(DGRAM_BUF);
	if (!kbuf) {
		rc = -ENOMEM;
		goto out;
	}
	if (copy_from_user(kbuf, (const void *)ubuf, len)) {
		rc = -EFAULT;
		goto out;
	}
	rc = sock_send(f, kbuf, len, uaddr ? &sin : NULL, msg_flags & MSG_DONTWAIT);
out:
	kfree(kbuf);
	file_put(f);
	return rc;
}
SYSCALL(__NR_sendto, sendto, sys_sendto);

static long sys_recvfrom(unsigned long fd, unsigned long ubuf, unsigned long len,
			 unsigned long msg_flags, unsigned long uaddr, unsigned long ualen)
{
	struct file *f = sock_fget(fd);
	void *kbuf = NULL;
	size_t full;
	u32 src;
	u16 sport;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (msg_flags & ~(unsigned long)(MSG_DONTWAIT | MSG_PEEK | MSG_TRUNC)) {
		rc = -EOPNOTSUPP;
		goto out;
	}
	if (uaddr && !ualen) {
		rc = -EFAULT;
		goto out;
	}
	len = MIN(len, (unsigned long)DGRAM_BUF);
	if (!user_range_ok((void *)ubuf, len)) {
		rc = -EFAULT;
		goto out;
	}
	kbuf = kmalloc(DGRAM_BUF);
	if (!kbuf) {
		rc = -ENOMEM;
		goto out;
	}
	rc = sock_recv(f, kbuf, len, (unsigned int)msg_flags, &full, &src, &sport);
	if (rc < 0)
		goto out;
	/* The datagram is consumed even if the copy fails, as on Linux. */
	if (copy_to_user((void *)ubuf, kbuf, (size_t)rc) || put_sockaddr(uaddr, ualen, src, sport)) {
		rc = -EFAULT;
		goto out;
	}
	if (msg_flags & MSG_TRUNC)
		rc = (long)full;
out:
	kfree(kbuf);
	file_put(f);
	return rc;
}
SYSCALL(__NR_recvfrom, recvfrom, sys_recvfrom);

/* getsockname (peer false) and getpeername (peer true): one address of the socket. */
static long sock_name(unsigned long fd, unsigned long uaddr, unsigned long ualen, bool peer)
{
	struct file *f = sock_fget(fd);
	unsigned long flags;
	u32 addr;
	u16 port;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	spin_lock_irqsave(&net_lock, flags);
	addr = peer ? sock_of(f)->raddr : sock_of(f)->laddr;
	port = peer ? sock_of(f)->rport : sock_of(f)->lport;
	spin_unlock_irqrestore(&net_lock, flags);
	if (peer && !addr)
		rc = -ENOTCONN;
	else
		rc = uaddr ? put_sockaddr(uaddr, ualen, addr, port) : -EFAULT;
	file_put(f);
	return rc;
}

static long sys_getsockname(unsigned long fd, unsigned long uaddr, unsigned long ualen)
{
	return sock_name(fd, uaddr, ualen, false);
}
SYSCALL(__NR_getsockname, getsockname, sys_getsockname);

static long sys_getpeername(unsigned long fd, unsigned long uaddr, unsigned long ualen)
{
	return sock_name(fd, uaddr, ualen, true);
}
SYSCALL(__NR_getpeername, getpeername, sys_getpeername);

/* Only SO_REUSEADDR, accepted and ignored (ports are not kept after close). */
static long sys_setsockopt(unsigned long fd, unsigned long level, unsigned long name)
{
	struct file *f = sock_fget(fd);

	if (IS_ERR(f))
		return PTR_ERR(f);
	file_put(f);
	return level == SOL_SOCKET && name == SO_REUSEADDR ? 0 : -ENOPROTOOPT;
}
SYSCALL(__NR_setsockopt, setsockopt, sys_setsockopt);
