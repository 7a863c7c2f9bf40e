/*
 * IPv4 routing: where a datagram goes. Each interface with an address
 * reaches its own subnet (a connected route, which comes and goes with the
 * address); a small table holds the routes user space adds (ip route,
 * route, rtnetlink), each a prefix reached on an interface directly or
 * through a gateway on one of our subnets. The longest matching prefix
 * wins, connected routes first among equals, as in Linux's main table.
 * Everything here runs under net_lock.
 */
#define pr_fmt(fmt) "route: " fmt

#include <kernel/errno.h>
#include <kernel/procfs.h>
#include <kernel/string.h>

#include "net-internal.h"

struct net_rt net_routes[NET_ROUTES_MAX];

#define RTF_UP	    0x1
#define RTF_GATEWAY 0x2

int net_mask_prefix(u32 mask)
{
	u32 m = ntohl(mask);
	int prefix = 0;

	while (m & 0x80000000U) {
		prefix++;
		m <<= 1;
	}
	return m ? -1 : prefix;
}

/* An interface that reaches its subnet (lo's is local: net_is_local()). */
static bool usable(const struct net_if *ifc)
{
	return ifc && ifc->dev && ifc->up && ifc->addr && !ifc->dev->loopback;
}

/* An interface a route of the table may go through: lo too, where what it sends goes nowhere. */
static bool route_usable(const struct net_if *ifc)
{
	return ifc && ifc->dev && ifc->up && ifc->addr;
}

/* The interface whose own subnet holds addr, the longest prefix first. */
static struct net_if *connected(u32 addr)
{
	struct net_if *best = NULL;

	for (unsigned int i = 0; i < NET_IFS_MAX; i++) {
		struct net_if *ifc = &net_ifs[i];

		if (usable(ifc) && (addr & ifc->mask) == (ifc->addr & ifc->mask) &&
		    (!best || ntohl(ifc->mask) > ntohl(best->mask)))
			best = ifc;
	}
	return best;
}

struct net_if *net_route(u32 dst, u32 *next_hop)
{
	struct net_if *ifc = NULL;
	const struct net_rt *best = NULL;

	*next_hop = dst;
	if (dst == 0xffffffff) {
		for (unsigned int i = 0; i < NET_IFS_MAX; i++)
			if (usable(&net_ifs[i]))
				return &net_ifs[i];
		return NULL;
	}
	for (unsigned int i = 0; i < NET_ROUTES_MAX; i++) {
		const struct net_rt *r = &net_routes[i];

		if (r->used && (dst & r->mask) == r->dst && route_usable(net_if_by_index(r->ifindex)) &&
		    (!best || ntohl(r->mask) > ntohl(best->mask)))
			best = r;
	}
	ifc = connected(dst);
	if (ifc && (!best || ntohl(ifc->mask) >= ntohl(best->mask)))
		return ifc;
	if (!best)
		return NULL;
	if (best->gw)
		*next_hop = best->gw;
	return net_if_by_index(best->ifindex);
}

static struct net_rt *find(u32 dst, u32 mask, u32 gw, int ifindex)
{
	for (unsigned int i = 0; i < NET_ROUTES_MAX; i++) {
		struct net_rt *r = &net_routes[i];

		if (r->used && r->dst == dst && r->mask == mask && (!gw || r->gw == gw) &&
		    (!ifindex || r->ifindex == ifindex))
			return r;
	}
	return NULL;
}

/* An interface's own subnet: the route its address makes. */
static bool is_connected_route(u32 dst, u32 mask)
{
	for (unsigned int i = 0; i < NET_IFS_MAX; i++) {
		const struct net_if *ifc = &net_ifs[i];

		if (usable(ifc) && ifc->mask == mask && (ifc->addr & mask) == dst)
			return true;
	}
	return false;
}

int net_route_add(u32 dst, u32 mask, u32 gw, int ifindex, u8 protocol, bool replace)
{
	struct net_if *ifc = ifindex ? net_if_by_index(ifindex) : NULL;
	struct net_rt *r;

	if (net_mask_prefix(mask) < 0 || (dst & ~mask))
		return -EINVAL;
	if (ifindex && !ifc)
		return -ENODEV;
	if (gw) {
		struct net_if *via = connected(gw);

		if (!via || (ifc && via != ifc))
			return -ENETUNREACH;
		ifc = via;
	}
	if (!ifc)
		return -ENODEV;
	if (is_connected_route(dst, mask) && !gw)
		return -EEXIST;
	r = find(dst, mask, 0, 0);
	if (r && !replace)
		return -EEXIST;
	for (unsigned int i = 0; i < NET_ROUTES_MAX && !r; i++)
		if (!net_routes[i].used)
			r = &net_routes[i];
	if (!r)
		return -ENOSPC;
	r->dst = dst;
	r->mask = mask;
	r->gw = gw;
	r->ifindex = ifc->index;
	r->protocol = protocol;
	r->used = true;
	return 0;
}

int net_route_del(u32 dst, u32 mask, u32 gw, int ifindex)
{
	struct net_rt *r = find(dst, mask, gw, ifindex);

	if (!r)
		return is_connected_route(dst, mask) ? -EOPNOTSUPP : -ESRCH;
	memset(r, 0, sizeof(*r));
	return 0;
}

void net_routes_flush(int ifindex)
{
	for (unsigned int i = 0; i < NET_ROUTES_MAX; i++)
		if (net_routes[i].used && net_routes[i].ifindex == ifindex)
			memset(&net_routes[i], 0, sizeof(net_routes[i]));
}

int net_route_get(int pos, struct net_route_info *out)
{
	int n = 0;

	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < NET_IFS_MAX; i++) {
		const struct net_if *ifc = &net_ifs[i];

		if (!usable(ifc) || n++ != pos)
			continue;
		out->dst = ifc->addr & ifc->mask;
		out->mask = ifc->mask;
		out->src = ifc->addr;
		out->ifindex = ifc->index;
		out->connected = true;
		return 0;
	}
	for (unsigned int i = 0; i < NET_ROUTES_MAX; i++) {
		const struct net_rt *r = &net_routes[i];

		if (!r->used || n++ != pos)
			continue;
		out->dst = r->dst;
		out->mask = r->mask;
		out->gw = r->gw;
		out->ifindex = r->ifindex;
		out->protocol = r->protocol;
		return 0;
	}
	return -ENOENT;
}

/* /proc/net/route, as Linux writes it (busybox route and netstat -r read it). */
void net_proc_route(struct proc_text *t)
{
	struct net_route_info r;
	unsigned long flags;
	char line[160];

	spin_lock_irqsave(&net_lock, flags);
	snprintf(line, sizeof(line), "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT");
	proc_printf(t, "%-127s\n", line);
	for (int pos = 0; net_route_get(pos, &r) == 0; pos++) {
		struct net_if *ifc = net_if_by_index(r.ifindex);

		snprintf(line, sizeof(line), "%s\t%08X\t%08X\t%04X\t0\t0\t0\t%08X\t0\t0\t0",
			 ifc ? ifc->dev->name : "*", r.dst, r.gw, RTF_UP | (r.gw ? RTF_GATEWAY : 0),
			 r.mask);
		proc_printf(t, "%-127s\n", line);
	}
	spin_unlock_irqrestore(&net_lock, flags);
}
