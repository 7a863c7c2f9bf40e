/*
 * UDP (RFC 768): the table of bound sockets, delivery of received
 * datagrams to their queues, and sending. A socket bound to a port gets
 * the datagrams for that port (and its address, unless it is bound to
 * any); a connected one only those from its peer. Checksums are checked
 * unless the driver says the peer vouched for them, and always sent.
 */
#define pr_fmt(fmt) "udp: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/string.h>

#include "net-internal.h"

#define EPHEMERAL_FIRST 49152
#define EPHEMERAL_LAST	65535

static LIST_HEAD(bound);
static u16 next_ephemeral = EPHEMERAL_FIRST;

void udp_sock_init(struct udp_sock *s)
{
	memset(s, 0, sizeof(*s));
	list_init(&s->rxq);
	list_init(&s->list);
	wait_queue_init(&s->wq);
}

static bool port_in_use(u16 port)
{
	struct udp_sock *s;

	list_for_each_entry(s, &bound, list)
		if (s->lport == port)
			return true;
	return false;
}

int udp_bind(struct udp_sock *s, u32 addr, u16 port)
{
	if (addr && !net_is_local(addr))
		return -EADDRNOTAVAIL;
	if (port == 0) {
		for (unsigned int n = 0; n <= EPHEMERAL_LAST - EPHEMERAL_FIRST; n++) {
			u16 p = next_ephemeral;

			next_ephemeral = p == EPHEMERAL_LAST ? EPHEMERAL_FIRST : p + 1;
			if (!port_in_use(p)) {
				port = p;
				break;
			}
		}
		if (port == 0)
			return -EADDRINUSE;
	} else if (port_in_use(port)) {
		return -EADDRINUSE;
	}
	s->laddr = addr;
	s->lport = port;
	list_add_tail(&s->list, &bound);
	return 0;
}

void udp_release(struct udp_sock *s)
{
	struct udp_dgram *d, *tmp;

	if (s->lport)
		list_del(&s->list);
	s->lport = 0;
	list_for_each_entry_safe(d, tmp, &s->rxq, list) {
		list_del(&d->list);
		kfree(d);
	}
	s->rxq_len = 0;
}

static u16 udp_csum(u32 src, u32 dst, const void *udp, size_t len)
{
	u8 pseudo[12];
	u16 ulen = htons((u16)len);

	memcpy(pseudo, &src, 4);
	memcpy(pseudo + 4, &dst, 4);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_UDP;
	memcpy(pseudo + 10, &ulen, 2);
	return csum_fold(csum_add(csum_add(0, pseudo, sizeof(pseudo)), udp, len));
}

static struct udp_sock *lookup(u32 dst, u16 dport, u32 src, u16 sport)
{
	struct udp_sock *s;

	list_for_each_entry(s, &bound, list) {
		if (s->lport != dport || (s->laddr && s->laddr != dst))
			continue;
		if (s->raddr && (s->raddr != src || s->rport != sport))
			continue;
		return s;
	}
	return NULL;
}

void udp_rx(const struct ip_hdr *ip, const u8 *p, size_t len, bool csum_ok)
{
	const struct udp_hdr *uh = (const struct udp_hdr *)p;
	struct udp_dgram *d;
	struct udp_sock *s;
	size_t ulen;

	net_stats.udp_rx++;
	if (len < sizeof(*uh) || (ulen = ntohs(uh->len)) < sizeof(*uh) || ulen > len) {
		net_stats.udp_bad++;
		return;
	}
	/* A zero checksum means the sender computed none. */
	if (!csum_ok && uh->csum && udp_csum(ip->src, ip->dst, p, ulen) != 0) {
		net_stats.udp_bad_csum++;
		return;
	}
	s = lookup(ip->dst, ntohs(uh->dport), ip->src, ntohs(uh->sport));
	if (!s) {
		net_stats.udp_no_port++;
		return;
	}
	if (s->rxq_len >= UDP_RXQ_MAX) {
		net_stats.udp_queue_full++;
		return;
	}
	d = kmalloc(sizeof(*d) + ulen - sizeof(*uh));
	if (!d) {
		net_stats.udp_queue_full++;
		return;
	}
	d->src = ip->src;
	d->sport = ntohs(uh->sport);
	d->len = (u16)(ulen - sizeof(*uh));
	memcpy(d->data, p + sizeof(*uh), d->len);
	list_add_tail(&d->list, &s->rxq);
	s->rxq_len++;
	wake_up_all(&s->wq);
	fs_poll_wake();
}

int udp_send(struct udp_sock *s, u32 dst, u16 dport, const void *data, size_t len)
{
	u8 *frame = net_tx_frame();
	struct udp_hdr *uh = (struct udp_hdr *)(frame + L4_OFF);
	u32 src;
	int rc;

	if (len > UDP_DATA_MAX)
		return -EMSGSIZE;
	if (!dport || !dst)
		return -EINVAL;
	src = ip_source_for(dst);
	if (!src)
		return -ENETUNREACH;
	if (!s->lport) {
		rc = udp_bind(s, 0, 0);
		if (rc)
			return rc;
	}
	memcpy(frame + UDP_DATA_OFF, data, len);
	uh->sport = htons(s->lport);
	uh->dport = htons(dport);
	uh->len = htons((u16)(sizeof(*uh) + len));
	uh->csum = 0;
	uh->csum = udp_csum(src, dst, uh, sizeof(*uh) + len);
	if (!uh->csum)
		uh->csum = 0xffff; /* zero would mean none */
	rc = ip_send(frame, dst, IPPROTO_UDP, sizeof(*uh) + len);
	if (rc == 0)
		net_stats.udp_tx++;
	return rc;
}
