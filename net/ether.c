/*
 * The Ethernet layer and the one interface: the driver registers its
 * device, received frames are sorted by type, and IPv4 frames we send get
 * their destination MAC from ARP (or wait in ARP's queue for it).
 */
#define pr_fmt(fmt) "net: " fmt

#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "net-internal.h"

struct net_if net_if;
struct net_stats net_stats;
spinlock_t net_lock = SPINLOCK_INIT;

static const u8 broadcast_mac[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static u8 tx_frame[ETH_FRAME_MAX];

u8 *net_tx_frame(void)
{
	return tx_frame;
}

int netdev_register(struct netdev *dev)
{
	unsigned long flags;
	char a[16], mask[16];
	int prefix = 0;

	for (u32 m = ntohl(net_if.mask); m & 0x80000000U; m <<= 1)
		prefix++;
	spin_lock_irqsave(&net_lock, flags);
	if (net_if.dev) {
		spin_unlock_irqrestore(&net_lock, flags);
		pr_warn("%s: only one interface is supported; %s ignored\n", net_if.dev->name, dev->name);
		return -EBUSY;
	}
	net_if.dev = dev;
	spin_unlock_irqrestore(&net_lock, flags);
	if (net_if.addr)
		pr_info("%s: mac %02x:%02x:%02x:%02x:%02x:%02x, address %s/%d (mask %s)\n", dev->name,
			dev->mac[0], dev->mac[1], dev->mac[2], dev->mac[3], dev->mac[4], dev->mac[5],
			ip_str(net_if.addr, a), prefix, ip_str(net_if.mask, mask));
	else
		pr_info("%s: mac %02x:%02x:%02x:%02x:%02x:%02x, no IPv4 address (no ip= option)\n",
			dev->name, dev->mac[0], dev->mac[1], dev->mac[2], dev->mac[3], dev->mac[4],
			dev->mac[5]);
	return 0;
}

/* What the stack did with the interface's traffic, when it goes. */
static void log_stats(const char *name)
{
	const struct net_stats *s = &net_stats;

	pr_info("%s: rx %lu frames (%lu not ours, %lu runts, %lu other types), tx %lu (%lu dropped)\n",
		name, s->rx_frames, s->rx_not_ours, s->rx_runt, s->rx_other_type, s->tx_frames,
		s->tx_dropped);
	pr_info("%s: arp rx %lu, replies %lu, requests %lu; ip rx %lu, bad header %lu, bad checksum %lu, fragments dropped %lu, not ours %lu, other protocols %lu\n",
		name, s->arp_rx, s->arp_replies, s->arp_requests, s->ip_rx, s->ip_bad_header,
		s->ip_bad_csum, s->ip_frag_dropped, s->ip_not_ours, s->ip_bad_proto);
	pr_info("%s: icmp rx %lu, bad %lu, other %lu, echo replies %lu; udp rx %lu, bad %lu, bad checksum %lu, no port %lu, queue full %lu, tx %lu\n",
		name, s->icmp_rx, s->icmp_bad, s->icmp_other, s->icmp_echo_replies, s->udp_rx, s->udp_bad,
		s->udp_bad_csum, s->udp_no_port, s->udp_queue_full, s->udp_tx);
}

void netdev_unregister(struct netdev *dev)
{
	unsigned long flags;
	bool was = false;

	spin_lock_irqsave(&net_lock, flags);
	if (net_if.dev == dev) {
		net_if.dev = NULL;
		arp_flush();
		was = true;
	}
	spin_unlock_irqrestore(&net_lock, flags);
	if (was)
		log_stats(dev->name);
}

void net_rx(struct netdev *dev, const void *frame, size_t len, bool csum_ok)
{
	const struct eth_hdr *eh = frame;
	unsigned long flags;

	spin_lock_irqsave(&net_lock, flags);
	if (dev != net_if.dev)
		goto out;
	net_stats.rx_frames++;
	net_stats.rx_bytes += len;
	if (len < ETH_HLEN) {
		net_stats.rx_runt++;
		goto out;
	}
	/* A bridge floods unknown destinations to every port: keep ours and broadcasts. */
	if (memcmp(eh->dst, dev->mac, ETH_ALEN) && memcmp(eh->dst, broadcast_mac, ETH_ALEN)) {
		net_stats.rx_not_ours++;
		goto out;
	}
	switch (ntohs(eh->type)) {
	case ETH_P_ARP:
		arp_rx((const u8 *)frame + ETH_HLEN, len - ETH_HLEN);
		break;
	case ETH_P_IP:
		ip_rx((const u8 *)frame + ETH_HLEN, len - ETH_HLEN, csum_ok);
		break;
	default:
		net_stats.rx_other_type++;	/* IPv6 and the rest: not ours to answer */
		break;
	}
out:
	spin_unlock_irqrestore(&net_lock, flags);
}

int eth_xmit(u8 *frame, size_t len, const u8 *dst_mac, u16 type)
{
	struct eth_hdr *eh = (struct eth_hdr *)frame;
	int rc;

	if (!net_if.dev)
		return -ENETDOWN;
	memcpy(eh->dst, dst_mac, ETH_ALEN);
	memcpy(eh->src, net_if.dev->mac, ETH_ALEN);
	eh->type = htons(type);
	rc = net_if.dev->xmit(net_if.dev, frame, len);
	if (rc) {
		net_stats.tx_dropped++;
		return rc;
	}
	net_stats.tx_frames++;
	net_stats.tx_bytes += len;
	return 0;
}

int eth_send_ip(u8 *frame, size_t len, u32 dst)
{
	u8 mac[ETH_ALEN];

	if (dst == 0xffffffff || dst == (net_if.addr | ~net_if.mask))
		return eth_xmit(frame, len, broadcast_mac, ETH_P_IP);
	if (arp_lookup(dst, mac))
		return eth_xmit(frame, len, mac, ETH_P_IP);
	return arp_queue(dst, frame, len);
}
