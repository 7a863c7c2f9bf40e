/*
 * AF_UNIX data: messages queued on their reader (net/af_unix.h). A
 * datagram or seqpacket message is one unix_skb and is read whole (the
 * rest of a message cut by a small buffer is lost, MSG_TRUNC says so); a
 * stream write is cut into pieces that a read joins again, never across
 * a piece that carries descriptors. A sender may have at most its
 * SO_SNDBUF bytes (data and overhead) unread at its reader: beyond, it
 * sleeps or gets EAGAIN.
 *
 * Ancillary data as cmsg(3) lays it out: SCM_RIGHTS (the open files
 * travel with one reference each, and become new descriptors of the
 * reader; unread, they are put when the queue is freed) and
 * SCM_CREDENTIALS (what the sender claims is checked as Linux does; a
 * reader with SO_PASSCRED gets the sender's credentials with every
 * message). Sockets passed in a cycle through their own queues are not
 * collected: Linux's garbage collector for them is not here.
 */
#define pr_fmt(fmt) "unix: " fmt

#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/tty.h>
#include <kernel/uaccess.h>

#include "af_unix.h"

#define SOL_SOCKET	1
#define SCM_RIGHTS	1
#define SCM_CREDENTIALS 2

#define POLLRDNORM 0x040
#define POLLWRNORM 0x100
#define POLLWRBAND 0x200
#define POLLRDHUP  0x2000

#define SIOCOUTQ 0x5411

#define STREAM_PIECE (64 * 1024) /* the largest piece a stream write is cut into */

struct cmsghdr {
	u64 len; /* header and data, unpadded */
	s32 level;
	s32 type;
};
#define CMSG_ALIGN(n) (((n) + 7) & ~(size_t)7)
#define CMSG_HDR      sizeof(struct cmsghdr)

/* What a sendmsg's ancillary data asks for. */
struct scm {
	struct file *fds[UNIX_MAX_FDS];
	unsigned int nfds;
	struct ucred cred;
	bool has_cred;
};

static size_t truesize(const struct unix_skb *skb)
{
	return sizeof(*skb) + skb->len;
}

static void scm_release(struct scm *scm)
{
	for (unsigned int i = 0; i < scm->nfds; i++)
		file_put(scm->fds[i]);
	scm->nfds = 0;
}

void unix_skbs_free(struct list_head *list)
{
	struct unix_skb *skb, *tmp;

	list_for_each_entry_safe(skb, tmp, list, list) {
		list_del(&skb->list);
		for (unsigned int i = 0; i < skb->nfds; i++)
			file_put(skb->fds[i]);
		kfree(skb->fds);
		kfree(skb);
	}
}

/* Whether the caller may claim c in SCM_CREDENTIALS, as Linux checks it. */
static bool cred_allowed(const struct ucred *c)
{
	struct process *p = current_proc();
	const struct cred *me = &p->cred;

	if (c->pid != p->pid && !capable(CAP_SYS_ADMIN))
		return false;
	if (c->uid != me->uid && c->uid != me->euid && c->uid != me->suid && !capable(CAP_SETUID))
		return false;
	if (c->gid != me->gid && c->gid != me->egid && c->gid != me->sgid && !capable(CAP_SETGID))
		return false;
	return true;
}

/* The ancillary data of a sendmsg (a kernel copy) into scm: descriptors referenced. */
static int scm_parse(const u8 *buf, size_t len, struct scm *scm)
{
	size_t pos = 0;

	while (len - pos >= CMSG_HDR) {
		struct cmsghdr h;
		size_t n;

		memcpy(&h, buf + pos, sizeof(h));
		if (h.len < CMSG_HDR || h.len > len - pos)
			return -EINVAL;
		n = h.len - CMSG_HDR;
		if (h.level == SOL_SOCKET && h.type == SCM_RIGHTS) {
			n /= sizeof(int);
			if (scm->nfds + n > UNIX_MAX_FDS)
				return -EINVAL;
			for (size_t i = 0; i < n; i++) {
				int fd;
				struct file *f;

				memcpy(&fd, buf + pos + CMSG_HDR + i * sizeof(int), sizeof(fd));
				f = fget(fd);
				if (!f)
					return -EBADF;
				scm->fds[scm->nfds++] = f;
			}
		} else if (h.level == SOL_SOCKET && h.type == SCM_CREDENTIALS) {
			if (n != sizeof(struct ucred))
				return -EINVAL;
			memcpy(&scm->cred, buf + pos + CMSG_HDR, sizeof(scm->cred));
			if (!cred_allowed(&scm->cred))
				return -EPERM;
			scm->has_cred = true;
		} else if (h.level == SOL_SOCKET) {
			return -EINVAL;
		}
		pos += CMSG_ALIGN(h.len);
		if (pos > len)
			break;
	}
	return 0;
}

/* Copies n bytes between the message's buffers (from byte off on) and kernel memory. */
static int msg_copy(const struct sock_msg *m, size_t off, void *kbuf, size_t n, bool to_msg)
{
	u8 *k = kbuf;

	for (size_t i = 0; i < m->niov && n; i++) {
		size_t take;
		u8 *base;

		if (off >= m->iov[i].len) {
			off -= m->iov[i].len;
			continue;
		}
		take = MIN(n, m->iov[i].len - off);
		base = (u8 *)m->iov[i].base + off;
		if (to_msg ? copy_checked(base, k, take) : copy_checked(k, base, take))
			return -EFAULT;
		k += take;
		n -= take;
		off = 0;
	}
	return 0;
}

/* A message of n bytes from m at off, with scm's descriptors moved into it. */
static struct unix_skb *skb_make(const struct sock_msg *m, size_t off, size_t n, struct scm *scm,
				 int *err)
{
	struct unix_skb *skb = kzalloc(sizeof(*skb) + (n ? n : 1));

	*err = -ENOBUFS;
	if (!skb)
		return NULL;
	skb->len = n;
	*err = msg_copy(m, off, skb->data, n, false);
	if (*err)
		goto fail;
	if (scm && scm->nfds) {
		*err = -ENOMEM;
		skb->fds = kmalloc(scm->nfds * sizeof(*skb->fds));
		if (!skb->fds)
			goto fail;
		memcpy(skb->fds, scm->fds, scm->nfds * sizeof(*skb->fds));
		skb->nfds = scm->nfds;
		scm->nfds = 0;
	}
	if (scm && scm->has_cred) {
		skb->cred = scm->cred;
	} else {
		struct process *p = current_proc();

		skb->cred.pid = p->pid;
		skb->cred.uid = p->cred.uid;
		skb->cred.gid = p->cred.gid;
	}
	*err = 0;
	return skb;
fail:
	kfree(skb);
	return NULL;
}

/* Whether a sender whose buffer is sndbuf may queue skb on r now. */
static bool room_for(const struct unix_sock *r, size_t sndbuf, size_t size)
{
	return !r->rx_bytes || r->rx_bytes + size <= sndbuf;
}

/* Queues skb on r; unix_lock held. */
static void queue_skb(struct unix_sock *r, struct unix_skb *skb)
{
	list_add_tail(&skb->list, &r->rxq);
	r->rx_bytes += truesize(skb);
}

static ssize_t stream_send(struct unix_sock *u, struct sock_msg *m, struct scm *scm,
			   unsigned int msg_flags, bool nonblock)
{
	struct unix_skb *skb = NULL;
	unsigned long flags;
	size_t sent = 0;
	ssize_t err = 0;

	if (m->addr)
		return u->state == UNIX_CONNECTED ? -EISCONN : -EOPNOTSUPP;
	if (u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	/*
	 * A stream has no empty messages: a write of nothing queues nothing
	 * (an empty one would make poll say POLLIN with no byte to read, and
	 * a reader that trusted it would block).
	 */
	if (!m->len)
		err = (u->shut & UNIX_SEND_SHUT) ? -EPIPE : 0;
	while (sent < m->len) {
		struct unix_sock *peer;
		size_t n = MIN(m->len - sent, MIN((size_t)STREAM_PIECE, u->sndbuf / 2));

		if (!skb) {
			skb = skb_make(m, sent, n, scm, (int *)&err);
			if (!skb)
				break;
			err = 0;
		}
		spin_lock_irqsave(&unix_lock, flags);
		peer = u->peer;
		if ((u->shut & UNIX_SEND_SHUT) || !peer || peer->dead || (peer->shut & UNIX_RCV_SHUT)) {
			spin_unlock_irqrestore(&unix_lock, flags);
			err = -EPIPE;
			break;
		}
		if (!room_for(peer, u->sndbuf, truesize(skb))) {
			spin_unlock_irqrestore(&unix_lock, flags);
			if (nonblock) {
				err = -EAGAIN;
				break;
			}
			if (wait_event_interruptible(&peer->wq, room_for(peer, u->sndbuf, truesize(skb)) ||
									peer->dead || (peer->shut & UNIX_RCV_SHUT) ||
									(u->shut & UNIX_SEND_SHUT))) {
				err = -ERESTARTSYS;
				break;
			}
			continue;
		}
		/*
		 * Counted before the lock goes: from then on the skb is the
		 * reader's, who may run (the kernel is preemptible), read it
		 * and free it before this thread looks at it again.
		 */
		sent += skb->len;
		queue_skb(peer, skb);
		skb = NULL;
		spin_unlock_irqrestore(&unix_lock, flags);
		wake_up_all(&peer->wq);
		fs_poll_wake();
	}
	if (skb) {
		LIST_HEAD(one);

		list_add(&skb->list, &one);
		unix_skbs_free(&one);
	}
	if (err == -EPIPE && !(msg_flags & MSG_NOSIGNAL))
		send_signal(current_proc(), SIGPIPE);
	if (sent && err != -EFAULT)
		return (ssize_t)sent;
	return err;
}

/* One datagram or seqpacket message, to m->addr or the peer. */
static ssize_t dgram_send(struct unix_sock *u, struct sock_msg *m, struct scm *scm, bool nonblock)
{
	struct unix_sock *other, *drop = NULL;
	struct unix_skb *skb;
	unsigned long flags;
	LIST_HEAD(unsent);
	int err;

	if (m->len > u->sndbuf - 32)
		return -EMSGSIZE;
	if (u->type == SOCK_SEQPACKET) {
		if (u->state != UNIX_CONNECTED)
			return -ENOTCONN;
		m->addr = NULL;
	}
	if (m->addr) {
		other = unix_find(m->addr, m->alen, u->type);
		if (IS_ERR(other))
			return PTR_ERR(other);
	} else {
		spin_lock_irqsave(&unix_lock, flags);
		other = u->peer;
		if (other)
			other->refs++;
		spin_unlock_irqrestore(&unix_lock, flags);
		if (!other)
			return u->type == SOCK_SEQPACKET ? -EPIPE : -ENOTCONN;
	}
	skb = skb_make(m, 0, m->len, scm, &err);
	if (!skb)
		goto out;
	for (;;) {
		spin_lock_irqsave(&unix_lock, flags);
		if (u->passcred)
			unix_autobind_locked(u);
		if (other->dead) {
			err = u->type == SOCK_SEQPACKET ? -EPIPE : -ECONNREFUSED;
			if (u->peer == other && u->type == SOCK_DGRAM) {
				drop = other; /* forgotten, as Linux does: the next send says ENOTCONN */
				u->peer = NULL;
				u->state = UNIX_UNCONNECTED;
			}
			break;
		}
		err = -EPERM;
		if (u->type == SOCK_DGRAM && other->peer && other->peer != u && other != u)
			break;
		err = -EPIPE;
		if ((u->shut & UNIX_SEND_SHUT) || (other->shut & UNIX_RCV_SHUT))
			break;
		if (room_for(other, u->sndbuf, truesize(skb))) {
			skb->from = u->name;
			queue_skb(other, skb);
			skb = NULL;
			err = (int)m->len;
			break;
		}
		spin_unlock_irqrestore(&unix_lock, flags);
		err = -EAGAIN;
		if (nonblock)
			goto out;
		err = -ERESTARTSYS;
		if (wait_event_interruptible(&other->wq, room_for(other, u->sndbuf, truesize(skb)) ||
								 other->dead || (other->shut & UNIX_RCV_SHUT)))
			goto out;
	}
	spin_unlock_irqrestore(&unix_lock, flags);
	if (!skb) {
		wake_up_all(&other->wq);
		fs_poll_wake();
	}
out:
	if (skb) {
		list_add(&skb->list, &unsent);
		unix_skbs_free(&unsent);
	}
	unix_put(drop);
	unix_put(other);
	return err;
}

ssize_t unix_sendmsg(struct socket *sk, struct sock_msg *m, unsigned int msg_flags, bool nonblock)
{
	struct unix_sock *u = unix_of(sk);
	struct scm *scm = NULL;
	ssize_t rc;

	if (m->controllen) {
		scm = kzalloc(sizeof(*scm));
		if (!scm)
			return -ENOMEM;
		rc = scm_parse(m->control, m->controllen, scm);
		if (rc)
			goto out;
	}
	if (u->type == SOCK_STREAM)
		rc = stream_send(u, m, scm, msg_flags, nonblock);
	else
		rc = dgram_send(u, m, scm, nonblock);
out:
	if (scm) {
		scm_release(scm);
		kfree(scm);
	}
	return rc;
}

/* Takes the reader's place on u: one reader at a time owns the head of the queue. */
static int reader_enter(struct unix_sock *u)
{
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&unix_lock, flags);
		if (!u->recv_busy) {
			u->recv_busy = true;
			spin_unlock_irqrestore(&unix_lock, flags);
			return 0;
		}
		spin_unlock_irqrestore(&unix_lock, flags);
		if (wait_event_interruptible(&u->wq, !u->recv_busy))
			return -ERESTARTSYS;
	}
}

static void reader_leave(struct unix_sock *u)
{
	unsigned long flags;

	spin_lock_irqsave(&unix_lock, flags);
	u->recv_busy = false;
	spin_unlock_irqrestore(&unix_lock, flags);
	wake_up_all(&u->wq);
	fs_poll_wake();
}

/* Writes one cmsg into the user's control buffer at *used; false (and MSG_CTRUNC) if it does not fit. */
static bool put_cmsg(struct sock_msg *m, size_t *used, int type, const void *data, size_t n)
{
	struct cmsghdr h = { CMSG_HDR + n, SOL_SOCKET, type };
	u8 *at = (u8 *)m->control + *used;

	if (!m->control || m->controllen - *used < h.len) {
		m->flags |= MSG_CTRUNC;
		return false;
	}
	if (copy_to_user(at, &h, sizeof(h)) || copy_to_user(at + CMSG_HDR, data, n))
		return false;
	*used = MIN(m->controllen, *used + CMSG_ALIGN(h.len));
	return true;
}

/*
 * The ancillary data of a message read: the sender's credentials (with
 * SO_PASSCRED) and the descriptors, installed as new descriptors as far
 * as the buffer has room; the rest are closed and MSG_CTRUNC said.
 */
static void put_control(struct unix_sock *u, struct sock_msg *m, const struct ucred *cred,
			struct file **fds, unsigned int nfds, bool peek, unsigned int msg_flags)
{
	size_t used = 0, room;
	unsigned int fit, done = 0;
	int *nums = NULL;

	if (u->passcred)
		put_cmsg(m, &used, SCM_CREDENTIALS, cred, sizeof(*cred));
	if (nfds) {
		room = m->control && m->controllen - used > CMSG_HDR ? m->controllen - used - CMSG_HDR : 0;
		fit = (unsigned int)MIN((size_t)nfds, room / sizeof(int));
		nums = fit ? kmalloc(fit * sizeof(int)) : NULL;
		for (; nums && done < fit; done++) {
			struct file *f = peek ? file_get(fds[done]) : fds[done];
			int fd = fd_install(current_files(), f, 0, msg_flags & MSG_CMSG_CLOEXEC);

			if (fd < 0) {
				if (peek)
					file_put(f);
				break;
			}
			nums[done] = fd;
		}
		if (done)
			put_cmsg(m, &used, SCM_RIGHTS, nums, done * sizeof(int));
		if (done < nfds)
			m->flags |= MSG_CTRUNC;
		if (!peek)
			for (unsigned int i = done; i < nfds; i++)
				file_put(fds[i]);
		kfree(nums);
	}
	m->controllen = used;
}

/* What a reader's wait ends on: data, end of file, an error. */
static bool readable(const struct unix_sock *u)
{
	return !list_empty(&u->rxq) || (u->shut & UNIX_RCV_SHUT) || u->err ||
	       (u->type != SOCK_DGRAM && u->state != UNIX_CONNECTED);
}

/*
 * The head of u's queue, or the end of the wait: 0 with *skb NULL at end
 * of file, -errno. The reader's place is held, so the head stays.
 */
static int wait_head(struct unix_sock *u, struct unix_skb **skb, bool nonblock, bool any)
{
	unsigned long flags;
	int err;

	for (;;) {
		spin_lock_irqsave(&unix_lock, flags);
		*skb = list_empty(&u->rxq) ? NULL : list_first_entry(&u->rxq, struct unix_skb, list);
		err = 0;
		if (!*skb && u->err) {
			err = -u->err;
			u->err = 0;
		}
		if (*skb || err || (u->shut & UNIX_RCV_SHUT) || any) {
			spin_unlock_irqrestore(&unix_lock, flags);
			return err;
		}
		spin_unlock_irqrestore(&unix_lock, flags);
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(&u->wq, readable(u)))
			return -ERESTARTSYS;
	}
}

/* Unlinks a consumed head message; the caller frees it. */
static void unlink_head(struct unix_sock *u, struct unix_skb *skb)
{
	unsigned long flags;

	spin_lock_irqsave(&unix_lock, flags);
	list_del(&skb->list);
	u->rx_bytes -= truesize(skb);
	spin_unlock_irqrestore(&unix_lock, flags);
	kfree(skb->fds);
	kfree(skb);
	wake_up_all(&u->wq); /* room for the senders */
	fs_poll_wake();
}

static ssize_t stream_recv(struct unix_sock *u, struct sock_msg *m, unsigned int msg_flags,
			   bool nonblock)
{
	size_t copied = 0, target = (msg_flags & MSG_WAITALL) ? m->len : 1;
	bool peek = msg_flags & MSG_PEEK, ctl = false;
	struct unix_skb *skb;
	unsigned long flags;
	int err = 0;

	if (u->state != UNIX_CONNECTED)
		return -EINVAL;
	while (copied < m->len || !m->len) {
		size_t n;

		err = wait_head(u, &skb, nonblock, copied >= target);
		if (err || !skb)
			break;
		if (skb->nfds && ctl)
			break; /* its descriptors go with a read of their own */
		n = MIN(skb->len - skb->off, m->len - copied);
		if (msg_copy(m, copied, skb->data + skb->off, n, true)) {
			err = -EFAULT;
			break;
		}
		copied += n;
		if (!ctl) {
			struct file **fds = skb->fds;
			unsigned int nfds = skb->nfds;

			if (!peek)
				skb->nfds = 0;
			put_control(u, m, &skb->cred, fds, nfds, peek, msg_flags);
			ctl = true;
		}
		if (peek || !m->len)
			break;
		spin_lock_irqsave(&unix_lock, flags);
		skb->off += n;
		spin_unlock_irqrestore(&unix_lock, flags);
		if (skb->off == skb->len)
			unlink_head(u, skb);
		if (ctl && m->controllen && (msg_flags & MSG_WAITALL) == 0)
			break;
	}
	if (!ctl)
		m->controllen = 0;
	if (copied)
		return (ssize_t)copied;
	return err;
}

static ssize_t dgram_recv(struct unix_sock *u, struct sock_msg *m, unsigned int msg_flags,
			  bool nonblock)
{
	bool peek = msg_flags & MSG_PEEK;
	struct unix_skb *skb;
	size_t n, full;
	int err;

	if (u->type == SOCK_SEQPACKET && u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	err = wait_head(u, &skb, nonblock, false);
	if (err || !skb) {
		m->controllen = 0;
		return err;
	}
	n = MIN(skb->len, m->len);
	full = skb->len;
	err = msg_copy(m, 0, skb->data, n, true);
	if (skb->len > m->len)
		m->flags |= MSG_TRUNC;
	if (skb->from.len) {
		memcpy(m->addr, &skb->from.sun, skb->from.len);
		m->alen = skb->from.len;
	} else {
		m->alen = 0;
	}
	put_control(u, m, &skb->cred, skb->fds, skb->nfds, peek, msg_flags);
	if (!peek) {
		skb->nfds = 0;
		unlink_head(u, skb);
	}
	if (err)
		return err;
	return (ssize_t)((msg_flags & MSG_TRUNC) ? full : n);
}

ssize_t unix_recvmsg(struct socket *sk, struct sock_msg *m, unsigned int msg_flags, bool nonblock)
{
	struct unix_sock *u = unix_of(sk);
	ssize_t rc;

	m->flags = 0;
	m->alen = 0;
	if (u->state == UNIX_LISTENING)
		return -EINVAL;
	rc = reader_enter(u);
	if (rc)
		return rc;
	if (u->type == SOCK_STREAM)
		rc = stream_recv(u, m, msg_flags, nonblock);
	else
		rc = dgram_recv(u, m, msg_flags, nonblock);
	reader_leave(u);
	return rc;
}

size_t unix_inq(const struct unix_sock *u)
{
	const struct unix_skb *skb;
	size_t n = 0;

	list_for_each_entry(skb, &u->rxq, list) {
		if (u->type != SOCK_STREAM)
			return skb->len;
		n += skb->len - skb->off;
	}
	return n;
}

unsigned int unix_poll(struct socket *sk)
{
	struct unix_sock *u = unix_of(sk), *peer;
	unsigned int mask = 0;
	unsigned long flags;

	spin_lock_irqsave(&unix_lock, flags);
	if (u->err)
		mask |= POLLERR;
	if (u->shut == (UNIX_RCV_SHUT | UNIX_SEND_SHUT))
		mask |= POLLHUP;
	if (u->shut & UNIX_RCV_SHUT)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (!list_empty(&u->rxq) || !list_empty(&u->accq))
		mask |= POLLIN | POLLRDNORM;
	if (u->type != SOCK_DGRAM && u->state == UNIX_UNCONNECTED)
		mask |= POLLHUP;
	peer = u->peer;
	if (u->state != UNIX_LISTENING &&
	    (!peer || peer->dead || peer->rx_bytes * 4 <= u->sndbuf || (peer->shut & UNIX_RCV_SHUT)))
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	spin_unlock_irqrestore(&unix_lock, flags);
	return mask;
}

long unix_ioctl(struct socket *sk, unsigned int cmd, unsigned long arg)
{
	struct unix_sock *u = unix_of(sk);
	unsigned long flags;
	int n;

	if (cmd != FIONREAD && cmd != SIOCOUTQ)
		return -ENOTTY;
	spin_lock_irqsave(&unix_lock, flags);
	if (u->state == UNIX_LISTENING) {
		spin_unlock_irqrestore(&unix_lock, flags);
		return -EINVAL;
	}
	if (cmd == FIONREAD)
		n = (int)unix_inq(u);
	else
		n = u->peer ? (int)u->peer->rx_bytes : 0;
	spin_unlock_irqrestore(&unix_lock, flags);
	return copy_to_user((void *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}
