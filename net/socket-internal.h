/*
 * Private to the socket system calls: net/socket.c (creating, naming,
 * connecting, options) and net/socket_msg.c (sending and receiving).
 */
#ifndef NET_SOCKET_INTERNAL_H
#define NET_SOCKET_INTERNAL_H

#include <kernel/fs.h>

#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK  O_NONBLOCK
#define SOCK_CLOEXEC   O_CLOEXEC

#define SOL_SOCKET 1

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

/* The socket behind fd, with a reference the caller puts; or an ERR_PTR. */
struct file *sock_fget(unsigned long fd);

static inline struct socket *sock_of(struct file *f)
{
	return f->priv;
}

/* A user address into addr (SOCKADDR_STORAGE bytes): -EINVAL for a length out of range. */
int get_addr(unsigned long uaddr, unsigned long len, void *addr);
/* Writes an address of full bytes to a user buffer whose room is *ulen, as Linux does (cut if small). */
int put_addr(unsigned long uaddr, unsigned long ulen, const void *addr, size_t full);

#endif
