/*
 * IPv4 (RFC 791) on up to NET_IFS_MAX interfaces: eth0's address may come
 * from the kernel command line (ip=ADDR/PREFIX), any interface's from its
 * driver (netfront: the store). Received datagrams are checked (version,
 * header length and checksum, total length) and handed to ICMP or UDP;
 * fragments are not reassembled but dropped and counted, and we never
 * fragment: a datagram must fit the interface's MTU. A destination is
 * reached on its interface's subnet or through a gateway of the routing
 * table (net/route.c). Datagrams to our own addresses and to 127/8 go
 * through the loopback interface: UDP is delivered at once, as if it had
 * come in.
 */
#define pr_fmt(fmt) "ipv4: " fmt

#include <kernel/errno.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "net-internal.h"

static u16 next_id = 1;
static u32 option_addr, option_mask; /* the ip= option; 0: none */

const char *ip_str(u32 addr, char buf[16])
{
	const u8 *b = (const u8 *)&addr;

	snprintf(buf, 16, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	return buf;
}

/* Dotted quad to network order; -EINVAL when it is not exactly one. */
static int parse_addr(const char *s, const char **end, u32 *out)
{
	u8 b[4];

	for (int i = 0; i < 4; i++) {
		unsigned int v = 0, digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned int)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || v > 255)
			return -EINVAL;
		b[i] = (u8)v;
		if (i < 3 && *s++ != '.')
			return -EINVAL;
	}
	memcpy(out, b, 4);
	*end = s;
	return 0;
}

/* ADDR/PREFIX or ADDR (prefix 24), e.g. 10.0.0.2/24. */
static int parse_addr_prefix(const char *val, u32 *addr, u32 *mask)
{
	unsigned long long prefix = 24;
	const char *end;
	u32 a;

	if (!val || parse_addr(val, &end, &a))
		return -EINVAL;
	if (*end == '/') {
		if (kstrtoull(end + 1, 10, &prefix) || prefix < 1 || prefix > 30)
			return -EINVAL;
	} else if (*end) {
		return -EINVAL;
	}
	if (!a || (ntohl(a) >> 24) >= 224) /* 0.0.0.0, multicast, reserved */
		return -EINVAL;
	*addr = a;
	*mask = htonl(~0U << (32 - prefix));
	return 0;
}

/* ip=ADDR/PREFIX: eth0's address, e.g. ip=10.0.0.2/24 (the prefix defaults to 24). */
static int parse_ip(const char *val)
{
	return parse_addr_prefix(val, &option_addr, &option_mask);
}
kernel_param("ip", parse_ip);

bool ip_option_address(u32 *addr, u32 *mask)
{
	if (!option_addr)
		return false;
	*addr = option_addr;
	*mask = option_mask;
	return true;
}

int net_parse_address(const char *s, u32 *addr, u32 *mask)
{
	char word[20];
	size_t n = 0;

	while (s[n] && s[n] != ' ' && n < sizeof(word) - 1) {
		word[n] = s[n];
		n++;
	}
	if (s[n] && s[n] != ' ')
		return -EINVAL; /* longer than any address */
	word[n] = 0;
	return parse_addr_prefix(word, addr, mask);
}

/* A subnet broadcast address of one of our interfaces. */
static bool subnet_broadcast(u32 dst)
{
	for (unsigned int i = 0; i < NET_IFS_MAX; i++) {
		const struct net_if *ifc = &net_ifs[i];

		if (ifc->dev && ifc->up && ifc->addr && dst == (ifc->addr | ~ifc->mask))
			return true;
	}
	return false;
}

/* To ourselves: from that very address, or from lo's for the rest of 127/8. */
static u32 local_source(u32 dst)
{
	struct net_if *lo = net_loopback();

	if (net_if_by_addr(dst))
		return dst;
	return lo ? lo->addr : 0;
}

u32 ip_source_for(u32 dst)
{
	struct net_if *ifc;
	u32 hop;

	if (net_is_local(dst))
		return local_source(dst);
	ifc = net_route(dst, &hop);
	return ifc ? ifc->addr : 0;
}

u32 csum_add(u32 sum, const void *data, size_t len)
{
	const u8 *p = data;

	for (; len > 1; len -= 2, p += 2)
		sum += (u32)p[0] << 8 | p[1];
	if (len)
		sum += (u32)p[0] << 8;
	/* Fold as we go, so a long buffer cannot overflow the 32 bits. */
	return (sum & 0xffff) + (sum >> 16);
}

u16 csum_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((u16)~sum);
}

void ip_rx(const u8 *p, size_t len, bool csum_ok)
{
	const struct ip_hdr *ip = (const struct ip_hdr *)p;
	size_t hlen, total;

	net_stats.ip_rx++;
	if (len < sizeof(*ip) || ip->ver_ihl >> 4 != 4) {
		net_stats.ip_bad_header++;
		return;
	}
	hlen = (size_t)(ip->ver_ihl & 0xf) * 4;
	total = ntohs(ip->len);
	/* The frame may carry padding after the datagram (minimum Ethernet size), never less. */
	if (hlen < sizeof(*ip) || hlen > total || total > len) {
		net_stats.ip_bad_header++;
		return;
	}
	if (csum_fold(csum_add(0, ip, hlen)) != 0) {
		net_stats.ip_bad_csum++;
		return;
	}
	if (!net_is_local(ip->dst) && ip->dst != 0xffffffff && !subnet_broadcast(ip->dst)) {
		net_stats.ip_not_ours++;
		return;
	}
	if (ntohs(ip->frag) & (IP_MF | IP_OFFMASK)) {
		net_stats.ip_frag_dropped++;
		return;
	}
	switch (ip->proto) {
	case IPPROTO_ICMP:
		/* Echo only to what was sent to us, not to broadcasts. */
		if (net_is_local(ip->dst))
			icmp_rx(ip, p + hlen, total - hlen);
		break;
	case IPPROTO_UDP:
		udp_rx(ip, p + hlen, total - hlen, csum_ok);
		break;
	default:
		net_stats.ip_bad_proto++;
		break;
	}
}

int ip_send(u8 *frame, u32 dst, u8 proto, size_t l4_len)
{
	struct ip_hdr *ip = (struct ip_hdr *)(frame + IP_OFF);
	size_t total = sizeof(*ip) + l4_len;
	bool local = net_is_local(dst);
	u32 hop = dst;
	struct net_if *ifc = local ? net_loopback() : net_route(dst, &hop);

	if (!local && !ifc) {
		net_stats.ip_no_route++;
		return -ENETUNREACH;
	}
	if (total > (ifc ? ifc->mtu : ETH_MTU))
		return -EMSGSIZE;
	/* Routed into lo but not ours: Linux loops it back and drops it, and so do we. */
	if (!local && ifc->dev->loopback) {
		ifc->st.tx_packets++;
		ifc->st.tx_bytes += ETH_HLEN + total;
		ifc->st.rx_packets++;
		ifc->st.rx_bytes += ETH_HLEN + total;
		net_stats.ip_not_ours++;
		return 0;
	}
	ip->ver_ihl = 4 << 4 | sizeof(*ip) / 4;
	ip->tos = 0;
	ip->len = htons((u16)total);
	ip->id = htons(next_id++);
	ip->frag = htons(IP_DF);
	ip->ttl = 64;
	ip->proto = proto;
	ip->csum = 0;
	ip->src = local ? local_source(dst) : ifc->addr; /* as ip_source_for() */
	ip->dst = dst;
	ip->csum = csum_fold(csum_add(0, ip, sizeof(*ip)));
	/* To ourselves: through lo, delivered at once as if it had come in (UDP only, so no echo loops). */
	if (local) {
		if (ifc) {
			ifc->st.tx_packets++;
			ifc->st.tx_bytes += ETH_HLEN + total;
			ifc->st.rx_packets++;
			ifc->st.rx_bytes += ETH_HLEN + total;
		}
		if (proto == IPPROTO_UDP)
			ip_rx(frame + IP_OFF, total, true);
		return 0;
	}
	return eth_send_ip(ifc, frame, ETH_HLEN + total, hop);
}
