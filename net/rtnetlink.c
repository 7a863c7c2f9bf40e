/*
 * rtnetlink: the NETLINK_ROUTE messages, as ip(8) speaks them. Dumps of
 * the links, the IPv4 addresses and the routes (each answer NLM_F_MULTI,
 * packed into datagrams, then NLMSG_DONE); one link, or the route to an
 * address; and the changes the stack can hold: a link up or down and its
 * MTU, one IPv4 address per interface, and routes through an interface or
 * a gateway. Each change is also sent to the sockets listening to its
 * group (RTMGRP_LINK, _IPV4_IFADDR, _IPV4_ROUTE).
 *
 * Nothing of a request is trusted: each message's length must lie within
 * the datagram, its family header must be whole, and every attribute must
 * fit the message and have the size its type needs; anything else is
 * answered with an NLMSG_ERROR of EINVAL. Errors are always answered, and
 * successes when NLM_F_ACK asks.
 */
#define pr_fmt(fmt) "rtnetlink: " fmt

#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/string.h>

#include "net-internal.h"
#include "netlink.h"

#define RTM_NEWLINK  16
#define RTM_DELLINK  17
#define RTM_GETLINK  18
#define RTM_SETLINK  19
#define RTM_NEWADDR  20
#define RTM_DELADDR  21
#define RTM_GETADDR  22
#define RTM_NEWROUTE 24
#define RTM_DELROUTE 25
#define RTM_GETROUTE 26
#define RTM_MAX	     123 /* Linux 6.1's last type */

#define IFLA_ADDRESS   1
#define IFLA_BROADCAST 2
#define IFLA_IFNAME    3
#define IFLA_MTU       4
#define IFLA_TXQLEN    13
#define IFLA_OPERSTATE 16
#define IFLA_LINKMODE  17
#define IFLA_EXT_MASK  29
#define IFLA_CARRIER   33
#define IFLA_MIN_MTU   50
#define IFLA_MAX_MTU   51
#define IFLA_MAX       60

#define IFA_ADDRESS   1
#define IFA_LOCAL     2
#define IFA_LABEL     3
#define IFA_BROADCAST 4
#define IFA_FLAGS     8
#define IFA_MAX	      12

#define RTA_DST	     1
#define RTA_SRC	     2
#define RTA_OIF	     4
#define RTA_GATEWAY  5
#define RTA_PRIORITY 6
#define RTA_PREFSRC  7
#define RTA_TABLE    15
#define RTA_MAX	     30

#define ARPHRD_ETHER	  1
#define ARPHRD_LOOPBACK	  772
#define IF_OPER_DOWN	  2
#define IF_OPER_UP	  6
#define IF_OPER_UNKNOWN	  0
#define IFA_F_PERMANENT	  0x80
#define RT_TABLE_UNSPEC	  0
#define RT_TABLE_MAIN	  254
#define RTPROT_UNSPEC	  0
#define RTPROT_KERNEL	  2
#define RTPROT_BOOT	  3
#define RT_SCOPE_UNIVERSE 0
#define RT_SCOPE_LINK	  253
#define RT_SCOPE_HOST	  254
#define RT_SCOPE_NOWHERE  255
#define RTN_UNICAST	  1
#define RTN_LOCAL	  2
#define MTU_MIN		  68

struct ifinfomsg {
	u8 family, pad;
	u16 type;
	s32 index;
	u32 flags, change;
};

struct ifaddrmsg {
	u8 family, prefixlen, flags, scope;
	u32 index;
};

struct rtmsg {
	u8 family, dst_len, src_len, tos, table, protocol, scope, type;
	u32 flags;
};

/* A dump's request was answered with its messages and NLMSG_DONE: no ack. */
#define DUMPED 1

/* ---------------------------------------------------------------- building answers */

/* One message being built; none of ours comes near this size. */
struct msg {
	size_t len;
	u8 buf[512];
};

static void *msg_begin(struct msg *m, u16 type, u16 flags, u32 seq, u32 pid, size_t fixed)
{
	struct nlmsghdr h = { 0, type, flags, seq, pid };

	m->len = NLMSG_HDRLEN + NL_ALIGN(fixed);
	memset(m->buf, 0, m->len);
	memcpy(m->buf, &h, sizeof(h));
	return m->buf + NLMSG_HDRLEN;
}

static void msg_attr(struct msg *m, u16 type, const void *data, size_t len)
{
	struct rtattr a = { (u16)(sizeof(a) + len), type };

	memset(m->buf + m->len, 0, NL_ALIGN(sizeof(a) + len));
	memcpy(m->buf + m->len, &a, sizeof(a));
	memcpy(m->buf + m->len + sizeof(a), data, len);
	m->len += NL_ALIGN(sizeof(a) + len);
}

static void msg_u32(struct msg *m, u16 type, u32 v)
{
	msg_attr(m, type, &v, sizeof(v));
}

static void msg_u8(struct msg *m, u16 type, u8 v)
{
	msg_attr(m, type, &v, sizeof(v));
}

static void msg_send(struct msg *m, struct nl_out *out)
{
	u32 len = (u32)m->len;

	memcpy(m->buf, &len, sizeof(len));
	nl_out_msg(out, m->buf, m->len);
}

static void link_msg(struct msg *m, const struct net_if *ifc, u16 type, u16 flags, u32 seq,
		     u32 pid)
{
	static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, zero[ETH_ALEN];
	struct ifinfomsg *ifi = msg_begin(m, type, flags, seq, pid, sizeof(*ifi));
	bool lo = ifc->dev->loopback;

	ifi->type = lo ? ARPHRD_LOOPBACK : ARPHRD_ETHER;
	ifi->index = ifc->index;
	ifi->flags = net_if_flags(ifc);
	msg_attr(m, IFLA_IFNAME, ifc->dev->name, strlen(ifc->dev->name) + 1);
	msg_u32(m, IFLA_TXQLEN, 0);
	msg_u8(m, IFLA_OPERSTATE, !ifc->up ? IF_OPER_DOWN : lo ? IF_OPER_UNKNOWN :
								 IF_OPER_UP);
	msg_u8(m, IFLA_LINKMODE, 0);
	msg_u32(m, IFLA_MTU, ifc->mtu);
	msg_u32(m, IFLA_MIN_MTU, MTU_MIN);
	msg_u32(m, IFLA_MAX_MTU, ETH_MTU);
	msg_u8(m, IFLA_CARRIER, 1);
	msg_attr(m, IFLA_ADDRESS, ifc->dev->mac, ETH_ALEN);
	msg_attr(m, IFLA_BROADCAST, lo ? zero : bcast, ETH_ALEN);
}

static void addr_msg(struct msg *m, const struct net_if *ifc, u32 addr, u32 mask, u16 type,
		     u16 flags, u32 seq, u32 pid)
{
	struct ifaddrmsg *ifa = msg_begin(m, type, flags, seq, pid, sizeof(*ifa));
	int prefix = net_mask_prefix(mask);

	ifa->family = AF_INET;
	ifa->prefixlen = (u8)(prefix < 0 ? 0 : prefix);
	ifa->flags = IFA_F_PERMANENT;
	ifa->scope = ifc->dev->loopback ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
	ifa->index = (u32)ifc->index;
	msg_u32(m, IFA_ADDRESS, addr);
	msg_u32(m, IFA_LOCAL, addr);
	if (!ifc->dev->loopback && prefix < 31)
		msg_u32(m, IFA_BROADCAST, addr | ~mask);
	msg_attr(m, IFA_LABEL, ifc->dev->name, strlen(ifc->dev->name) + 1);
	msg_u32(m, IFA_FLAGS, IFA_F_PERMANENT);
}

static void route_msg(struct msg *m, const struct net_route_info *r, u16 type, u16 flags, u32 seq,
		      u32 pid)
{
	struct rtmsg *rt = msg_begin(m, type, flags, seq, pid, sizeof(*rt));
	int prefix = net_mask_prefix(r->mask);

	rt->family = AF_INET;
	rt->dst_len = (u8)(prefix < 0 ? 0 : prefix);
	rt->table = RT_TABLE_MAIN;
	rt->protocol = r->connected ? RTPROT_KERNEL : r->protocol;
	rt->scope = r->local ? RT_SCOPE_HOST : r->gw ? RT_SCOPE_UNIVERSE :
						       RT_SCOPE_LINK;
	rt->type = r->local ? RTN_LOCAL : RTN_UNICAST;
	msg_u32(m, RTA_TABLE, RT_TABLE_MAIN);
	if (rt->dst_len)
		msg_u32(m, RTA_DST, r->dst);
	if (r->src)
		msg_u32(m, RTA_PREFSRC, r->src);
	if (r->gw)
		msg_u32(m, RTA_GATEWAY, r->gw);
	msg_u32(m, RTA_OIF, (u32)r->ifindex);
}

/* ---------------------------------------------------------------- events */

static void notify(struct msg *m, u32 group)
{
	struct nl_out out = { NULL, group, NULL };

	msg_send(m, &out);
	nl_out_flush(&out);
}

void rtnl_notify_link(const struct net_if *ifc)
{
	struct msg m;

	link_msg(&m, ifc, RTM_NEWLINK, 0, 0, 0);
	notify(&m, RTMGRP_LINK);
}

void rtnl_notify_addr(const struct net_if *ifc, bool added, u32 addr, u32 mask)
{
	struct msg m;

	if (!addr)
		return;
	addr_msg(&m, ifc, addr, mask, added ? RTM_NEWADDR : RTM_DELADDR, 0, 0, 0);
	notify(&m, RTMGRP_IPV4_IFADDR);
}

static void notify_route(const struct net_route_info *r, bool added)
{
	struct msg m;

	route_msg(&m, r, added ? RTM_NEWROUTE : RTM_DELROUTE, 0, 0, 0);
	notify(&m, RTMGRP_IPV4_ROUTE);
}

/* ---------------------------------------------------------------- reading requests */

/*
 * A request's attributes after its fixed header of fixed bytes: tb[type]
 * is the last of each type up to max. -EINVAL when the message is shorter
 * than the header, or an attribute runs past the message or is shorter
 * than its own header, or bytes are left over.
 */
static int parse_attrs(const struct nlmsghdr *h, size_t fixed, const struct rtattr *tb[],
		       unsigned int max)
{
	const u8 *p = (const u8 *)h + NLMSG_HDRLEN + NL_ALIGN(fixed);
	size_t rem;

	for (unsigned int i = 0; i <= max; i++)
		tb[i] = NULL;
	if (h->len < NLMSG_HDRLEN + fixed)
		return -EINVAL;
	rem = h->len >= NLMSG_HDRLEN + NL_ALIGN(fixed) ? h->len - NLMSG_HDRLEN - NL_ALIGN(fixed) : 0;
	while (rem >= sizeof(struct rtattr)) {
		const struct rtattr *a = (const struct rtattr *)p;
		size_t step = NL_ALIGN(a->len);
		unsigned int type = a->type & 0x3fff; /* without NLA_F_NESTED, NLA_F_NET_BYTEORDER */

		if (a->len < sizeof(*a) || a->len > rem)
			return -EINVAL;
		if (type <= max)
			tb[type] = a;
		step = MIN(step, rem); /* the last one need not be padded */
		p += step;
		rem -= step;
	}
	return rem ? -EINVAL : 0;
}

static size_t attr_len(const struct rtattr *a)
{
	return a->len - sizeof(*a);
}

static const void *attr_data(const struct rtattr *a)
{
	return (const u8 *)a + sizeof(*a);
}

/* A 4-byte attribute (an address, an index, a number): -EINVAL if it is any other size. */
static int attr_u32(const struct rtattr *a, u32 *v)
{
	if (attr_len(a) != sizeof(*v))
		return -EINVAL;
	memcpy(v, attr_data(a), sizeof(*v));
	return 0;
}

/* An interface name attribute: at most IFNAMSIZ - 1 bytes before its NUL (or the end). */
static int attr_ifname(const struct rtattr *a, char name[IFNAMSIZ], size_t *len)
{
	const char *s = attr_data(a);

	*len = strnlen(s, attr_len(a));
	if (*len >= IFNAMSIZ)
		return -EINVAL;
	memcpy(name, s, *len);
	name[*len] = '\0';
	return 0;
}

/* ---------------------------------------------------------------- links */

/* The interface a link request names: by index, else by IFLA_IFNAME. */
static int find_link(const struct ifinfomsg *ifi, const struct rtattr *tb[], struct net_if **ifc)
{
	char name[IFNAMSIZ];
	size_t len;
	int err;

	*ifc = NULL;
	if (ifi->index > 0) {
		*ifc = net_if_by_index(ifi->index);
	} else if (tb[IFLA_IFNAME]) {
		err = attr_ifname(tb[IFLA_IFNAME], name, &len);
		if (err)
			return err;
		*ifc = net_if_by_name(name, len);
	} else {
		return -EINVAL;
	}
	return *ifc ? 0 : -ENODEV;
}

static int get_link(const struct nlmsghdr *h, struct nl_out *out, u32 pid)
{
	const struct rtattr *tb[IFLA_MAX + 1];
	struct ifinfomsg ifi;
	struct net_if *ifc;
	struct msg m;
	int err = parse_attrs(h, sizeof(ifi), tb, IFLA_MAX);

	if (err)
		return err;
	memcpy(&ifi, (const u8 *)h + NLMSG_HDRLEN, sizeof(ifi));
	err = find_link(&ifi, tb, &ifc);
	if (err)
		return err;
	link_msg(&m, ifc, RTM_NEWLINK, 0, h->seq, pid);
	msg_send(&m, out);
	return 0;
}

/*
 * RTM_NEWLINK and RTM_SETLINK of an existing interface: IFF_UP through
 * ifi_flags and ifi_change (a change mask of 0 means every bit, as Linux
 * reads it) and IFLA_MTU. New devices cannot be made, and other
 * attributes cannot be held: -EOPNOTSUPP.
 */
static int set_link(const struct nlmsghdr *h)
{
	const struct rtattr *tb[IFLA_MAX + 1];
	struct ifinfomsg ifi;
	struct net_if *ifc;
	u32 mtu = 0, flags;
	int err = parse_attrs(h, sizeof(ifi), tb, IFLA_MAX);

	if (err)
		return err;
	memcpy(&ifi, (const u8 *)h + NLMSG_HDRLEN, sizeof(ifi));
	err = find_link(&ifi, tb, &ifc);
	if (err == -ENODEV && h->type == RTM_NEWLINK && (h->flags & NLM_F_CREATE))
		return -EOPNOTSUPP; /* no kind of device can be created */
	if (err)
		return err;
	if (h->type == RTM_NEWLINK && (h->flags & NLM_F_EXCL))
		return -EEXIST;
	for (unsigned int t = 0; t <= IFLA_MAX; t++)
		if (tb[t] && t != IFLA_IFNAME && t != IFLA_MTU && t != IFLA_EXT_MASK)
			return -EOPNOTSUPP;
	if (tb[IFLA_IFNAME] && ifi.index > 0) {
		char name[IFNAMSIZ];
		size_t len;

		err = attr_ifname(tb[IFLA_IFNAME], name, &len);
		if (err)
			return err;
		if (strcmp(name, ifc->dev->name))
			return -EOPNOTSUPP; /* renaming */
	}
	if (tb[IFLA_MTU]) {
		err = attr_u32(tb[IFLA_MTU], &mtu);
		if (err)
			return err;
		if (mtu < MTU_MIN || mtu > ETH_MTU)
			return -EINVAL;
	}
	flags = net_if_flags(ifc);
	if (ifi.change)
		flags = (flags & ~ifi.change) | (ifi.flags & ifi.change);
	else
		flags = ifi.flags;
	if (mtu)
		net_if_set_mtu(ifc, mtu);
	if (ifi.change || ifi.flags)
		net_if_set_up(ifc, flags & IFF_UP);
	rtnl_notify_link(ifc);
	return 0;
}

/* ---------------------------------------------------------------- addresses */

/*
 * RTM_NEWADDR and RTM_DELADDR: the stack holds one IPv4 address per
 * interface, so a second one is -EBUSY (NLM_F_REPLACE replaces it).
 */
static int change_addr(const struct nlmsghdr *h)
{
	const struct rtattr *tb[IFA_MAX + 1];
	struct ifaddrmsg ifa;
	struct net_if *ifc;
	u32 addr = 0, mask, old, old_mask;
	int err = parse_attrs(h, sizeof(ifa), tb, IFA_MAX);

	if (err)
		return err;
	memcpy(&ifa, (const u8 *)h + NLMSG_HDRLEN, sizeof(ifa));
	if (ifa.family != AF_INET)
		return -EOPNOTSUPP;
	if (ifa.prefixlen > 32)
		return -EINVAL;
	if (tb[IFA_LOCAL] || tb[IFA_ADDRESS]) {
		err = attr_u32(tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS], &addr);
		if (err)
			return err;
	}
	ifc = net_if_by_index((int)ifa.index);
	if (!ifc)
		return -ENODEV;
	mask = net_prefix_mask(ifa.prefixlen);
	old = ifc->addr;
	old_mask = ifc->mask;
	if (h->type == RTM_DELADDR) {
		if (!old || (addr && addr != old) || (ifa.prefixlen && mask != old_mask))
			return -EADDRNOTAVAIL;
		net_if_set_address(ifc, 0, 0);
		rtnl_notify_addr(ifc, false, old, old_mask);
		return 0;
	}
	if (!addr || !ifa.prefixlen)
		return -EINVAL;
	if (old == addr && old_mask == mask && !(h->flags & NLM_F_REPLACE))
		return -EEXIST;
	if (old && old != addr && !(h->flags & NLM_F_REPLACE))
		return -EBUSY;
	err = net_if_set_address(ifc, addr, mask);
	if (err)
		return err;
	if (old)
		rtnl_notify_addr(ifc, false, old, old_mask);
	rtnl_notify_addr(ifc, true, addr, mask);
	return 0;
}

/* ---------------------------------------------------------------- routes */

struct route_req {
	struct rtmsg rt;
	u32 dst, gw, oif, mask;
};

/* What a route request says, checked: main table, unicast, no source routing, IPv4. */
static int parse_route(const struct nlmsghdr *h, struct route_req *r, const struct rtattr *tb[])
{
	u32 table, v;
	int err = parse_attrs(h, sizeof(r->rt), tb, RTA_MAX);

	if (err)
		return err;
	memset(r, 0, sizeof(*r));
	memcpy(&r->rt, (const u8 *)h + NLMSG_HDRLEN, sizeof(r->rt));
	if (r->rt.family != AF_INET)
		return -EOPNOTSUPP;
	if (r->rt.dst_len > 32 || r->rt.src_len)
		return -EINVAL;
	table = r->rt.table;
	if (tb[RTA_TABLE] && attr_u32(tb[RTA_TABLE], &table))
		return -EINVAL;
	if (table != RT_TABLE_UNSPEC && table != RT_TABLE_MAIN)
		return -EOPNOTSUPP; /* one table: main */
	if ((tb[RTA_DST] && attr_u32(tb[RTA_DST], &r->dst)) ||
	    (tb[RTA_GATEWAY] && attr_u32(tb[RTA_GATEWAY], &r->gw)) ||
	    (tb[RTA_OIF] && attr_u32(tb[RTA_OIF], &r->oif)))
		return -EINVAL;
	if (tb[RTA_PRIORITY] && (attr_u32(tb[RTA_PRIORITY], &v) || v))
		return -EOPNOTSUPP; /* metrics are not kept */
	if (tb[RTA_SRC])
		return -EINVAL;
	r->mask = net_prefix_mask(r->rt.dst_len);
	return 0;
}

static int change_route(const struct nlmsghdr *h)
{
	const struct rtattr *tb[RTA_MAX + 1];
	struct net_route_info info;
	struct route_req r;
	int err = parse_route(h, &r, tb);

	if (err)
		return err;
	if (h->type == RTM_NEWROUTE) {
		if (r.rt.type != RTN_UNICAST)
			return -EOPNOTSUPP;
		err = net_route_add(r.dst, r.mask, r.gw, (int)r.oif,
				    r.rt.protocol ? r.rt.protocol : RTPROT_BOOT,
				    h->flags & NLM_F_REPLACE);
	} else {
		err = net_route_del(r.dst, r.mask, r.gw, (int)r.oif);
	}
	if (err)
		return err;
	/* The event names the interface the route ended up on. */
	memset(&info, 0, sizeof(info));
	info.dst = r.dst;
	info.mask = r.mask;
	info.gw = r.gw;
	info.ifindex = (int)r.oif;
	info.protocol = r.rt.protocol ? r.rt.protocol : RTPROT_BOOT;
	for (int pos = 0; h->type == RTM_NEWROUTE; pos++) {
		struct net_route_info found;

		if (net_route_get(pos, &found))
			break;
		if (!found.connected && found.dst == r.dst && found.mask == r.mask) {
			info = found;
			break;
		}
	}
	notify_route(&info, h->type == RTM_NEWROUTE);
	return 0;
}

/* RTM_GETROUTE of one address (ip route get): the route a datagram to it would take. */
static int get_route(const struct nlmsghdr *h, struct nl_out *out, u32 pid)
{
	const struct rtattr *tb[RTA_MAX + 1];
	struct net_route_info info = { 0 };
	struct route_req r;
	struct net_if *ifc;
	struct msg m;
	u32 hop;
	int err = parse_route(h, &r, tb);

	if (err)
		return err;
	if (net_is_local(r.dst)) {
		ifc = net_loopback();
		hop = r.dst;
	} else {
		ifc = net_route(r.dst, &hop);
	}
	if (!ifc)
		return -ENETUNREACH;
	info.dst = r.dst;
	info.mask = net_prefix_mask(32);
	info.gw = hop != r.dst ? hop : 0;
	info.src = ip_source_for(r.dst);
	info.ifindex = ifc->index;
	info.connected = true;
	info.local = net_is_local(r.dst);
	route_msg(&m, &info, RTM_NEWROUTE, 0, h->seq, pid);
	msg_send(&m, out);
	return 0;
}

/* ---------------------------------------------------------------- dumps */

/* The family byte every request starts with (struct rtgenmsg). */
static u8 request_family(const struct nlmsghdr *h)
{
	return ((const u8 *)h)[NLMSG_HDRLEN];
}

/* Interfaces in index order. */
static struct net_if *next_if(int after)
{
	struct net_if *best = NULL;

	for (unsigned int i = 0; i < NET_IFS_MAX; i++) {
		struct net_if *ifc = &net_ifs[i];

		if (ifc->dev && ifc->index > after && (!best || ifc->index < best->index))
			best = ifc;
	}
	return best;
}

static int dump(const struct nlmsghdr *h, struct nl_out *out, u32 pid)
{
	u8 family = request_family(h);
	const struct rtattr *tb[RTA_MAX + 1];
	size_t fixed = h->type == RTM_GETLINK ? sizeof(struct ifinfomsg) :
		       h->type == RTM_GETADDR ? sizeof(struct ifaddrmsg) :
						sizeof(struct rtmsg);
	u16 flags = NLM_F_MULTI;
	struct msg m;
	s32 done = 0;

	/* A full family header may carry attributes (filters): they must be well formed. */
	if (h->len >= NLMSG_HDRLEN + fixed && parse_attrs(h, fixed, tb, RTA_MAX))
		return -EINVAL;
	for (struct net_if *ifc = next_if(0); ifc; ifc = next_if(ifc->index)) {
		if (h->type == RTM_GETLINK) {
			link_msg(&m, ifc, RTM_NEWLINK, flags, h->seq, pid);
			msg_send(&m, out);
		} else if (h->type == RTM_GETADDR && ifc->addr &&
			   (family == AF_UNSPEC || family == AF_INET)) {
			addr_msg(&m, ifc, ifc->addr, ifc->mask, RTM_NEWADDR, flags, h->seq, pid);
			msg_send(&m, out);
		}
	}
	if (h->type == RTM_GETROUTE && (family == AF_UNSPEC || family == AF_INET)) {
		struct net_route_info r;

		for (int pos = 0; net_route_get(pos, &r) == 0; pos++) {
			route_msg(&m, &r, RTM_NEWROUTE, flags, h->seq, pid);
			msg_send(&m, out);
		}
	}
	memcpy(msg_begin(&m, NLMSG_DONE, flags, h->seq, pid, sizeof(done)), &done, sizeof(done));
	msg_send(&m, out);
	return DUMPED;
}

/* ---------------------------------------------------------------- requests */

/* NLMSG_ERROR for the request at req (its first len bytes echoed when err is not 0). */
static void ack(struct nl_out *out, const struct nlmsghdr *req, size_t len, int err, u32 pid)
{
	struct nlmsghdr h = { 0, NLMSG_ERROR, err ? 0 : NLM_F_CAPPED, req->seq, pid };
	size_t echo = err ? len : NLMSG_HDRLEN;
	s32 e = err;
	u8 *buf;

	h.len = (u32)(NLMSG_HDRLEN + sizeof(e) + echo);
	buf = kzalloc(NL_ALIGN(h.len));
	if (!buf) {
		if (out->to)
			out->to->overrun = true;
		return;
	}
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + NLMSG_HDRLEN, &e, sizeof(e));
	memcpy(buf + NLMSG_HDRLEN + sizeof(e), req, echo);
	nl_out_msg(out, buf, NL_ALIGN(h.len));
	kfree(buf);
}

/* One request: 0 (done), DUMPED, or -errno. */
static int rtnl_msg(const struct nlmsghdr *h, struct nl_out *out, u32 pid)
{
	/* Control messages and answers are not requests: nothing to do, as on Linux. */
	if (h->type < NLMSG_MIN_TYPE || !(h->flags & NLM_F_REQUEST))
		return 0;
	if (h->type > RTM_MAX)
		return -EOPNOTSUPP;
	if (h->len < NLMSG_HDRLEN + 1)
		return -EINVAL; /* not even the family byte */
	/* Anything but a GET (the low two bits 2) changes the network: root's (CAP_NET_ADMIN). */
	if ((h->type & 3) != 2 && !capable(CAP_NET_ADMIN))
		return -EPERM;
	switch (h->type) {
	case RTM_GETLINK:
	case RTM_GETADDR:
	case RTM_GETROUTE:
		if ((h->flags & NLM_F_DUMP) == NLM_F_DUMP)
			return dump(h, out, pid);
		if (h->type == RTM_GETLINK)
			return get_link(h, out, pid);
		if (h->type == RTM_GETROUTE)
			return get_route(h, out, pid);
		return -EOPNOTSUPP;
	case RTM_NEWLINK:
	case RTM_SETLINK:
		return set_link(h);
	case RTM_NEWADDR:
	case RTM_DELADDR:
		return change_addr(h);
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		return change_route(h);
	default:
		return -EOPNOTSUPP; /* deleting links, neighbours, rules, qdiscs, ... */
	}
}

void rtnl_rcv(struct nl_sock *from, const u8 *data, size_t len)
{
	struct nl_out out = { from, 0, NULL };
	u8 *copy = NULL;

	while (len >= NLMSG_HDRLEN) {
		struct nlmsghdr h;
		size_t step;
		int err;

		memcpy(&h, data, sizeof(h));
		if (h.len < NLMSG_HDRLEN || h.len > len) {
			/* Its length lies: the rest cannot be read either. */
			ack(&out, &h, NLMSG_HDRLEN, -EINVAL, from->portid);
			break;
		}
		/* An aligned copy: attributes are read in place. */
		copy = kmalloc(h.len);
		if (!copy) {
			ack(&out, &h, NLMSG_HDRLEN, -ENOMEM, from->portid);
			break;
		}
		memcpy(copy, data, h.len);
		err = rtnl_msg((const struct nlmsghdr *)copy, &out, from->portid);
		if (err < 0 || (err == 0 && (h.flags & NLM_F_ACK)))
			ack(&out, (const struct nlmsghdr *)copy, h.len, err, from->portid);
		kfree(copy);
		step = MIN(NL_ALIGN(h.len), len);
		data += step;
		len -= step;
	}
	nl_out_flush(&out);
}
