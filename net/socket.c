/*
 * Sockets on the Linux x86_64 ABI: the system calls, over the families we
 * have, AF_INET datagram sockets (UDP, net/inet_sock.c), AF_NETLINK
 * (rtnetlink, net/netlink.c) and AF_UNIX (net/af_unix.c). A socket is an
 * open file (read, write, poll, ioctl, close go through its file_ops)
 * whose priv is the struct socket, with an inode of its own (S_IFSOCK,
 * for fstat); a datagram family's send and receive see one whole
 * datagram in kernel memory, which sendmsg gathers from the iovecs and
 * recvmsg scatters back, while a family with sendmsg and recvmsg ops
 * (AF_UNIX) gets the iovecs and the ancillary data themselves. Other
 * families and types are refused with the errno Linux would give for one
 * it lacks, and nothing is logged.
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

#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK  O_NONBLOCK
#define SOCK_CLOEXEC   O_CLOEXEC

#define SOL_SOCKET   1
#define SO_REUSEADDR 2

#define MSG_EOR	   0x80
#define MSG_MORE   0x8000
#define SEND_FLAGS (MSG_DONTWAIT | MSG_NOSIGNAL)
#define RECV_FLAGS (MSG_DONTWAIT | MSG_PEEK | MSG_TRUNC)
/* What a family with sendmsg and recvmsg ops takes besides (MSG_EOR and MSG_MORE mean nothing there). */
#define MSG_SEND_MORE (MSG_EOR | MSG_MORE)
#define MSG_RECV_MORE (MSG_WAITALL | MSG_CMSG_CLOEXEC)
#define CONTROL_MAX   20480 /* the most ancillary data one sendmsg carries (optmem_max) */

#define UIO_MAXIOV	 1024
#define MAX_RW_COUNT	 0x7ffff000UL /* what one call moves at most, as Linux */
#define SOCKADDR_STORAGE 128	      /* the largest address a call may pass */

/* struct msghdr as x86_64 Linux lays it out. */
struct user_msghdr {
	u64 name;
	s32 namelen;
	u32 pad1;
	u64 iov;
	u64 iovlen;
	u64 control;
	u64 controllen;
	s32 flags;
	u32 pad2;
};
_Static_assert(sizeof(struct user_msghdr) == 56, "struct msghdr layout");

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

static inline struct socket *sock_of(struct file *f)
{
	return f->priv;
}

/* A user address into addr (SOCKADDR_STORAGE bytes): -EINVAL for a length out of range. */
static int get_addr(unsigned long uaddr, unsigned long len, void *addr)
{
	if (len > SOCKADDR_STORAGE)
		return -EINVAL;
	return copy_from_user(addr, (const void *)uaddr, len) ? -EFAULT : 0;
}

/* Writes an address of full bytes to a user buffer whose room is *ulen, as Linux does (cut if small). */
static int put_addr(unsigned long uaddr, unsigned long ulen, const void *addr, size_t full)
{
	int room, len = (int)full;

	if (!uaddr)
		return 0;
	if (copy_from_user(&room, (const void *)ulen, sizeof(room)))
		return -EFAULT;
	if (room < 0)
		return -EINVAL;
	if (copy_to_user((void *)uaddr, addr, MIN((size_t)room, full)) ||
	    copy_to_user((void *)ulen, &len, sizeof(len)))
		return -EFAULT;
	return 0;
}

static ssize_t socket_read(struct file *f, void *buf, size_t n, u64 *pos __unused)
{
	struct socket *sk = sock_of(f);
	size_t full, alen = 0;

	if (sk->ops->recvmsg) {
		struct iovec iov = { buf, n };
		u8 addr[SOCKADDR_STORAGE];
		struct sock_msg m = { &iov, 1, n, addr, 0, NULL, 0, 0 };

		return sk->ops->recvmsg(sk, &m, 0, f->flags & O_NONBLOCK);
	}
	return sk->ops->recv(sk, buf, MIN(n, sk->ops->max_recv), 0, f->flags & O_NONBLOCK, &full,
			     NULL, &alen);
}

static ssize_t socket_write(struct file *f, const void *buf, size_t n, u64 *pos __unused)
{
	struct socket *sk = sock_of(f);

	if (sk->ops->sendmsg) {
		struct iovec iov = { (void *)buf, n };
		struct sock_msg m = { &iov, 1, n, NULL, 0, NULL, 0, 0 };

		return sk->ops->sendmsg(sk, &m, 0, f->flags & O_NONBLOCK);
	}
	if (n > sk->ops->max_send)
		return -EMSGSIZE;
	return sk->ops->send(sk, buf, n, NULL, 0, f->flags & O_NONBLOCK);
}

static unsigned int socket_poll(struct file *f)
{
	struct socket *sk = sock_of(f);

	return sk->ops->poll(sk);
}

static long socket_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct socket *sk = sock_of(f);
	long rc;

	if (sk->ops->ioctl) {
		rc = sk->ops->ioctl(sk, cmd, arg);
		if (rc != -ENOTTY)
			return rc;
	}
	return net_dev_ioctl(sk->family, cmd, arg);
}

static void socket_release(struct file *f)
{
	struct socket *sk = sock_of(f);

	if (sk->ops)
		sk->ops->release(sk);
	kfree(sk);
}

static const struct file_ops socket_fops = {
	.read = socket_read,
	.write = socket_write,
	.ioctl = socket_ioctl,
	.poll = socket_poll,
	.release = socket_release,
};

/* A descriptor for sk, which it then owns (on failure, sk is released and freed). */
static int sock_install(struct socket *sk, unsigned long flags)
{
	struct inode *ino = inode_alloc(S_IFSOCK | 0777);
	struct file *f = NULL;
	int fd;

	if (ino)
		f = file_alloc(&socket_fops, ino, O_RDWR | (flags & SOCK_NONBLOCK));
	if (ino)
		inode_put(ino); /* the file holds it */
	if (!f) {
		sk->ops->release(sk);
		kfree(sk);
		return -ENOMEM;
	}
	f->priv = sk;
	fd = fd_install(current_files(), f, 0, flags & SOCK_CLOEXEC);
	if (fd < 0)
		file_put(f); /* releases sk */
	return fd;
}

/* The family's socket() for sk: 0 or -errno. */
static int sock_create(struct socket *sk, unsigned long family, unsigned long kind,
		       unsigned long proto)
{
	sk->family = (int)family;
	sk->type = (int)kind;
	switch (family) {
	case AF_INET:
		return inet_create(sk, (int)kind, (int)proto);
	case AF_NETLINK:
		return netlink_create(sk, (int)kind, (int)proto);
	default:
		return unix_create(sk, (int)kind, (int)proto);
	}
}

/* The checks of socket() and socketpair(), as Linux orders them. */
static long check_socket_args(unsigned long family, unsigned long type, unsigned long proto)
{
	unsigned long kind = type & SOCK_TYPE_MASK;

	if (type & ~(unsigned long)(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (family != AF_INET && family != AF_NETLINK && family != AF_UNIX)
		return -EAFNOSUPPORT;
	if (kind == 0 || kind > 10)
		return -EINVAL;
	if (proto > 0xffffffffUL)
		return -EINVAL;
	return 0;
}

static long sys_socket(unsigned long family, unsigned long type, unsigned long proto)
{
	struct socket *sk;
	long err;

	err = check_socket_args(family, type, proto);
	if (err)
		return err;
	sk = kzalloc(sizeof(*sk));
	if (!sk)
		return -ENOMEM;
	err = sock_create(sk, family, type & SOCK_TYPE_MASK, proto);
	if (err) {
		kfree(sk);
		return err;
	}
	return sock_install(sk, type);
}
SYSCALL(__NR_socket, socket, sys_socket);

/* bind (connect false) and connect: the address goes to the family as it is. */
static long sock_address_call(unsigned long fd, unsigned long uaddr, unsigned long len,
			      bool connect)
{
	struct file *f = sock_fget(fd);
	u8 addr[SOCKADDR_STORAGE];
	struct socket *sk;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	sk = sock_of(f);
	rc = get_addr(uaddr, len, addr);
	if (!rc)
		rc = connect ? sk->ops->connect(sk, addr, len, f->flags & O_NONBLOCK) :
			       sk->ops->bind(sk, addr, len);
	file_put(f);
	return rc;
}

static long sys_bind(unsigned long fd, unsigned long uaddr, unsigned long len)
{
	return sock_address_call(fd, uaddr, len, false);
}
SYSCALL(__NR_bind, bind, sys_bind);

static long sys_connect(unsigned long fd, unsigned long uaddr, unsigned long len)
{
	return sock_address_call(fd, uaddr, len, true);
}
SYSCALL(__NR_connect, connect, sys_connect);

/* The user's iovecs, each range checked, for a family that copies from them itself. */
static bool iovecs_ok(const struct iovec *iov, size_t niov)
{
	for (size_t i = 0; i < niov; i++)
		if (!user_range_ok(iov[i].base, iov[i].len))
			return false;
	return true;
}

/* A message to a family with a sendmsg op, with its ancillary data (a kernel copy). */
static long send_msg(struct file *f, const struct iovec *iov, size_t niov, size_t len,
		     const void *addr, size_t alen, void *control, size_t controllen,
		     unsigned long msg_flags)
{
	struct socket *sk = sock_of(f);
	struct sock_msg m = { iov, niov, len, (void *)addr, alen, control, controllen, 0 };

	if (msg_flags & ~(unsigned long)(SEND_FLAGS | MSG_SEND_MORE))
		return -EOPNOTSUPP;
	if (!iovecs_ok(iov, niov))
		return -EFAULT;
	return sk->ops->sendmsg(sk, &m, (unsigned int)msg_flags,
				(msg_flags & MSG_DONTWAIT) || (f->flags & O_NONBLOCK));
}

/*
 * One datagram of len bytes, gathered from the iovecs (or the one buffer
 * of sendto), to the address (NULL: the connected peer).
 */
static long do_send(struct file *f, const struct iovec *iov, size_t niov, size_t len,
		    const void *addr, size_t alen, unsigned long msg_flags)
{
	struct socket *sk = sock_of(f);
	size_t done = 0;
	u8 *kbuf;
	long rc;

	if (sk->ops->sendmsg)
		return send_msg(f, iov, niov, len, addr, alen, NULL, 0, msg_flags);
	if (msg_flags & ~(unsigned long)SEND_FLAGS)
		return -EOPNOTSUPP;
	if (len > sk->ops->max_send)
		return -EMSGSIZE;
	kbuf = kmalloc(len ? len : 1);
	if (!kbuf)
		return -ENOMEM;
	for (size_t i = 0; i < niov; i++) {
		if (copy_from_user(kbuf + done, iov[i].base, iov[i].len)) {
			rc = -EFAULT;
			goto out;
		}
		done += iov[i].len;
	}
	rc = sk->ops->send(sk, kbuf, len, addr, alen,
			   (msg_flags & MSG_DONTWAIT) || (f->flags & O_NONBLOCK));
out:
	kfree(kbuf);
	return rc;
}

static long sys_sendto(unsigned long fd, unsigned long ubuf, unsigned long len,
		       unsigned long msg_flags, unsigned long uaddr, unsigned long alen)
{
	struct file *f = sock_fget(fd);
	struct iovec iov = { (void *)ubuf, len };
	u8 addr[SOCKADDR_STORAGE];
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	rc = -EOPNOTSUPP;
	if (msg_flags & ~(unsigned long)(SEND_FLAGS | (sock_of(f)->ops->sendmsg ? MSG_SEND_MORE : 0)))
		goto out;
	if (!uaddr)
		alen = 0;
	rc = get_addr(uaddr, alen, addr);
	if (!rc)
		rc = do_send(f, &iov, 1, len, uaddr ? addr : NULL, alen, msg_flags);
out:
	file_put(f);
	return rc;
}
SYSCALL(__NR_sendto, sendto, sys_sendto);

/* A message from a family with a recvmsg op; m->control is the user's buffer. */
static long recv_msg(struct file *f, struct sock_msg *m, unsigned long msg_flags)
{
	struct socket *sk = sock_of(f);

	if (msg_flags & ~(unsigned long)(RECV_FLAGS | MSG_RECV_MORE))
		return -EOPNOTSUPP;
	if (!iovecs_ok(m->iov, m->niov))
		return -EFAULT;
	return sk->ops->recvmsg(sk, m, (unsigned int)msg_flags,
				(msg_flags & MSG_DONTWAIT) || (f->flags & O_NONBLOCK));
}

/*
 * The next datagram, scattered over the iovecs: its length (or, with
 * MSG_TRUNC, its whole length), *truncated if it did not fit, and its
 * sender's address in addr and its length in alen.
 */
static long do_recv(struct file *f, const struct iovec *iov, size_t niov, size_t len,
		    unsigned long msg_flags, void *addr, size_t *alen, bool *truncated)
{
	struct socket *sk = sock_of(f);
	size_t full = 0, done = 0;
	u8 *kbuf;
	long rc;

	if (sk->ops->recvmsg) {
		struct sock_msg m = { iov, niov, len, addr, 0, NULL, 0, 0 };

		rc = recv_msg(f, &m, msg_flags);
		*alen = m.alen;
		*truncated = m.flags & MSG_TRUNC;
		return rc;
	}
	if (msg_flags & ~(unsigned long)(RECV_FLAGS | MSG_CMSG_CLOEXEC))
		return -EOPNOTSUPP;
	len = MIN(len, sk->ops->max_recv);
	for (size_t i = 0; i < niov; i++)
		if (!user_range_ok(iov[i].base, iov[i].len))
			return -EFAULT;
	kbuf = kmalloc(sk->ops->max_recv);
	if (!kbuf)
		return -ENOMEM;
	rc = sk->ops->recv(sk, kbuf, len, (unsigned int)msg_flags,
			   (msg_flags & MSG_DONTWAIT) || (f->flags & O_NONBLOCK), &full, addr, alen);
	if (rc < 0)
		goto out;
	/* The datagram is consumed even if a copy fails, as on Linux. */
	for (size_t i = 0; i < niov && done < (size_t)rc; i++) {
		size_t n = MIN(iov[i].len, (size_t)rc - done);

		if (copy_to_user(iov[i].base, kbuf + done, n)) {
			rc = -EFAULT;
			goto out;
		}
		done += n;
	}
	*truncated = full > (size_t)rc;
	if (msg_flags & MSG_TRUNC)
		rc = (long)full;
out:
	kfree(kbuf);
	return rc;
}

static long sys_recvfrom(unsigned long fd, unsigned long ubuf, unsigned long len,
			 unsigned long msg_flags, unsigned long uaddr, unsigned long ualen)
{
	struct file *f = sock_fget(fd);
	struct iovec iov = { (void *)ubuf, len };
	u8 addr[SOCKADDR_STORAGE];
	size_t alen = 0;
	bool truncated;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	rc = -EOPNOTSUPP;
	if (msg_flags & ~(unsigned long)(RECV_FLAGS | (sock_of(f)->ops->recvmsg ? MSG_RECV_MORE : 0)))
		goto out;
	rc = -EFAULT;
	if (uaddr && !ualen)
		goto out;
	rc = do_recv(f, &iov, 1, len, msg_flags, addr, &alen, &truncated);
	if (rc >= 0 && put_addr(uaddr, ualen, addr, alen))
		rc = -EFAULT;
out:
	file_put(f);
	return rc;
}
SYSCALL(__NR_recvfrom, recvfrom, sys_recvfrom);

/* A msghdr's iovecs, copied in and checked: their total length in *len. */
static struct iovec *get_iovecs(const struct user_msghdr *m, size_t *len, long *err)
{
	struct iovec *iov;

	*err = -EMSGSIZE;
	if (m->iovlen > UIO_MAXIOV)
		return NULL;
	*err = -ENOMEM;
	iov = kmalloc(m->iovlen ? m->iovlen * sizeof(*iov) : 1);
	if (!iov)
		return NULL;
	*err = -EFAULT;
	if (copy_from_user(iov, (const void *)m->iov, m->iovlen * sizeof(*iov)))
		goto fail;
	*len = 0;
	*err = -EINVAL;
	for (size_t i = 0; i < m->iovlen; i++) {
		if ((ssize_t)iov[i].len < 0 || iov[i].len > MAX_RW_COUNT - *len)
			goto fail;
		*len += iov[i].len;
	}
	*err = 0;
	return iov;
fail:
	kfree(iov);
	return NULL;
}

/*
 * Ancillary data is for families with a sendmsg op (AF_UNIX); to the
 * others, a message carrying any is refused.
 */
static long sys_sendmsg(unsigned long fd, unsigned long umsg, unsigned long msg_flags)
{
	struct file *f = sock_fget(fd);
	u8 addr[SOCKADDR_STORAGE];
	struct iovec *iov = NULL;
	struct user_msghdr m;
	size_t len = 0, alen;
	void *control = NULL;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	rc = -EFAULT;
	if (copy_from_user(&m, (const void *)umsg, sizeof(m)))
		goto out;
	rc = -EINVAL;
	if (m.namelen < 0 || (m.controllen && !sock_of(f)->ops->sendmsg))
		goto out;
	rc = -ENOBUFS;
	if (m.controllen > CONTROL_MAX)
		goto out;
	if (m.controllen) {
		rc = -ENOMEM;
		control = kmalloc(m.controllen);
		if (!control)
			goto out;
		rc = -EFAULT;
		if (copy_from_user(control, (const void *)m.control, m.controllen))
			goto out;
	}
	/* A name of length 0 is no name, as Linux reads a msghdr. */
	alen = m.name ? (size_t)m.namelen : 0;
	rc = get_addr(m.name, alen, addr);
	if (rc)
		goto out;
	iov = get_iovecs(&m, &len, &rc);
	if (!iov)
		goto out;
	if (sock_of(f)->ops->sendmsg)
		rc = send_msg(f, iov, m.iovlen, len, alen ? addr : NULL, alen, control,
			      m.controllen, msg_flags);
	else
		rc = do_send(f, iov, m.iovlen, len, alen ? addr : NULL, alen, msg_flags);
out:
	kfree(control);
	kfree(iov);
	file_put(f);
	return rc;
}
SYSCALL(__NR_sendmsg, sendmsg, sys_sendmsg);

static long sys_recvmsg(unsigned long fd, unsigned long umsg, unsigned long msg_flags)
{
	struct file *f = sock_fget(fd);
	struct user_msghdr *um = (struct user_msghdr *)umsg;
	u8 addr[SOCKADDR_STORAGE];
	struct iovec *iov = NULL;
	struct user_msghdr m;
	size_t len = 0, alen = 0;
	bool truncated = false;
	s32 namelen, flags;
	u64 controllen = 0;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	rc = -EFAULT;
	if (copy_from_user(&m, um, sizeof(m)))
		goto out;
	rc = -EINVAL;
	if (m.namelen < 0)
		goto out;
	iov = get_iovecs(&m, &len, &rc);
	if (!iov)
		goto out;
	if (sock_of(f)->ops->recvmsg) {
		struct sock_msg sm = { iov, m.iovlen, len, addr, 0, (void *)m.control, m.controllen, 0 };

		rc = -EFAULT;
		if (m.controllen && !user_range_ok((void *)m.control, m.controllen))
			goto out;
		rc = recv_msg(f, &sm, msg_flags);
		alen = sm.alen;
		controllen = sm.controllen;
		flags = (s32)sm.flags;
	} else {
		rc = do_recv(f, iov, m.iovlen, len, msg_flags, addr, &alen, &truncated);
		flags = truncated ? MSG_TRUNC : 0;
	}
	if (rc < 0)
		goto out;
	/* The sender's address (cut to the room given), its length, and what happened. */
	namelen = m.name ? (s32)alen : 0;
	if ((m.name && copy_to_user((void *)m.name, addr, MIN((size_t)m.namelen, alen))) ||
	    copy_to_user(&um->namelen, &namelen, sizeof(namelen)) ||
	    copy_to_user(&um->controllen, &controllen, sizeof(controllen)) ||
	    copy_to_user(&um->flags, &flags, sizeof(flags)))
		rc = -EFAULT;
out:
	kfree(iov);
	file_put(f);
	return rc;
}
SYSCALL(__NR_recvmsg, recvmsg, sys_recvmsg);

/* getsockname (peer false) and getpeername (peer true): one address of the socket. */
static long sock_name(unsigned long fd, unsigned long uaddr, unsigned long ualen, bool peer)
{
	struct file *f = sock_fget(fd);
	u8 addr[SOCKADDR_STORAGE];
	size_t alen = 0;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	rc = sock_of(f)->ops->getname(sock_of(f), addr, &alen, peer);
	if (!rc)
		rc = uaddr ? put_addr(uaddr, ualen, addr, alen) : -EFAULT;
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

/* Undoes a descriptor just installed, when the call fails after all. */
static void sys_close_fd(int fd)
{
	struct file *f = fd_remove(current_files(), fd);

	if (f)
		file_put(f);
}

static long sys_socketpair(unsigned long family, unsigned long type, unsigned long proto,
			   unsigned long usv)
{
	struct socket *a, *b;
	int fds[2];
	long err;

	err = check_socket_args(family, type, proto);
	if (err)
		return err;
	if (family != AF_UNIX)
		return -EOPNOTSUPP;
	if (!user_range_ok((void *)usv, sizeof(fds)))
		return -EFAULT;
	a = kzalloc(sizeof(*a));
	b = kzalloc(sizeof(*b));
	err = -ENOMEM;
	if (!a || !b)
		goto fail;
	a->family = b->family = AF_UNIX;
	err = unix_socketpair(a, b, (int)(type & SOCK_TYPE_MASK), (int)proto);
	if (err)
		goto fail;
	fds[0] = sock_install(a, type);
	if (fds[0] < 0) {
		b->ops->release(b);
		kfree(b);
		return fds[0];
	}
	fds[1] = sock_install(b, type);
	if (fds[1] < 0) {
		sys_close_fd(fds[0]);
		return fds[1];
	}
	if (copy_to_user((void *)usv, fds, sizeof(fds))) {
		sys_close_fd(fds[0]);
		sys_close_fd(fds[1]);
		return -EFAULT;
	}
	return 0;
fail:
	kfree(a);
	kfree(b);
	return err;
}
SYSCALL(__NR_socketpair, socketpair, sys_socketpair);

static long sys_listen(unsigned long fd, unsigned long backlog)
{
	struct file *f = sock_fget(fd);
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	rc = sock_of(f)->ops->listen ? sock_of(f)->ops->listen(sock_of(f), (int)backlog) :
				       -EOPNOTSUPP;
	file_put(f);
	return rc;
}
SYSCALL(__NR_listen, listen, sys_listen);

static long sys_accept4(unsigned long fd, unsigned long uaddr, unsigned long ualen,
			unsigned long flags)
{
	struct file *f = sock_fget(fd);
	struct socket *sk, *nsk = NULL;
	u8 addr[SOCKADDR_STORAGE];
	size_t alen = 0;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	sk = sock_of(f);
	rc = -EINVAL;
	if (flags & ~(unsigned long)(SOCK_NONBLOCK | SOCK_CLOEXEC))
		goto out;
	rc = -EOPNOTSUPP;
	if (!sk->ops->accept)
		goto out;
	rc = -ENOMEM;
	nsk = kzalloc(sizeof(*nsk));
	if (!nsk)
		goto out;
	rc = sk->ops->accept(sk, nsk, f->flags & O_NONBLOCK);
	if (rc) {
		kfree(nsk);
		goto out;
	}
	if (uaddr && nsk->ops->getname(nsk, addr, &alen, true))
		alen = 0;
	rc = sock_install(nsk, flags);
	if (rc >= 0 && uaddr && put_addr(uaddr, ualen, addr, alen)) {
		/* The connection is taken, as on Linux; the caller learns only EFAULT. */
		sys_close_fd((int)rc);
		rc = -EFAULT;
	}
out:
	file_put(f);
	return rc;
}
SYSCALL(__NR_accept4, accept4, sys_accept4);

static long sys_accept(unsigned long fd, unsigned long uaddr, unsigned long ualen)
{
	return sys_accept4(fd, uaddr, ualen, 0);
}
SYSCALL(__NR_accept, accept, sys_accept);

static long sys_shutdown(unsigned long fd, unsigned long how)
{
	struct file *f = sock_fget(fd);
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (sock_of(f)->ops->shutdown)
		rc = sock_of(f)->ops->shutdown(sock_of(f), (int)how);
	else
		rc = how > 2 ? -EINVAL : -ENOTCONN;
	file_put(f);
	return rc;
}
SYSCALL(__NR_shutdown, shutdown, sys_shutdown);

#define SOCKOPT_MAX 64 /* the largest option value any family has */

static long sys_getsockopt(unsigned long fd, unsigned long level, unsigned long name,
			   unsigned long uval, unsigned long ulen)
{
	struct file *f = sock_fget(fd);
	u8 val[SOCKOPT_MAX];
	size_t room;
	int len;
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	rc = -EFAULT;
	if (copy_from_user(&len, (const void *)ulen, sizeof(len)))
		goto out;
	rc = -EINVAL;
	if (len < 0)
		goto out;
	rc = -ENOPROTOOPT;
	if (level != SOL_SOCKET || !sock_of(f)->ops->getsockopt)
		goto out;
	room = MIN((size_t)len, sizeof(val));
	rc = sock_of(f)->ops->getsockopt(sock_of(f), (int)name, val, &room);
	if (rc)
		goto out;
	len = (int)room;
	if (copy_to_user((void *)uval, val, room) ||
	    copy_to_user((void *)ulen, &len, sizeof(len)))
		rc = -EFAULT;
out:
	file_put(f);
	return rc;
}
SYSCALL(__NR_getsockopt, getsockopt, sys_getsockopt);

/* The family's options; for the others, only SO_REUSEADDR, accepted and ignored. */
static long sys_setsockopt(unsigned long fd, unsigned long level, unsigned long name,
			   unsigned long uval, unsigned long len)
{
	struct file *f = sock_fget(fd);
	struct socket *sk;
	u8 val[SOCKOPT_MAX];
	long rc;

	if (IS_ERR(f))
		return PTR_ERR(f);
	sk = sock_of(f);
	if (!sk->ops->setsockopt) {
		rc = level == SOL_SOCKET && name == SO_REUSEADDR ? 0 : -ENOPROTOOPT;
		goto out;
	}
	rc = -ENOPROTOOPT;
	if (level != SOL_SOCKET)
		goto out;
	rc = -EINVAL;
	if ((int)len < 0)
		goto out;
	len = MIN(len, sizeof(val));
	rc = -EFAULT;
	if (copy_from_user(val, (const void *)uval, len))
		goto out;
	rc = sk->ops->setsockopt(sk, (int)name, val, len);
out:
	file_put(f);
	return rc;
}
SYSCALL(__NR_setsockopt, setsockopt, sys_setsockopt);
