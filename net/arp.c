/*
 * ARP (RFC 826) for IPv4 over Ethernet: a small cache (one for all
 * interfaces, whose subnets never overlap; each entry remembers where it
 * was learned), answers to requests for an interface's address on that
 * interface, and requests of our own. A frame for an
 * address not yet resolved waits in its cache entry (one frame each, the
 * newest) until the reply comes; there is no retry timer, the next frame
 * asks again.
 */
#define pr_fmt(fmt) "arp: " fmt

#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "net-internal.h"

#define ARP_REQUEST 1
#define ARP_REPLY   2
#define ARP_ENTRIES 16

struct arp_entry {
	u32 ip;		    /* network order; 0: free */
	struct net_if *ifc; /* where it is reached */
	bool resolved;
	u8 mac[ETH_ALEN];
	u8 *pending; /* a frame waiting for the reply (kmalloc'd) */
	size_t pending_len;
};

static struct arp_entry cache[ARP_ENTRIES];
static unsigned int next_victim;

static struct arp_entry *find(u32 ip)
{
	for (unsigned int i = 0; i < ARP_ENTRIES; i++)
		if (cache[i].ip == ip)
			return &cache[i];
	return NULL;
}

static void drop_pending(struct arp_entry *e)
{
	if (e->pending) {
		kfree(e->pending);
		e->pending = NULL;
		net_stats.arp_queue_dropped++;
	}
}

/* A free entry, or the next one round the table. */
static struct arp_entry *alloc_entry(struct net_if *ifc, u32 ip)
{
	struct arp_entry *e = find(0);

	if (!e) {
		e = &cache[next_victim];
		next_victim = (next_victim + 1) % ARP_ENTRIES;
		drop_pending(e);
	}
	memset(e, 0, sizeof(*e));
	e->ip = ip;
	e->ifc = ifc;
	return e;
}

bool arp_lookup(u32 ip, u8 *mac)
{
	struct arp_entry *e = find(ip);

	if (!ip || !e || !e->resolved)
		return false;
	memcpy(mac, e->mac, ETH_ALEN);
	return true;
}

void arp_flush(struct net_if *ifc)
{
	for (unsigned int i = 0; i < ARP_ENTRIES; i++) {
		if (cache[i].ifc != ifc)
			continue;
		drop_pending(&cache[i]);
		cache[i].ip = 0;
		cache[i].ifc = NULL;
	}
}

static int arp_send(struct net_if *ifc, u16 op, const u8 *tha, u32 tpa, const u8 *dst_mac)
{
	u8 frame[ETH_HLEN + sizeof(struct arp_pkt)];
	struct arp_pkt *a = (struct arp_pkt *)(frame + ETH_HLEN);

	a->htype = htons(1);
	a->ptype = htons(ETH_P_IP);
	a->hlen = ETH_ALEN;
	a->plen = 4;
	a->op = htons(op);
	memcpy(a->sha, ifc->dev->mac, ETH_ALEN);
	a->spa = ifc->addr;
	memcpy(a->tha, tha, ETH_ALEN);
	a->tpa = tpa;
	return eth_xmit(ifc, frame, sizeof(frame), dst_mac, ETH_P_ARP);
}

int arp_queue(struct net_if *ifc, u32 ip, const u8 *frame, size_t len)
{
	static const u8 zero[ETH_ALEN], bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct arp_entry *e = find(ip);
	u8 *copy = kmalloc(len);

	if (!copy)
		return -ENOBUFS;
	memcpy(copy, frame, len);
	if (!e)
		e = alloc_entry(ifc, ip);
	e->ifc = ifc;
	drop_pending(e);
	e->pending = copy;
	e->pending_len = len;
	net_stats.arp_queued++;
	net_stats.arp_requests++;
	return arp_send(ifc, ARP_REQUEST, zero, ip, bcast);
}

/* What a sender on ifc told us: its address is at its MAC; send what waited for it. */
static void learn(struct arp_entry *e, struct net_if *ifc, const u8 *mac)
{
	memcpy(e->mac, mac, ETH_ALEN);
	e->ifc = ifc;
	e->resolved = true;
	if (e->pending) {
		u8 *f = e->pending;

		e->pending = NULL;
		eth_xmit(ifc, f, e->pending_len, e->mac, ETH_P_IP);
		kfree(f);
	}
}

void arp_rx(struct net_if *ifc, const u8 *p, size_t len)
{
	const struct arp_pkt *a = (const struct arp_pkt *)p;
	struct arp_entry *e;
	bool for_us;

	net_stats.arp_rx++;
	if (len < sizeof(*a) || ntohs(a->htype) != 1 || ntohs(a->ptype) != ETH_P_IP ||
	    a->hlen != ETH_ALEN || a->plen != 4)
		return;
	/* No address to answer for, or a sender that cannot be one (unset, broadcast, multicast MAC). */
	if (!ifc->addr || !a->spa || a->spa == 0xffffffff || (a->sha[0] & 1))
		return;
	/* A sender outside this interface's subnet is not reached through it. */
	if ((a->spa & ifc->mask) != (ifc->addr & ifc->mask))
		return;
	for_us = a->tpa == ifc->addr;
	e = find(a->spa);
	/* Update an entry we have; make one only when the sender talks to us. */
	if (e)
		learn(e, ifc, a->sha);
	else if (for_us)
		learn(alloc_entry(ifc, a->spa), ifc, a->sha);
	if (for_us && ntohs(a->op) == ARP_REQUEST) {
		net_stats.arp_replies++;
		arp_send(ifc, ARP_REPLY, a->sha, a->spa, a->sha);
	}
}
