/*
 * Sending and receiving on sockets: send, sendto, sendmsg, recv,
 * recvfrom, recvmsg. A datagram family sees one whole datagram in
 * kernel memory, gathered from the iovecs and scattered back here; a
 * family with sendmsg and recvmsg ops (AF_UNIX) gets the iovecs and the
 * ancillary data themselves (net/socket.c says more).
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
