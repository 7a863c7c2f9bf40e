/*
 * The IPv4 stack (net/): one Ethernet device, ARP, IPv4 without
 * fragments, ICMP echo, UDP, and UDP sockets on the Linux ABI.
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

#ifdef CONFIG_NET
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
