/*
 * The interfaces as user space sees and changes them: indexes and names,
 * flags (IFF_UP is the one that can be set: a down interface neither sends
 * nor receives), the MTU, the IPv4 address, and the counters of
 * /proc/net/dev. The interface ioctls (net/dev_ioctl.c), rtnetlink
 * (net/rtnetlink.c) and /sys/class/net all go through here.
 */
#define pr_fmt(fmt) "net: " fmt

#include <kernel/errno.h>
#include <kernel/procfs.h>
#include <kernel/string.h>

#include "net-internal.h"

#define MTU_MIN 68 /* what every IPv4 link must carry (RFC 791) */

struct net_if *net_if_by_index(int index)
{
	for (unsigned int i = 0; i < NET_IFS_MAX; i++)
		if (net_ifs[i].dev && net_ifs[i].index == index)
			return &net_ifs[i];
	return NULL;
}

struct net_if *net_if_by_name(const char *name, size_t len)
{
	for (unsigned int i = 0; i < NET_IFS_MAX; i++) {
		struct net_if *ifc = &net_ifs[i];

		if (ifc->dev && strlen(ifc->dev->name) == len && !memcmp(ifc->dev->name, name, len))
			return ifc;
	}
	return NULL;
}

/* What SIOCGIFFLAGS and rtnetlink report: a device that is up has its carrier (RUNNING). */
unsigned int net_if_flags(const struct net_if *ifc)
{
	unsigned int flags = ifc->dev->loopback ? IFF_LOOPBACK : IFF_BROADCAST;

	if (ifc->up)
		flags |= IFF_UP | IFF_RUNNING | IFF_LOWER_UP;
	return flags;
}

void net_if_info(const struct net_if *ifc, struct netif_info *out)
{
	memset(out, 0, sizeof(*out));
	out->index = ifc->index;
	strlcpy(out->name, ifc->dev->name, sizeof(out->name));
	memcpy(out->mac, ifc->dev->mac, ETH_ALEN);
	out->flags = net_if_flags(ifc);
	out->mtu = ifc->mtu;
	out->addr = ifc->addr;
	out->mask = ifc->mask;
	out->stats = ifc->st;
}

void net_if_set_up(struct net_if *ifc, bool up)
{
	if (ifc->up == up)
		return;
	ifc->up = up;
	if (!up) {
		/* As Linux: what was learned and routed through it goes with it. */
		arp_flush(ifc);
		net_routes_flush(ifc->index);
	}
}

int net_if_set_mtu(struct net_if *ifc, unsigned int mtu)
{
	if (mtu < MTU_MIN || mtu > ETH_MTU)
		return -EINVAL;
	ifc->mtu = mtu;
	return 0;
}

int net_if_set_address(struct net_if *ifc, u32 addr, u32 mask)
{
	if (addr && net_if_overlaps(ifc, addr, mask))
		return -EEXIST;
	if (addr != ifc->addr || mask != ifc->mask) {
		arp_flush(ifc);
		net_routes_flush(ifc->index);
	}
	ifc->addr = addr;
	ifc->mask = addr ? mask : 0;
	ifc->from_option = false;
	return 0;
}

int netif_next(int from)
{
	unsigned long flags;
	int best = -1;

	spin_lock_irqsave(&net_lock, flags);
	for (unsigned int i = 0; i < NET_IFS_MAX; i++) {
		const struct net_if *ifc = &net_ifs[i];

		if (ifc->dev && ifc->index >= from && (best < 0 || ifc->index < best))
			best = ifc->index;
	}
	spin_unlock_irqrestore(&net_lock, flags);
	return best;
}

int netif_get(int index, struct netif_info *out)
{
	unsigned long flags;
	struct net_if *ifc;

	spin_lock_irqsave(&net_lock, flags);
	ifc = net_if_by_index(index);
	if (ifc)
		net_if_info(ifc, out);
	spin_unlock_irqrestore(&net_lock, flags);
	return ifc ? 0 : -ENODEV;
}

int netif_find(const char *name, size_t len)
{
	unsigned long flags;
	struct net_if *ifc;
	int index;

	spin_lock_irqsave(&net_lock, flags);
	ifc = net_if_by_name(name, len);
	index = ifc ? ifc->index : -ENODEV;
	spin_unlock_irqrestore(&net_lock, flags);
	return index;
}

/* /proc/net/dev: Linux's two header lines and one line of counters per interface, in index order. */
void net_proc_dev(struct proc_text *t)
{
	struct netif_info nif;

	proc_printf(t, "Inter-|   Receive                                                |  Transmit\n");
	proc_printf(t, " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n");
	for (int index = netif_next(0); index >= 0; index = netif_next(index + 1)) {
		const struct netif_stats *s = &nif.stats;

		if (netif_get(index, &nif))
			continue;
		proc_printf(t, "%6s: %7llu %7llu %4llu %4llu %4u %5u %10u %9u %8llu %7llu %4llu %4llu %4u %5u %7u %10u\n",
			    nif.name, (unsigned long long)s->rx_bytes,
			    (unsigned long long)s->rx_packets, (unsigned long long)s->rx_errors,
			    (unsigned long long)s->rx_dropped, 0u, 0u, 0u, 0u,
			    (unsigned long long)s->tx_bytes, (unsigned long long)s->tx_packets,
			    (unsigned long long)s->tx_errors, (unsigned long long)s->tx_dropped, 0u, 0u,
			    0u, 0u);
	}
}
