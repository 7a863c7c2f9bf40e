/*
 * AF_UNIX sockets: SOCK_STREAM, SOCK_DGRAM and SOCK_SEQPACKET between
 * processes of this machine. This file holds their names (a path, where
 * bind makes an S_IFSOCK inode that outlives the socket until unlinked,
 * or an abstract name, sun_path[0] == 0, that lives as long as the
 * socket), connections (listen, connect, accept, socketpair), shutdown,
 * the options and the end of a socket; net/unix_msg.c moves the data.
 *
 * A connect to a listener makes the server's end at once and queues it
 * on the listener, as Linux does: the client may send before accept. The
 * peers point at each other, each pointer holding a reference.
 */
#define pr_fmt(fmt) "unix: " fmt

#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>

#include "af_unix.h"

#define SOMAXCONN	4096
#define UNIX_BUF_DEF	212992 /* SO_SNDBUF and SO_RCVBUF at first, as Linux's wmem_default */
#define UNIX_BUF_MAX	212992 /* what a process may ask for (wmem_max), doubled as Linux does */
#define UNIX_SNDBUF_MIN 4608
#define UNIX_RCVBUF_MIN 2304

spinlock_t unix_lock = SPINLOCK_INIT;

/* Every socket with a name; abstract names are compared whole, paths by inode. */
static LIST_HEAD(unix_bound);
static u32 autobind_next; /* the next five-hex-digit name to try */

static const struct sock_ops unix_ops;

static struct unix_sock *unix_alloc(int type)
{
	struct unix_sock *u = kzalloc(sizeof(*u));

	if (!u)
		return NULL;
	u->type = type;
	u->refs = 1;
	list_init(&u->rxq);
	list_init(&u->accq);
	list_init(&u->acc_link);
	list_init(&u->bound);
	wait_queue_init(&u->wq);
	u->sndbuf = UNIX_BUF_DEF;
	u->rcvbuf = UNIX_BUF_DEF;
	return u;
}

struct unix_sock *unix_get(struct unix_sock *u)
{
	unsigned long flags;

	spin_lock_irqsave(&unix_lock, flags);
	u->refs++;
	spin_unlock_irqrestore(&unix_lock, flags);
	return u;
}

void unix_put(struct unix_sock *u)
{
	unsigned long flags;
	LIST_HEAD(dead);
	int left;

	if (!u)
		return;
	spin_lock_irqsave(&unix_lock, flags);
	left = --u->refs;
	if (!left)
		unix_list_move(&u->rxq, &dead);
	spin_unlock_irqrestore(&unix_lock, flags);
	if (left)
		return;
	unix_skbs_free(&dead);
	kfree(u);
}

void unix_current_cred(struct ucred *c)
{
	struct process *p = current_proc();

	c->pid = p ? p->pid : 0;
	c->uid = p ? p->cred.euid : 0;
	c->gid = p ? p->cred.egid : 0;
}

static void sk_init(struct socket *sk, struct unix_sock *u)
{
	sk->ops = &unix_ops;
	sk->priv = u;
	sk->family = AF_UNIX;
	sk->type = u->type;
}

int unix_create(struct socket *sk, int type, int protocol)
{
	struct unix_sock *u;

	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	if (type == SOCK_RAW)
		type = SOCK_DGRAM; /* as Linux takes it */
	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	u = unix_alloc(type);
	if (!u)
		return -ENOMEM;
	sk_init(sk, u);
	return 0;
}

int unix_socketpair(struct socket *a, struct socket *b, int type, int protocol)
{
	struct unix_sock *ua, *ub;
	int err;

	err = unix_create(a, type, protocol);
	if (err)
		return err;
	ua = unix_of(a);
	ub = unix_alloc(ua->type);
	if (!ub) {
		unix_put(ua);
		return -ENOMEM;
	}
	sk_init(b, ub);
	/* Each holds the other; both carry the creator's credentials. */
	ua->peer = ub;
	ub->peer = ua;
	ua->refs++;
	ub->refs++;
	ua->state = ub->state = UNIX_CONNECTED;
	unix_current_cred(&ua->peercred);
	ub->peercred = ua->peercred;
	ua->has_peercred = ub->has_peercred = true;
	return 0;
}

/* An abstract name already taken by a socket of the type; unix_lock held. */
static struct unix_sock *find_abstract(const struct sockaddr_un *sun, size_t alen, int type)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_bound, bound)
		if (!u->inode && u->type == type && u->name.len == alen &&
		    !memcmp(&u->name.sun, sun, alen))
			return u;
	return NULL;
}

static void set_name(struct unix_sock *u, const struct sockaddr_un *sun, size_t alen)
{
	memset(&u->name.sun, 0, sizeof(u->name.sun));
	memcpy(&u->name.sun, sun, alen);
	u->name.sun.family = AF_UNIX;
	u->name.len = alen;
	list_add_tail(&u->bound, &unix_bound);
}

int unix_autobind_locked(struct unix_sock *u)
{
	struct sockaddr_un sun = { AF_UNIX, { 0 } };
	static const char hex[] = "0123456789abcdef";

	if (u->name.len)
		return 0;
	for (u32 tries = 0; tries <= 0xfffff; tries++) {
		u32 n = autobind_next++ & 0xfffff;

		for (int i = 0; i < 5; i++)
			sun.path[1 + i] = hex[(n >> (4 * (4 - i))) & 0xf];
		if (!find_abstract(&sun, UNIX_ADDR_MIN + 6, u->type)) {
			set_name(u, &sun, UNIX_ADDR_MIN + 6);
			return 0;
		}
	}
	return -ENOSPC;
}

/* The address checks bind and connect share, as Linux makes them. */
static int check_addr(const struct sockaddr_un *sun, size_t alen)
{
	if (alen <= UNIX_ADDR_MIN || alen > sizeof(*sun) || sun->family != AF_UNIX)
		return -EINVAL;
	return 0;
}

/* A path name NUL-terminated into buf (UNIX_PATH_MAX + 1), and its getsockname length. */
static size_t path_of(const struct sockaddr_un *sun, size_t alen, char *buf)
{
	size_t n = alen - UNIX_ADDR_MIN;

	memcpy(buf, sun->path, n);
	buf[n] = 0;
	return UNIX_ADDR_MIN + strlen(buf) + 1;
}

static int unix_bind(struct socket *sk, const void *addr, size_t alen)
{
	struct unix_sock *u = unix_of(sk);
	const struct sockaddr_un *sun = addr;
	char path[UNIX_PATH_MAX + 1];
	struct inode *ino = NULL;
	struct sockaddr_un named;
	unsigned long flags;
	size_t len;
	int err;

	if (alen == UNIX_ADDR_MIN && sun->family == AF_UNIX) {
		spin_lock_irqsave(&unix_lock, flags);
		err = unix_autobind_locked(u);
		spin_unlock_irqrestore(&unix_lock, flags);
		return err;
	}
	err = check_addr(sun, alen);
	if (err)
		return err;
	if (u->name.len)
		return -EINVAL;
	if (sun->path[0]) {
		struct process *p = current_proc();
		u32 mode = S_IFSOCK | (0777 & ~(p ? p->umask : 0));

		len = path_of(sun, alen, path);
		if (!path[0])
			return -ENOENT;
		err = vfs_mknod(NULL, path, mode, 0, &ino);
		if (err)
			return err == -EEXIST ? -EADDRINUSE : err;
		memset(&named, 0, sizeof(named));
		named.family = AF_UNIX;
		memcpy(named.path, path, len - UNIX_ADDR_MIN);
		sun = &named;
		alen = len;
	}
	spin_lock_irqsave(&unix_lock, flags);
	err = -EINVAL;
	if (u->name.len)
		goto out;
	err = -EADDRINUSE;
	if (!ino && find_abstract(sun, alen, u->type))
		goto out;
	u->inode = ino;
	ino = NULL;
	set_name(u, sun, alen);
	err = 0;
out:
	spin_unlock_irqrestore(&unix_lock, flags);
	if (ino)
		inode_put(ino);
	return err;
}

struct unix_sock *unix_find(const struct sockaddr_un *sun, size_t alen, int type)
{
	struct unix_sock *u, *found = NULL;
	char path[UNIX_PATH_MAX + 1];
	struct inode *ino = NULL;
	unsigned long flags;
	int err;

	err = check_addr(sun, alen);
	if (err)
		return ERR_PTR(err);
	if (sun->path[0]) {
		path_of(sun, alen, path);
		ino = path_lookup(path, true);
		if (IS_ERR(ino))
			return (void *)ino;
		err = -ECONNREFUSED;
		if ((ino->mode & S_IFMT) != S_IFSOCK)
			goto out;
		err = inode_permission(ino, MAY_WRITE);
		if (err)
			goto out;
	}
	spin_lock_irqsave(&unix_lock, flags);
	if (ino) {
		list_for_each_entry(u, &unix_bound, bound)
			if (u->inode == ino) {
				found = u;
				break;
			}
	} else {
		found = find_abstract(sun, alen, type);
	}
	err = -ECONNREFUSED;
	if (found && found->type != type)
		err = -EPROTOTYPE;
	else if (found && !found->dead) {
		found->refs++;
		err = 0;
	}
	spin_unlock_irqrestore(&unix_lock, flags);
out:
	if (ino)
		inode_put(ino);
	return err ? ERR_PTR(err) : found;
}

/* Datagram connect: the default destination, and the only sender this socket accepts. */
static int dgram_connect(struct unix_sock *u, const struct sockaddr_un *sun, size_t alen)
{
	struct unix_sock *other = NULL, *old;
	unsigned long flags;
	int err = 0;

	if (alen >= sizeof(sun->family) && sun->family == AF_UNSPEC) {
		spin_lock_irqsave(&unix_lock, flags);
		old = u->peer;
		u->peer = NULL;
		u->state = UNIX_UNCONNECTED;
		spin_unlock_irqrestore(&unix_lock, flags);
		unix_put(old);
		return 0;
	}
	other = unix_find(sun, alen, u->type);
	if (IS_ERR(other))
		return (int)PTR_ERR(other);
	spin_lock_irqsave(&unix_lock, flags);
	old = u->peer;
	if (other->dead) {
		err = -ECONNREFUSED;
	} else if (other->peer && other->peer != u && other != u) {
		err = -EPERM; /* it is connected to another and takes no one else */
	} else {
		if (u->passcred)
			unix_autobind_locked(u);
		u->peer = other;
		u->state = UNIX_CONNECTED;
		other = old;
	}
	spin_unlock_irqrestore(&unix_lock, flags);
	unix_put(other);
	return err;
}

static bool backlog_room(struct unix_sock *l)
{
	return l->dead || l->state != UNIX_LISTENING || l->nacc <= l->backlog;
}

/* Stream and seqpacket connect: the server's end made and queued on the listener. */
static int stream_connect(struct unix_sock *u, const struct sockaddr_un *sun, size_t alen,
			  bool nonblock)
{
	struct unix_sock *other, *srv;
	unsigned long flags;
	int err;

	if (u->state == UNIX_LISTENING)
		return -EINVAL;
	if (u->state == UNIX_CONNECTED)
		return -EISCONN;
	other = unix_find(sun, alen, u->type);
	if (IS_ERR(other))
		return (int)PTR_ERR(other);
	srv = unix_alloc(u->type);
	err = -ENOMEM;
	if (!srv)
		goto out;
	for (;;) {
		spin_lock_irqsave(&unix_lock, flags);
		err = -ECONNREFUSED;
		if (other->dead || other->state != UNIX_LISTENING)
			break;
		err = -EISCONN;
		if (u->state != UNIX_UNCONNECTED)
			break;
		if (other->nacc <= other->backlog) {
			err = 0;
			break;
		}
		spin_unlock_irqrestore(&unix_lock, flags);
		if (nonblock) {
			err = -EAGAIN;
			goto out;
		}
		if (wait_event_interruptible(&other->wq, backlog_room(other))) {
			err = -ERESTARTSYS;
			goto out;
		}
	}
	if (!err) {
		if (u->passcred)
			unix_autobind_locked(u);
		srv->state = u->state = UNIX_CONNECTED;
		srv->peer = u;
		u->refs++;
		u->peer = srv;
		srv->refs++; /* one for u->peer, the first for the listener's queue */
		srv->name = other->name;
		srv->passcred = other->passcred;
		srv->sndbuf = other->sndbuf;
		srv->rcvbuf = other->rcvbuf;
		unix_current_cred(&srv->peercred);
		u->peercred = other->peercred; /* the listener's, from listen() */
		srv->has_peercred = u->has_peercred = true;
		list_add_tail(&srv->acc_link, &other->accq);
		other->nacc++;
		srv = NULL;
	}
	spin_unlock_irqrestore(&unix_lock, flags);
	if (!err) {
		wake_up_all(&other->wq);
		fs_poll_wake();
	}
out:
	unix_put(srv);
	unix_put(other);
	return err;
}

static int unix_connect(struct socket *sk, const void *addr, size_t alen, bool nonblock)
{
	struct unix_sock *u = unix_of(sk);

	if (alen < sizeof(u16))
		return -EINVAL;
	if (u->type == SOCK_DGRAM)
		return dgram_connect(u, addr, alen);
	return stream_connect(u, addr, alen, nonblock);
}

static int unix_listen(struct socket *sk, int backlog)
{
	struct unix_sock *u = unix_of(sk);
	unsigned long flags;
	int err = 0;

	if (u->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	if ((unsigned int)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	spin_lock_irqsave(&unix_lock, flags);
	if (!u->name.len || u->state == UNIX_CONNECTED) {
		err = -EINVAL;
	} else {
		u->backlog = (unsigned int)backlog;
		u->state = UNIX_LISTENING;
		unix_current_cred(&u->peercred);
		u->has_peercred = true;
	}
	spin_unlock_irqrestore(&unix_lock, flags);
	wake_up_all(&u->wq); /* a larger backlog lets connectors in */
	return err;
}

static int unix_accept(struct socket *sk, struct socket *newsk, bool nonblock)
{
	struct unix_sock *u = unix_of(sk), *srv = NULL;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&unix_lock, flags);
		if (u->state != UNIX_LISTENING) {
			spin_unlock_irqrestore(&unix_lock, flags);
			return -EINVAL;
		}
		if (!list_empty(&u->accq)) {
			srv = list_first_entry(&u->accq, struct unix_sock, acc_link);
			list_del(&srv->acc_link);
			u->nacc--;
		}
		spin_unlock_irqrestore(&unix_lock, flags);
		if (srv)
			break;
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(&u->wq,
					     !list_empty(&u->accq) || u->state != UNIX_LISTENING))
			return -ERESTARTSYS;
	}
	wake_up_all(&u->wq); /* room in the backlog */
	fs_poll_wake();
	sk_init(newsk, srv);
	return 0;
}

static int unix_getname(struct socket *sk, void *addr, size_t *alen, bool peer)
{
	struct unix_sock *u = unix_of(sk), *who = u;
	struct sockaddr_un *sun = addr;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&unix_lock, flags);
	if (peer) {
		who = u->state == UNIX_CONNECTED ? u->peer : NULL;
		if (!who)
			err = -ENOTCONN;
	}
	if (!err && who->name.len) {
		memcpy(sun, &who->name.sun, who->name.len);
		*alen = who->name.len;
	} else if (!err) {
		sun->family = AF_UNIX;
		*alen = UNIX_ADDR_MIN;
	}
	spin_unlock_irqrestore(&unix_lock, flags);
	return err;
}

static int unix_shutdown(struct socket *sk, int how)
{
	struct unix_sock *u = unix_of(sk), *peer;
	unsigned long flags;
	u8 mask, pmask;

	if (how < 0 || how > 2)
		return -EINVAL;
	mask = (u8)(how + 1); /* SHUT_RD 1, SHUT_WR 2, SHUT_RDWR 3 */
	pmask = (u8)(((mask & UNIX_RCV_SHUT) ? UNIX_SEND_SHUT : 0) |
		     ((mask & UNIX_SEND_SHUT) ? UNIX_RCV_SHUT : 0));
	spin_lock_irqsave(&unix_lock, flags);
	u->shut |= mask;
	peer = u->peer;
	if (peer && u->type != SOCK_DGRAM)
		peer->shut |= pmask;
	else
		peer = NULL;
	spin_unlock_irqrestore(&unix_lock, flags);
	wake_up_all(&u->wq);
	if (peer)
		wake_up_all(&peer->wq);
	fs_poll_wake();
	return 0;
}

static int unix_getsockopt(struct socket *sk, int name, void *val, size_t *len)
{
	struct unix_sock *u = unix_of(sk);
	unsigned long flags;
	struct ucred cred;
	int v;

	spin_lock_irqsave(&unix_lock, flags);
	switch (name) {
	case SO_TYPE:
		v = u->type;
		break;
	case SO_ERROR:
		v = u->err;
		u->err = 0;
		break;
	case SO_SNDBUF:
		v = (int)u->sndbuf;
		break;
	case SO_RCVBUF:
		v = (int)u->rcvbuf;
		break;
	case SO_PASSCRED:
		v = u->passcred;
		break;
	case SO_ACCEPTCONN:
		v = u->state == UNIX_LISTENING;
		break;
	case SO_DOMAIN:
		v = AF_UNIX;
		break;
	case SO_PROTOCOL:
	case SO_REUSEADDR:
	case SO_KEEPALIVE:
		v = 0;
		break;
	case SO_PEERCRED:
		/* Nobody's when there is no peer, as Linux says it. */
		cred = (struct ucred){ 0, INVALID_ID, INVALID_ID };
		if (u->has_peercred)
			cred = u->peercred;
		spin_unlock_irqrestore(&unix_lock, flags);
		*len = MIN(*len, sizeof(cred));
		memcpy(val, &cred, *len);
		return 0;
	default:
		spin_unlock_irqrestore(&unix_lock, flags);
		return -ENOPROTOOPT;
	}
	spin_unlock_irqrestore(&unix_lock, flags);
	*len = MIN(*len, sizeof(v));
	memcpy(val, &v, *len);
	return 0;
}

static int unix_setsockopt(struct socket *sk, int name, const void *val, size_t len)
{
	struct unix_sock *u = unix_of(sk);
	unsigned long flags;
	int v;

	if (len < sizeof(v))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	spin_lock_irqsave(&unix_lock, flags);
	switch (name) {
	case SO_SNDBUF:
	case SO_RCVBUF: {
		/* Doubled for the overhead, as Linux does, within its bounds. */
		size_t want = (size_t)MIN((unsigned int)v, UNIX_BUF_MAX) * 2;

		if (name == SO_SNDBUF)
			u->sndbuf = MAX(want, (size_t)UNIX_SNDBUF_MIN);
		else
			u->rcvbuf = MAX(want, (size_t)UNIX_RCVBUF_MIN);
		break;
	}
	case SO_PASSCRED:
		u->passcred = v != 0;
		break;
	case SO_REUSEADDR:
	case SO_KEEPALIVE:
		break;
	default:
		spin_unlock_irqrestore(&unix_lock, flags);
		return -ENOPROTOOPT;
	}
	spin_unlock_irqrestore(&unix_lock, flags);
	wake_up_all(&u->wq);
	fs_poll_wake();
	return 0;
}

/*
 * The end of a socket: its peer sees end of file (and ECONNRESET when
 * data it sent was never read), its queued messages and the descriptors
 * they carry are released, connections a listener never accepted are
 * ended as if each had been accepted and closed.
 */
static void unix_release_sock(struct unix_sock *u, bool unaccepted)
{
	struct unix_sock *peer, *srv, *tmp;
	struct inode *ino;
	unsigned long flags;
	LIST_HEAD(msgs);
	LIST_HEAD(pending);

	spin_lock_irqsave(&unix_lock, flags);
	u->dead = true;
	u->shut = UNIX_RCV_SHUT | UNIX_SEND_SHUT;
	list_del(&u->bound);
	peer = u->peer;
	u->peer = NULL;
	if (peer && u->type != SOCK_DGRAM) {
		peer->shut = UNIX_RCV_SHUT | UNIX_SEND_SHUT;
		if (!list_empty(&u->rxq) || unaccepted)
			peer->err = ECONNRESET;
	}
	unix_list_move(&u->rxq, &msgs);
	u->rx_bytes = 0;
	unix_list_move(&u->accq, &pending);
	u->nacc = 0;
	if (u->state == UNIX_LISTENING)
		u->state = UNIX_UNCONNECTED;
	ino = u->inode;
	u->inode = NULL;
	spin_unlock_irqrestore(&unix_lock, flags);

	wake_up_all(&u->wq);
	if (peer)
		wake_up_all(&peer->wq);
	fs_poll_wake();
	unix_skbs_free(&msgs);
	list_for_each_entry_safe(srv, tmp, &pending, acc_link) {
		list_del(&srv->acc_link);
		unix_release_sock(srv, true);
	}
	unix_put(peer);
	if (ino)
		inode_put(ino);
	unix_put(u);
}

static void unix_release(struct socket *sk)
{
	unix_release_sock(unix_of(sk), false);
}

static const struct sock_ops unix_ops = {
	.bind = unix_bind,
	.connect = unix_connect,
	.getname = unix_getname,
	.poll = unix_poll,
	.release = unix_release,
	.max_send = 0x7ffff000UL,
	.max_recv = 0x7ffff000UL,
	.sendmsg = unix_sendmsg,
	.recvmsg = unix_recvmsg,
	.listen = unix_listen,
	.accept = unix_accept,
	.shutdown = unix_shutdown,
	.getsockopt = unix_getsockopt,
	.setsockopt = unix_setsockopt,
	.ioctl = unix_ioctl,
};
