/*
 * What the files of net/ share: the wire formats (all multi-byte fields
 * big-endian on the wire, held here in network order and converted with
 * ntohs/htonl at use), the one interface's configuration, the counters,
 * and each layer's entry points.
 *
 * Locking: the stack runs under net_lock (interrupts off on our one
 * CPU). net_rx() takes it for a whole frame, the socket calls for each
 * queue or port-table change and each send; the driver's xmit is called
 * with it held and must not call back into the stack.
 */
#ifndef NET_NET_INTERNAL_H
#define NET_NET_INTERNAL_H

#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/net.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/types.h>

static inline u16 htons(u16 v) { return __builtin_bswap16(v); }
static inline u16 ntohs(u16 v) { return __builtin_bswap16(v); }
static inline u32 htonl(u32 v) { return __builtin_bswap32(v); }
static inline u32 ntohl(u32 v) { return __builtin_bswap32(v); }

/* Socket options of level SOL_SOCKET the families know (Linux's numbers). */
#define SO_REUSEADDR   2
#define SO_TYPE	       3
#define SO_ERROR       4
#define SO_SNDBUF      7
#define SO_RCVBUF      8
#define SO_KEEPALIVE   9
#define SO_PASSCRED    16
#define SO_PEERCRED    17
#define SO_ACCEPTCONN  30
#define SO_SNDBUFFORCE 32
#define SO_RCVBUFFORCE 33
#define SO_PROTOCOL    38
#define SO_DOMAIN      39

#define ETH_P_IP  0x0800
#define ETH_P_ARP 0x0806

struct eth_hdr {
	u8 dst[ETH_ALEN];
	u8 src[ETH_ALEN];
	u16 type;
} __packed;

struct arp_pkt {
	u16 htype;     /* 1: Ethernet */
	u16 ptype;     /* ETH_P_IP */
	u8 hlen, plen; /* 6, 4 */
	u16 op;	       /* 1 request, 2 reply */
	u8 sha[ETH_ALEN];
	u32 spa;
	u8 tha[ETH_ALEN];
	u32 tpa;
} __packed;

#define IPPROTO_ICMP 1
#define IPPROTO_UDP  17
#define IP_DF	     0x4000
#define IP_MF	     0x2000
#define IP_OFFMASK   0x1fff

struct ip_hdr {
	u8 ver_ihl; /* 4 << 4 | header length in 32-bit words */
	u8 tos;
	u16 len; /* header and payload */
	u16 id;
	u16 frag; /* flags and fragment offset */
	u8 ttl;
	u8 proto;
	u16 csum;
	u32 src, dst;
} __packed;

struct icmp_hdr {
	u8 type, code;
	u16 csum;
	u16 id, seq; /* echo request and reply */
} __packed;

#define ICMP_ECHO_REPLY	  0
#define ICMP_ECHO_REQUEST 8

struct udp_hdr {
	u16 sport, dport;
	u16 len; /* header and payload */
	u16 csum;
} __packed;

/* Where each layer's header starts in a frame we build. */
#define IP_OFF	     ETH_HLEN
#define L4_OFF	     (ETH_HLEN + sizeof(struct ip_hdr))
#define UDP_DATA_OFF (L4_OFF + sizeof(struct udp_hdr))
#define UDP_DATA_MAX (ETH_MTU - sizeof(struct ip_hdr) - sizeof(struct udp_hdr))

/*
 * The interfaces: each a device and its IPv4 address (network order; 0:
 * none). lo is always there (net/loopback.c); the devices come and go. A
 * datagram goes out of the interface whose subnet holds its destination,
 * or through a gateway of the routing table (net/route.c); one addressed
 * to any of our addresses (or anywhere in 127/8) is ours, whichever
 * interface brought it, and never leaves: it is delivered through lo.
 */
#define NET_IFS_MAX 5 /* lo and four devices */
struct net_if {
	struct netdev *dev; /* NULL: a free slot */
	u32 addr;
	u32 mask;
	bool from_option; /* the address is the ip= option's (eth0) */
	int index;	  /* Linux's ifindex */
	bool up;	  /* IFF_UP: the stack uses it */
	unsigned int mtu; /* largest IP datagram it sends */
	struct netif_stats st;
};
extern struct net_if net_ifs[NET_IFS_MAX];
extern spinlock_t net_lock;
/* The interface to reach dst on, and the address to send the frame to there (dst, or a gateway); NULL: none. */
struct net_if *net_route(u32 dst, u32 *next_hop);
/* The up interface that has addr, or NULL. */
struct net_if *net_if_by_addr(u32 addr);
/* Whether a datagram to addr is ours: one of our addresses, or 127/8 while lo is up. */
bool net_is_local(u32 addr);
/* The loopback interface, when it is up (local traffic is counted on it). */
struct net_if *net_loopback(void);
/* The ip= option, if one was given: eth0's address. */
bool ip_option_address(u32 *addr, u32 *mask);

/* net/netif.c: the interfaces as user space changes them; net_lock held. */
struct net_if *net_if_by_index(int index);
struct net_if *net_if_by_name(const char *name, size_t len);
unsigned int net_if_flags(const struct net_if *ifc);
void net_if_info(const struct net_if *ifc, struct netif_info *out);
/* IFF_UP on or off: down, the stack neither sends nor receives on it. */
void net_if_set_up(struct net_if *ifc, bool up);
/* 68 to ETH_MTU; -EINVAL otherwise. */
int net_if_set_mtu(struct net_if *ifc, unsigned int mtu);
/* A new address and mask (addr 0: none); -EEXIST if the subnet overlaps another interface's. */
int net_if_set_address(struct net_if *ifc, u32 addr, u32 mask);
/* Whether mask is contiguous ones from the top (a prefix), and how long. */
int net_mask_prefix(u32 mask);
static inline u32 net_prefix_mask(int prefix)
{
	return prefix ? __builtin_bswap32(~0U << (32 - prefix)) : 0;
}

/* net/route.c: the routes the stack holds besides each interface's own subnet; net_lock held. */
#define NET_ROUTES_MAX 8
struct net_rt {
	u32 dst, mask, gw; /* network order; gw 0: on-link through ifindex */
	int ifindex;
	u8 protocol; /* who added it (RTPROT_*), shown back */
	bool used;
};
extern struct net_rt net_routes[NET_ROUTES_MAX];
/* Adds a route; -EEXIST (the same destination), -ENETUNREACH (gw not on a subnet of ours), -ENOSPC (table full), -ENODEV. */
int net_route_add(u32 dst, u32 mask, u32 gw, int ifindex, u8 protocol, bool replace);
/* Removes the route to dst/mask (gw and ifindex must match when not 0); -ESRCH if there is none. */
int net_route_del(u32 dst, u32 mask, u32 gw, int ifindex);
/* Forgets the routes through an interface that goes, or whose address changes. */
void net_routes_flush(int ifindex);
/* A route as rtnetlink and /proc/net/route list them: connected ones first, then the table's. */
struct net_route_info {
	u32 dst, mask, gw, src; /* src: the interface's address, for a connected route */
	int ifindex;
	u8 protocol;
	bool connected;
	bool local; /* to one of our own addresses (a lookup's answer only) */
};
/* The route at position pos of that list: 0, or -ENOENT past its end. */
int net_route_get(int pos, struct net_route_info *out);

/* Counters of what the stack dropped, answered and sent. */
struct net_stats {
	unsigned long rx_frames, rx_bytes, tx_frames, tx_bytes, tx_dropped;
	unsigned long rx_runt, rx_other_type, rx_not_ours;
	unsigned long arp_rx, arp_replies, arp_requests, arp_queued, arp_queue_dropped;
	unsigned long ip_rx, ip_bad_header, ip_bad_csum, ip_frag_dropped, ip_not_ours;
	unsigned long ip_bad_proto, ip_no_route;
	unsigned long icmp_rx, icmp_bad, icmp_echo_replies, icmp_other;
	unsigned long udp_rx, udp_bad, udp_bad_csum, udp_no_port, udp_queue_full, udp_tx;
};
extern struct net_stats net_stats;

/* The Internet checksum: the folded, complemented one's-complement sum. */
u32 csum_add(u32 sum, const void *data, size_t len);
u16 csum_fold(u32 sum);

/* Each layer's receive side; p points at the layer's header, len bytes follow. */
void arp_rx(struct net_if *ifc, const u8 *p, size_t len);
void ip_rx(const u8 *p, size_t len, bool csum_ok);
void icmp_rx(const struct ip_hdr *ip, const u8 *p, size_t len);
void udp_rx(const struct ip_hdr *ip, const u8 *p, size_t len, bool csum_ok);

/*
 * Send sides. A frame is built in one ETH_FRAME_MAX buffer from the
 * payload outwards; each layer fills its header and hands the whole
 * frame down. 0 or -errno.
 */
int ip_send(u8 *frame, u32 dst, u8 proto, size_t l4_len);
/* The source address for a datagram to dst: ours on its route, or dst itself if it is ours; 0: none. */
u32 ip_source_for(u32 dst);
/* Fills the Ethernet header for next_hop (ARP: now, or queued) and sends on ifc. */
int eth_send_ip(struct net_if *ifc, u8 *frame, size_t len, u32 next_hop);
/* Whether addr/mask overlaps another interface's subnet than self's. */
bool net_if_overlaps(const struct net_if *self, u32 addr, u32 mask);
int eth_xmit(struct net_if *ifc, u8 *frame, size_t len, const u8 *dst_mac, u16 type);
/* The frame buffer of the send path (net_lock held). */
u8 *net_tx_frame(void);
/* Counts netdev_tx_done() calls: read before a send that may find the ring full. */
u32 net_tx_gen(void);
/* Sleeps until net_tx_gen() is no longer gen: 0, -EINTR (a signal) or -ETIMEDOUT. */
int net_tx_wait(u32 gen, u64 deadline_ns);

/* ARP's cache (one for all interfaces: their subnets do not overlap). */
bool arp_lookup(u32 ip, u8 *mac);
/* Keeps one frame for ip until its reply comes, and asks on ifc. */
int arp_queue(struct net_if *ifc, u32 ip, const u8 *frame, size_t len);
/* Forgets what was learned on ifc (it goes). */
void arp_flush(struct net_if *ifc);

/* One received datagram, queued on its socket. */
struct udp_dgram {
	struct list_head list;
	u32 src;   /* network order */
	u16 sport; /* host order */
	u16 len;
	u8 data[];
};

/* A UDP socket's protocol side; ports are in host order, addresses in network order. */
struct udp_sock {
	u32 laddr; /* bound address (0: any) */
	u16 lport; /* 0: not bound */
	u32 raddr; /* connected peer (0: none) */
	u16 rport;
	struct list_head rxq; /* struct udp_dgram, oldest first */
	unsigned int rxq_len;
	struct wait_queue wq;  /* readers wait here */
	struct list_head list; /* bound sockets */
};

#define UDP_RXQ_MAX 64 /* datagrams a socket holds before dropping */

/* UDP for the sockets (net/udp.c); net_lock held for all of these. */
void udp_sock_init(struct udp_sock *s);
/* Binds to addr:port (port 0: an ephemeral one). 0, -EADDRINUSE, -EADDRNOTAVAIL. */
int udp_bind(struct udp_sock *s, u32 addr, u16 port);
/* Unbinds and frees what is queued. */
void udp_release(struct udp_sock *s);
/* Sends from s (bound first if it is not) to dst:dport. 0 or -errno. */
int udp_send(struct udp_sock *s, u32 dst, u16 dport, const void *data, size_t len);

/* ---------------------------------------------------------------- sockets */

#define AF_UNSPEC  0
#define AF_UNIX	   1
#define AF_INET	   2
#define AF_NETLINK 16

#define SOCK_STREAM    1
#define SOCK_DGRAM     2
#define SOCK_RAW       3
#define SOCK_SEQPACKET 5

#define MSG_PEEK	 0x2
#define MSG_TRUNC	 0x20
#define MSG_DONTWAIT	 0x40
#define MSG_CTRUNC	 0x8
#define MSG_WAITALL	 0x100
#define MSG_NOSIGNAL	 0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

struct iovec {
	void *base;
	size_t len;
};

/*
 * One message as sendmsg and recvmsg carry it, for a family that takes
 * it whole (AF_UNIX): its buffers, user ranges already checked or kernel
 * memory (read and write), so copy_checked() moves the bytes either way.
 */
struct sock_msg {
	const struct iovec *iov;
	size_t niov;
	size_t len; /* the iovecs' total */
	/* send: the destination (NULL: the peer); recv: the sender, filled in */
	void *addr;
	size_t alen;
	/* send: the ancillary data, copied in; recv: the user's buffer and its room, then what was written */
	void *control;
	size_t controllen;
	unsigned int flags; /* recv: MSG_TRUNC and MSG_CTRUNC for msg_flags */
};

/*
 * A socket's family (net/socket.c calls these; net/inet_sock.c and
 * net/netlink.c implement them). Addresses are the caller's, copied into
 * kernel memory, with their length unchecked; a datagram is one whole
 * buffer in kernel memory.
 */
struct socket;
struct sock_ops {
	int (*bind)(struct socket *sk, const void *addr, size_t len);
	int (*connect)(struct socket *sk, const void *addr, size_t len, bool nonblock);
	/* One datagram of n bytes to addr (NULL: the connected peer): n, or -errno. */
	ssize_t (*send)(struct socket *sk, const void *buf, size_t n, const void *addr,
			size_t alen, bool nonblock);
	/*
	 * The next datagram, cut to n bytes (MSG_PEEK leaves it queued): the
	 * bytes copied, its whole length in *full, its sender in addr (if not
	 * NULL) and *alen.
	 */
	ssize_t (*recv)(struct socket *sk, void *buf, size_t n, unsigned int msg_flags,
			bool nonblock, size_t *full, void *addr, size_t *alen);
	/* The socket's own address (peer false) or its peer's, into addr and *alen. */
	int (*getname)(struct socket *sk, void *addr, size_t *alen, bool peer);
	unsigned int (*poll)(struct socket *sk);
	void (*release)(struct socket *sk);
	size_t max_send, max_recv; /* the largest datagram each way */
	/*
	 * Optional, the calls of connection-oriented families (AF_UNIX); NULL
	 * gives Linux's errno for a family without them. sendmsg and recvmsg,
	 * when set, replace send and recv for every path (read, write too).
	 */
	ssize_t (*sendmsg)(struct socket *sk, struct sock_msg *m, unsigned int msg_flags,
			   bool nonblock);
	ssize_t (*recvmsg)(struct socket *sk, struct sock_msg *m, unsigned int msg_flags,
			   bool nonblock);
	int (*listen)(struct socket *sk, int backlog);
	/* Fills newsk (zeroed, not yet a file) with the next connection. */
	int (*accept)(struct socket *sk, struct socket *newsk, bool nonblock);
	int (*shutdown)(struct socket *sk, int how);
	/* Options of level SOL_SOCKET; *len is the room in val, then the length. */
	int (*getsockopt)(struct socket *sk, int name, void *val, size_t *len);
	int (*setsockopt)(struct socket *sk, int name, const void *val, size_t len);
	long (*ioctl)(struct socket *sk, unsigned int cmd, unsigned long arg);
};

struct socket {
	const struct sock_ops *ops;
	int family, type;
	void *priv; /* the family's */
};

/* Each family's socket(): sets sk->ops and sk->priv, or -errno as Linux gives it. */
int inet_create(struct socket *sk, int type, int protocol);
int netlink_create(struct socket *sk, int type, int protocol);
int unix_create(struct socket *sk, int type, int protocol);
/* socketpair(): a and b (zeroed) made two connected AF_UNIX sockets. */
int unix_socketpair(struct socket *a, struct socket *b, int type, int protocol);
/* rtnetlink's events (net/rtnetlink.c), sent to the sockets listening; net_lock held. */
void rtnl_notify_link(const struct net_if *ifc);
void rtnl_notify_addr(const struct net_if *ifc, bool added, u32 addr, u32 mask);

/* The interface ioctls of any socket (net/dev_ioctl.c); -ENOTTY for other commands. */
long net_dev_ioctl(int family, unsigned int cmd, unsigned long arg);

/* Formats a network-order address, for logs. */
const char *ip_str(u32 addr, char buf[16]);

#endif
