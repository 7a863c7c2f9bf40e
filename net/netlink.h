/*
 * What net/netlink.c (the AF_NETLINK sockets) and net/rtnetlink.c (the
 * NETLINK_ROUTE messages) share: the wire format as Linux defines it, the
 * socket, and how messages are packed into the datagrams a socket reads.
 * Everything here runs under net_lock.
 */
#ifndef NET_NETLINK_H
#define NET_NETLINK_H

#include <kernel/list.h>
#include <kernel/sched.h>
#include <kernel/types.h>

struct nlmsghdr {
	u32 len; /* header included */
	u16 type;
	u16 flags;
	u32 seq;
	u32 pid; /* the sender's port; 0 for the kernel */
};

struct rtattr {
	u16 len; /* header included */
	u16 type;
};

#define NLMSG_HDRLEN   16
#define NL_ALIGN(n)    (((n) + 3) & ~(size_t)3)
#define NLMSG_NOOP     1
#define NLMSG_ERROR    2
#define NLMSG_DONE     3
#define NLMSG_MIN_TYPE 0x10

#define NLM_F_REQUEST 0x1
#define NLM_F_MULTI   0x2
#define NLM_F_ACK     0x4
#define NLM_F_DUMP    0x300 /* NLM_F_ROOT | NLM_F_MATCH */
#define NLM_F_CAPPED  0x100 /* an ack without the request echoed */
#define NLM_F_REPLACE 0x100
#define NLM_F_EXCL    0x200
#define NLM_F_CREATE  0x400

/* The legacy multicast groups (nl_groups bits) rtnetlink sends events to. */
#define RTMGRP_LINK	   0x1
#define RTMGRP_IPV4_IFADDR 0x10
#define RTMGRP_IPV4_ROUTE  0x40

/* A datagram waiting on a socket; src and groups are what its reader's sockaddr_nl says. */
struct nl_dgram {
	struct list_head list;
	u32 src_portid;
	u32 groups;
	size_t len;
	u8 data[];
};

struct nl_sock {
	u32 portid;		    /* 0: not bound yet */
	u32 groups;		    /* subscribed multicast groups */
	u32 dst_portid, dst_groups; /* connect() */
	struct list_head rxq;
	size_t rxq_bytes;
	u32 sndbuf, rcvbuf; /* SO_SNDBUF, SO_RCVBUF: rcvbuf bounds the queue */
	bool overrun;	    /* datagrams were dropped: the next read says ENOBUFS */
	struct wait_queue wq;
	struct list_head list; /* every netlink socket */
};

/* Datagrams the kernel sends are filled up to this many bytes. */
#define NL_DGRAM_SIZE 4096

/* Messages being packed into datagrams for one socket (or for every member of a group). */
struct nl_out {
	struct nl_sock *to; /* NULL: the group's members */
	u32 group;
	struct nl_dgram *cur;
};

/* Appends one message of len bytes (NL_ALIGN'd) to out, starting a new datagram if it does not fit. */
void nl_out_msg(struct nl_out *out, const void *msg, size_t len);
/* Queues what out holds. */
void nl_out_flush(struct nl_out *out);

/* rtnetlink.c: the messages of one datagram sent to the kernel by from, answered on from. */
void rtnl_rcv(struct nl_sock *from, const u8 *data, size_t len);

#endif
