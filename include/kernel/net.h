/*
 * The IPv4 stack (net/): Ethernet devices and the loopback, ARP, IPv4
 * without fragments, ICMP echo, UDP, and on the Linux ABI UDP sockets,
 * the interface ioctls and rtnetlink.
 *
 * A driver registers its device once it can send, and hands every frame
 * it receives to net_rx() from thread context (never from an interrupt
 * handler: the stack may answer at once through the driver's xmit).
 */
#ifndef KERNEL_NET_H
#define KERNEL_NET_H

#include <kernel/errno.h>
#include <kernel/types.h>

#define ETH_ALEN      6
#define ETH_HLEN      14
#define ETH_MTU	      1500
#define ETH_FRAME_MAX (ETH_HLEN + ETH_MTU)

struct netdev {
	char name[8]; /* "eth0" */
	u8 mac[ETH_ALEN];
	bool loopback; /* lo (net/loopback.c): never sends, all of 127/8 is local */
	/*
	 * Sends one whole frame (at most ETH_FRAME_MAX bytes), copying it:
	 * the buffer is the caller's again on return. May be called with
	 * interrupts off; never sleeps. 0, or -errno when the frame was
	 * dropped (-ENOBUFS: ring full, -ENETDOWN: not connected).
	 */
	int (*xmit)(struct netdev *dev, const void *frame, size_t len);
	void *priv; /* the driver's */
	/* An address the driver learned (network order; 0: none), used unless ip= is eth0's. */
	u32 addr, mask;
};

/* Interface flags (Linux's IFF_* values). */
#define IFF_UP	      0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK  0x8
#define IFF_RUNNING   0x40
#define IFF_LOWER_UP  0x10000

#define IFNAMSIZ 16

/* An interface as user space sees it (/sys/class/net, and net/'s own ioctls and netlink). */
struct netif_info {
	int index; /* Linux's ifindex: lo is 1, then counting up, never reused */
	char name[IFNAMSIZ];
	u8 mac[ETH_ALEN];
	unsigned int flags; /* IFF_* */
	unsigned int mtu;
	u32 addr, mask; /* network order; 0: no IPv4 address */
	struct netif_stats {
		u64 rx_packets, rx_bytes, rx_errors, rx_dropped;
		u64 tx_packets, tx_bytes, tx_errors, tx_dropped;
	} stats;
};

#ifdef CONFIG_NET
/* The smallest interface index >= from, or -1. */
int netif_next(int from);
/* The interface with that index: 0, or -ENODEV. */
int netif_get(int index, struct netif_info *out);
/* The index of the interface called name (len bytes), or -ENODEV. */
int netif_find(const char *name, size_t len);

/* The device is up: the stack starts using it (at most 4). 0 or -EBUSY. */
int netdev_register(struct netdev *dev);
/* The device goes: the stack stops sending to it. */
void netdev_unregister(struct netdev *dev);
/*
 * The device's transmit ring has room again (after it refused a frame
 * with -ENOBUFS, or any time it frees some): senders waiting for room
 * try again. Any context.
 */
void netdev_tx_done(struct netdev *dev);
/*
 * Parses an address a driver learned ("A.B.C.D" or "A.B.C.D/P", prefix 24
 * by default; the first of a space-separated list) for its netdev's addr
 * and mask. 0 or -EINVAL.
 */
int net_parse_address(const char *s, u32 *addr, u32 *mask);
/*
 * One received frame. csum_ok: the peer vouches for the transport
 * checksums (it may have left them blank), so they are not verified.
 */
void net_rx(struct netdev *dev, const void *frame, size_t len, bool csum_ok);
#else
static inline int netif_next(int from __unused)
{
	return -1;
}
static inline int netif_get(int index __unused, struct netif_info *out __unused)
{
	return -ENODEV;
}
static inline int netif_find(const char *name __unused, size_t len __unused)
{
	return -ENODEV;
}
static inline int netdev_register(struct netdev *dev __unused)
{
	return 0;
}
static inline void netdev_unregister(struct netdev *dev __unused)
{
}
static inline void netdev_tx_done(struct netdev *dev __unused)
{
}
static inline int net_parse_address(const char *s __unused, u32 *addr __unused,
				    u32 *mask __unused)
{
	return -EINVAL;
}
static inline void net_rx(struct netdev *dev __unused, const void *frame __unused,
			  size_t len __unused, bool csum_ok __unused)
{
}
#endif

#endif
