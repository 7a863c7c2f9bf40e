/*
 * The Ethernet layer and the interfaces (up to NET_IFS_MAX): a driver
 * registers its device, received frames are sorted by type, and IPv4
 * frames we send get their next hop's MAC from ARP (or wait in ARP's
 * queue for it). Frames are counted per interface for /proc/net/dev.
 */
#define pr_fmt(fmt) "net: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/time.h>

#include "net-internal.h"

struct net_if net_ifs[NET_IFS_MAX];
struct net_stats net_stats;
spinlock_t net_lock = SPINLOCK_INIT;

static const u8 broadcast_mac[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static u8 tx_frame[ETH_FRAME_MAX];

u8 *net_tx_frame(void)
{
	return tx_frame;
}

static u32 tx_gen;
static struct wait_queue tx_wq = WAIT_QUEUE_INIT(tx_wq);

void netdev_tx_done(struct netdev *dev __unused)
{
	unsigned long flags = arch_local_irq_save();

	tx_gen++;
	wake_up_all(&tx_wq);
	arch_local_irq_restore(flags);
}

u32 net_tx_gen(void)
{
	return READ_ONCE(tx_gen);
}

int net_tx_wait(u32 gen, u64 deadline_ns)
{
	unsigned long flags = arch_local_irq_save();
	int rc = 0;

	while (tx_gen == gen) {
		if (signal_pending()) {
			rc = -EINTR;
			break;
		}
		if (clock_ns() >= deadline_ns) {
			rc = -ETIMEDOUT;
			break;
		}
		wait_queue_sleep_until(&tx_wq, deadline_ns);
	}
	arch_local_irq_restore(flags);
	return rc;
}

struct net_if *net_if_by_addr(u32 addr)
{
	for (unsigned int i = 0; i < NET_IFS_MAX; i++)
		if (net_ifs[i].dev && net_ifs[i].up && addr && net_ifs[i].addr == addr)
			return &net_ifs[i];
	return NULL;
}

struct net_if *net_loopback(void)
{
	for (unsigned int i = 0; i < NET_IFS_MAX; i++)
		if (net_ifs[i].dev && net_ifs[i].dev->loopback && net_ifs[i].up)
			return &net_ifs[i];
	return NULL;
}

bool net_is_local(u32 addr)
{
	struct net_if *lo = net_loopback();

	/* lo's address makes its whole subnet (127/8) ours, as Linux's local route does. */
	return net_if_by_addr(addr) || (lo && lo->addr && (addr & lo->mask) == (lo->addr & lo->mask));
}

static struct net_if *if_of(const struct netdev *dev)
{
	for (unsigned int i = 0; i < NET_IFS_MAX; i++)
		if (net_ifs[i].dev == dev)
			return &net_ifs[i];
	return NULL;
}

/* Whether addr/mask and another interface's subnet overlap (then routing could not choose). */
bool net_if_overlaps(const struct net_if *self, u32 addr, u32 mask)
{
	for (unsigned int i = 0; i < NET_IFS_MAX; i++) {
		const struct net_if *o = &net_ifs[i];

		if (o != self && o->dev && o->addr &&
		    ((addr & o->mask) == (o->addr & o->mask) || (o->addr & mask) == (addr & mask)))
			return true;
	}
	return false;
}

static int prefix_len(u32 mask)
{
	int prefix = net_mask_prefix(mask);

	return prefix < 0 ? 0 : prefix;
}

static int next_index = 1;

/*
 * eth0 takes the ip= option's address if there is one; every interface
 * otherwise the one its driver learned (dev->addr, e.g. from the store).
 */
int netdev_register(struct netdev *dev)
{
	struct net_if *ifc = NULL;
	const char *why = NULL;
	unsigned long flags;
	char a[16], mask[16];
	u32 addr = dev->addr, m = dev->mask;
	bool option = false;

	if (!strcmp(dev->name, "eth0") && ip_option_address(&addr, &m))
		option = true;
	spin_lock_irqsave(&net_lock, flags);
	for (unsigned int i = 0; i < NET_IFS_MAX && !ifc; i++)
		if (!net_ifs[i].dev)
			ifc = &net_ifs[i];
	if (!ifc) {
		spin_unlock_irqrestore(&net_lock, flags);
		pr_warn("%s: at most %d interfaces; %s ignored\n", dev->name, NET_IFS_MAX, dev->name);
		return -EBUSY;
	}
	if (addr && net_if_overlaps(ifc, addr, m)) {
		why = "its subnet overlaps another interface's";
		addr = 0;
	}
	memset(ifc, 0, sizeof(*ifc));
	ifc->dev = dev;
	ifc->addr = addr;
	ifc->mask = addr ? m : 0;
	ifc->from_option = option && addr;
	ifc->index = next_index++;
	ifc->up = true;
	ifc->mtu = ETH_MTU;
	spin_unlock_irqrestore(&net_lock, flags);
	if (why)
		pr_warn("%s: address %s/%d refused: %s\n", dev->name,
			ip_str(option ? addr : dev->addr, a), prefix_len(m), why);
	if (ifc->addr)
		pr_info("%s: mac %02x:%02x:%02x:%02x:%02x:%02x, address %s/%d (mask %s), %s\n", dev->name,
			dev->mac[0], dev->mac[1], dev->mac[2], dev->mac[3], dev->mac[4], dev->mac[5],
			ip_str(ifc->addr, a), prefix_len(ifc->mask), ip_str(ifc->mask, mask),
			ifc->from_option ? "from the ip= option" : "from its driver");
	else
		pr_info("%s: mac %02x:%02x:%02x:%02x:%02x:%02x, no IPv4 address (no ip= option, none from its driver)\n",
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
	struct net_if *ifc;
	unsigned long flags;

	spin_lock_irqsave(&net_lock, flags);
	ifc = if_of(dev);
	if (ifc) {
		arp_flush(ifc);
		net_routes_flush(ifc->index);
		memset(ifc, 0, sizeof(*ifc));
	}
	spin_unlock_irqrestore(&net_lock, flags);
	if (ifc)
		log_stats(dev->name);
}

void net_rx(struct netdev *dev, const void *frame, size_t len, bool csum_ok)
{
	const struct eth_hdr *eh = frame;
	struct net_if *ifc;
	unsigned long flags;

	spin_lock_irqsave(&net_lock, flags);
	ifc = if_of(dev);
	if (!ifc)
		goto out;
	net_stats.rx_frames++;
	net_stats.rx_bytes += len;
	if (!ifc->up) {
		ifc->st.rx_dropped++;
		goto out;
	}
	if (len < ETH_HLEN) {
		net_stats.rx_runt++;
		ifc->st.rx_errors++;
		goto out;
	}
	ifc->st.rx_packets++;
	ifc->st.rx_bytes += len;
	/* A bridge floods unknown destinations to every port: keep ours and broadcasts. */
	if (memcmp(eh->dst, dev->mac, ETH_ALEN) && memcmp(eh->dst, broadcast_mac, ETH_ALEN)) {
		net_stats.rx_not_ours++;
		goto out;
	}
	switch (ntohs(eh->type)) {
	case ETH_P_ARP:
		arp_rx(ifc, (const u8 *)frame + ETH_HLEN, len - ETH_HLEN);
		break;
	case ETH_P_IP:
		ip_rx((const u8 *)frame + ETH_HLEN, len - ETH_HLEN, csum_ok);
		break;
	default:
		net_stats.rx_other_type++; /* IPv6 and the rest: not ours to answer */
		break;
	}
out:
	spin_unlock_irqrestore(&net_lock, flags);
}

int eth_xmit(struct net_if *ifc, u8 *frame, size_t len, const u8 *dst_mac, u16 type)
{
	struct eth_hdr *eh = (struct eth_hdr *)frame;
	int rc;

	if (!ifc->dev || !ifc->up || ifc->dev->loopback)
		return -ENETDOWN;
	memcpy(eh->dst, dst_mac, ETH_ALEN);
	memcpy(eh->src, ifc->dev->mac, ETH_ALEN);
	eh->type = htons(type);
	rc = ifc->dev->xmit(ifc->dev, frame, len);
	if (rc) {
		net_stats.tx_dropped++;
		ifc->st.tx_dropped++;
		return rc;
	}
	net_stats.tx_frames++;
	net_stats.tx_bytes += len;
	ifc->st.tx_packets++;
	ifc->st.tx_bytes += len;
	return 0;
}

int eth_send_ip(struct net_if *ifc, u8 *frame, size_t len, u32 next_hop)
{
	u8 mac[ETH_ALEN];

	if (next_hop == 0xffffffff || next_hop == (ifc->addr | ~ifc->mask))
		return eth_xmit(ifc, frame, len, broadcast_mac, ETH_P_IP);
	if (arp_lookup(next_hop, mac))
		return eth_xmit(ifc, frame, len, mac, ETH_P_IP);
	return arp_queue(ifc, next_hop, frame, len);
}
