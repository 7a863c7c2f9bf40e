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
#include "socket-internal.h"

static const struct file_ops socket_fops;

struct file *sock_fget(unsigned long fd)
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

int get_addr(unsigned long uaddr, unsigned long len, void *addr)
{
	if (len > SOCKADDR_STORAGE)
		return -EINVAL;
	return copy_from_user(addr, (const void *)uaddr, len) ? -EFAULT : 0;
}

int put_addr(unsigned long uaddr, unsigned long ulen, const void *addr, size_t full)
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
