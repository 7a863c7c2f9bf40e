/*
 * What net/af_unix.c (names, connections, options, the life of a
 * socket) and net/unix_msg.c (the messages: queues, send, receive,
 * SCM_RIGHTS and SCM_CREDENTIALS) share.
 *
 * Locking: unix_lock (interrupts off) guards every field of every
 * unix_sock, the queues and the table of bound names. It is never held
 * across a copy from or to user memory, an allocation that may sleep or a
 * file_put() (which may release another socket and take it again): work
 * is prepared outside, linked or unlinked inside.
 */
#ifndef NET_AF_UNIX_H
#define NET_AF_UNIX_H

#include <kernel/list.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/types.h>

#include "net-internal.h"

#define UNIX_PATH_MAX 108
#define UNIX_ADDR_MIN 2 /* sun_family alone */

struct sockaddr_un {
	u16 family;
	char path[UNIX_PATH_MAX];
};

/* A socket's address as getsockname reports it; len 0: not bound. */
struct unix_name {
	size_t len;
	struct sockaddr_un sun;
};

struct ucred {
	s32 pid;
	u32 uid, gid;
};

/* Descriptors one message may carry, as Linux's SCM_MAX_FD. */
#define UNIX_MAX_FDS 253

/* One message (datagram, seqpacket) or one piece of a stream, queued on its reader. */
struct unix_skb {
	struct list_head list;
	size_t len; /* data bytes */
	size_t off; /* stream: bytes already read */
	struct unix_name from;
	struct ucred cred;
	unsigned int nfds;
	struct file **fds; /* in flight, one reference each; NULL when nfds is 0 */
	u8 data[];
};

enum unix_state { UNIX_UNCONNECTED,
		  UNIX_LISTENING,
		  UNIX_CONNECTED };

#define UNIX_RCV_SHUT  1 /* nothing more will be queued here (SHUT_RD, or the peer's SHUT_WR) */
#define UNIX_SEND_SHUT 2 /* this side sends no more */

struct unix_sock {
	int type;
	enum unix_state state;
	int refs; /* the file, a peer's pointer, a listener's queue */
	struct unix_name name;
	struct inode *inode; /* bound to a path: its socket inode, referenced */
	struct unix_sock *peer;
	struct list_head rxq;
	size_t rx_bytes; /* charged against the sender's sndbuf: data and overhead */
	/* A listener's connections not yet accepted: unix_socks by acc_link. */
	struct list_head accq;
	struct list_head acc_link;
	unsigned int backlog, nacc;
	struct wait_queue wq; /* readers, writers, acceptors and connectors */
	u8 shut;
	bool dead;	/* released: nothing is queued here any more */
	bool passcred;	/* SO_PASSCRED */
	bool recv_busy; /* a reader holds the head of rxq */
	int err;	/* SO_ERROR, reported once */
	struct ucred peercred;
	bool has_peercred;
	size_t sndbuf, rcvbuf;
	struct list_head bound; /* in the table while it has a name */
};

extern spinlock_t unix_lock;

/* Moves every entry of from to the end of to, leaving from empty. */
static inline void unix_list_move(struct list_head *from, struct list_head *to)
{
	while (!list_empty(from)) {
		struct list_head *e = from->next;

		list_del(e);
		list_add_tail(e, to);
	}
}

static inline struct unix_sock *unix_of(struct socket *sk)
{
	return sk->priv;
}

/* af_unix.c */
/* Drops a reference; the last frees the socket, with unix_lock not held. */
void unix_put(struct unix_sock *u);
struct unix_sock *unix_get(struct unix_sock *u);
/* The socket bound to the name in sun (alen bytes), referenced; an ERR_PTR as connect says it. */
struct unix_sock *unix_find(const struct sockaddr_un *sun, size_t alen, int type);
/* Binds u to an abstract name of five hex digits, as Linux does; unix_lock held. */
int unix_autobind_locked(struct unix_sock *u);
/* The caller's credentials as SO_PEERCRED and SCM_CREDENTIALS give them. */
void unix_current_cred(struct ucred *c);

/* unix_msg.c */
ssize_t unix_sendmsg(struct socket *sk, struct sock_msg *m, unsigned int msg_flags, bool nonblock);
ssize_t unix_recvmsg(struct socket *sk, struct sock_msg *m, unsigned int msg_flags, bool nonblock);
unsigned int unix_poll(struct socket *sk);
long unix_ioctl(struct socket *sk, unsigned int cmd, unsigned long arg);
/* Frees messages (their descriptors put); unix_lock not held. */
void unix_skbs_free(struct list_head *list);
/* The data bytes u may still read. */
size_t unix_inq(const struct unix_sock *u);

#endif
