/*
 * utest: rtnetlink as ip(8) speaks it: dumps of links, addresses and
 * routes, one link and one route, changes and the events they send, acks,
 * and malformed messages refused.
 *
 * Checks that change an interface or a route run only on the pvkernel:
 * on a Linux host they would change the host. The netlink structures are
 * Linux's ABI, written out here (musl ships no linux/ headers).
 */
#include "utest.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

struct nlh {
	uint32_t len;
	uint16_t type, flags;
	uint32_t seq, pid;
};

struct rta {
	uint16_t len, type;
};

struct ifinfo {
	uint8_t family, pad;
	uint16_t type;
	int32_t index;
	uint32_t flags, change;
};

struct ifa_msg {
	uint8_t family, prefixlen, flags, scope;
	uint32_t index;
};

struct rtm {
	uint8_t family, dst_len, src_len, tos, table, protocol, scope, type;
	uint32_t flags;
};

struct nl_addr {
	uint16_t family, pad;
	uint32_t pid, groups;
};

#define NLMSG_ERROR	2
#define NLMSG_DONE	3
#define NLM_F_REQUEST	0x1
#define NLM_F_MULTI	0x2
#define NLM_F_ACK	0x4
#define NLM_F_DUMP	0x300
#define NLM_F_CREATE	0x400
#define NLM_F_CAPPED	0x100
#define RTM_NEWLINK	16
#define RTM_GETLINK	18
#define RTM_SETLINK	19
#define RTM_NEWADDR	20
#define RTM_DELADDR	21
#define RTM_GETADDR	22
#define RTM_NEWROUTE	24
#define RTM_DELROUTE	25
#define RTM_GETROUTE	26
#define IFLA_IFNAME	3
#define IFLA_MTU	4
#define IFA_ADDRESS	1
#define IFA_LOCAL	2
#define RTA_DST		1
#define RTA_OIF		4
#define RTA_GATEWAY	5
#define RTMGRP_LINK	1
#define ARPHRD_LOOPBACK 772
#define NETLINK_ROUTE	0

static uint32_t seq = 100;

static char routes[8192];

/* /proc/net/route, as busybox route reads it. */
static const char *slurp_route(void)
{
	read_file("/proc/net/route", routes, sizeof(routes));
	return routes;
}

/* A request being built: header, fixed part, attributes. */
struct req {
	struct nlh h;
	uint8_t body[512];
};

static void *req_init(struct req *r, uint16_t type, uint16_t flags, size_t fixed)
{
	memset(r, 0, sizeof(*r));
	r->h.len = sizeof(r->h) + ((fixed + 3) & ~3u);
	r->h.type = type;
	r->h.flags = NLM_F_REQUEST | flags;
	r->h.seq = ++seq;
	return r->body;
}

static void req_attr(struct req *r, uint16_t type, const void *data, size_t len)
{
	struct rta a = { (uint16_t)(sizeof(a) + len), type };
	uint8_t *p = (uint8_t *)r + r->h.len;

	memcpy(p, &a, sizeof(a));
	memcpy(p + sizeof(a), data, len);
	r->h.len += (sizeof(a) + len + 3) & ~3u;
}

static int nl_open(void)
{
	struct nl_addr a = { AF_NETLINK, 0, 0, 0 };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0)
		fail("socket(AF_NETLINK): %s", errname(errno));
	OK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	return fd;
}

/* Everything queued for fd now, datagram after datagram, into buf; its length. */
static size_t nl_drain(int fd, uint8_t *buf, size_t size)
{
	size_t got = 0;
	ssize_t n;

	while (got < size && (n = recv(fd, buf + got, size - got, MSG_DONTWAIT)) > 0)
		got += n;
	return got;
}

/* The error of the NLMSG_ERROR answering seq s in buf, or 1 if there is none. */
static int find_ack(const uint8_t *buf, size_t len, uint32_t s, uint16_t *flags)
{
	for (size_t off = 0; off + sizeof(struct nlh) <= len;) {
		struct nlh h;
		int32_t err;

		memcpy(&h, buf + off, sizeof(h));
		if (h.len < sizeof(h) || off + h.len > len)
			fail("malformed answer at %zu: len %u", off, h.len);
		if (h.type == NLMSG_ERROR && h.seq == s && h.len >= sizeof(h) + 4) {
			memcpy(&err, buf + off + sizeof(h), 4);
			if (flags)
				*flags = h.flags;
			return err;
		}
		off += (h.len + 3) & ~3u;
	}
	return 1;
}

static uint8_t answer[65536];

/* Sends r and returns the error its ack carries (the ack is always asked for). */
static int nl_talk(int fd, struct req *r)
{
	size_t n;

	r->h.flags |= NLM_F_ACK;
	CHECK_EQ(send(fd, r, r->h.len, 0), r->h.len);
	n = nl_drain(fd, answer, sizeof(answer));
	return find_ack(answer, n, r->h.seq, NULL);
}

/* The attribute type of the message at m (fixed bytes of header), or NULL. */
static const struct rta *msg_attr(const struct nlh *m, size_t fixed, uint16_t type)
{
	const uint8_t *p = (const uint8_t *)m + sizeof(*m) + ((fixed + 3) & ~3u);
	const uint8_t *end = (const uint8_t *)m + m->len;

	while (p + sizeof(struct rta) <= end) {
		const struct rta *a = (const struct rta *)p;

		if (a->len < sizeof(*a) || p + a->len > end)
			fail("malformed attribute in an answer");
		if (a->type == type)
			return a;
		p += (a->len + 3) & ~3u;
	}
	return NULL;
}

/*
 * A dump of type: every message it brings, checked (each NLM_F_MULTI, our
 * seq and port, ending in NLMSG_DONE), is passed to fn.
 */
static int nl_dump(int fd, uint16_t type, uint8_t family,
		   void (*fn)(const struct nlh *m, void *arg), void *arg)
{
	struct nl_addr me, from;
	socklen_t alen = sizeof(me);
	struct req r;
	int count = 0;

	OK(getsockname(fd, (struct sockaddr *)&me, &alen));
	*(uint8_t *)req_init(&r, type, NLM_F_DUMP, 1) = family;
	CHECK_EQ(send(fd, &r, r.h.len, 0), r.h.len);
	for (;;) {
		struct iovec iov = { answer, sizeof(answer) };
		struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);

		if (n < 0)
			fail("recvmsg before NLMSG_DONE: %s", errname(errno));
		CHECK_EQ(msg.msg_namelen, sizeof(from));
		CHECK_EQ(from.family, AF_NETLINK);
		CHECK_EQ(from.pid, 0);
		CHECK_EQ(msg.msg_flags & MSG_TRUNC, 0);
		for (size_t off = 0; off < (size_t)n;) {
			const struct nlh *m = (const struct nlh *)(answer + off);

			CHECK(off + sizeof(*m) <= (size_t)n && m->len >= sizeof(*m) &&
			      off + m->len <= (size_t)n);
			CHECK_EQ(m->seq, r.h.seq);
			CHECK_EQ(m->pid, me.pid);
			CHECK(m->flags & NLM_F_MULTI);
			if (m->type == NLMSG_DONE)
				return count;
			CHECK(m->type != NLMSG_ERROR);
			fn(m, arg);
			count++;
			off += (m->len + 3) & ~3u;
		}
	}
}

struct link_seen {
	int lo_index;
	uint32_t lo_flags;
	uint32_t lo_mtu;
};

static void on_link(const struct nlh *m, void *arg)
{
	struct link_seen *s = arg;
	const struct ifinfo *ifi = (const void *)(m + 1);
	const struct rta *name, *mtu;

	CHECK_EQ(m->type, RTM_NEWLINK);
	name = msg_attr(m, sizeof(*ifi), IFLA_IFNAME);
	CHECK(name != NULL);
	if (strcmp((const char *)(name + 1), "lo"))
		return;
	CHECK_EQ(ifi->type, ARPHRD_LOOPBACK);
	s->lo_index = ifi->index;
	s->lo_flags = ifi->flags;
	mtu = msg_attr(m, sizeof(*ifi), IFLA_MTU);
	CHECK(mtu && mtu->len == 8);
	memcpy(&s->lo_mtu, mtu + 1, 4);
}

static void t_netlink_dump_link(void)
{
	struct link_seen s = { 0 };
	struct nl_addr me;
	socklen_t alen = sizeof(me);
	int fd = nl_open();

	OK(getsockname(fd, (struct sockaddr *)&me, &alen));
	CHECK_EQ(alen, sizeof(me));
	CHECK_EQ(me.family, AF_NETLINK);
	CHECK(me.pid != 0);
	CHECK(nl_dump(fd, RTM_GETLINK, AF_UNSPEC, on_link, &s) >= 1);
	CHECK_EQ(s.lo_index, ifindex("lo"));
	CHECK((s.lo_flags & (IFF_UP | IFF_LOOPBACK)) == (IFF_UP | IFF_LOOPBACK));
	CHECK_EQ(s.lo_mtu, lo_mtu());
	close(fd);
}

struct addr_seen {
	int lo_addrs;
	int routes;
};

static void on_addr(const struct nlh *m, void *arg)
{
	struct addr_seen *s = arg;
	const struct ifa_msg *ifa = (const void *)(m + 1);
	const struct rta *a = msg_attr(m, sizeof(*ifa), IFA_LOCAL);
	uint32_t addr;

	CHECK_EQ(m->type, RTM_NEWADDR);
	if (ifa->family != AF_INET)
		return; /* IPv6, on a host */
	CHECK(a && a->len == 8);
	memcpy(&addr, a + 1, 4);
	if (addr == htonl(INADDR_LOOPBACK)) {
		CHECK_EQ(ifa->prefixlen, 8);
		CHECK_EQ(ifa->index, ifindex("lo"));
		s->lo_addrs++;
	}
}

static void on_route(const struct nlh *m, void *arg)
{
	struct addr_seen *s = arg;
	const struct rtm *rt = (const void *)(m + 1);

	CHECK_EQ(m->type, RTM_NEWROUTE);
	CHECK_EQ(rt->family, AF_INET);
	CHECK(msg_attr(m, sizeof(*rt), RTA_OIF) != NULL);
	s->routes++;
}

static void t_netlink_dump_addr_route(void)
{
	struct addr_seen s = { 0, 0 };
	int fd = nl_open();
	struct req r;
	struct rtm *rt;
	uint32_t dst = htonl(INADDR_LOOPBACK), oif = 0;
	const struct rta *a;
	size_t n;

	nl_dump(fd, RTM_GETADDR, AF_INET, on_addr, &s);
	CHECK_EQ(s.lo_addrs, 1);
	nl_dump(fd, RTM_GETADDR, AF_UNSPEC, on_addr, &s);
	CHECK_EQ(s.lo_addrs, 2);
	nl_dump(fd, RTM_GETROUTE, AF_INET, on_route, &s);
	/* No IPv6 here: a dump of it is just NLMSG_DONE. */
	if (pvkernel())
		CHECK_EQ(nl_dump(fd, RTM_GETADDR, AF_INET6, on_addr, &s), 0);
	/* ip route get 127.0.0.1: one answer, through lo. */
	rt = req_init(&r, RTM_GETROUTE, 0, sizeof(*rt));
	rt->family = AF_INET;
	rt->dst_len = 32;
	req_attr(&r, RTA_DST, &dst, 4);
	CHECK_EQ(send(fd, &r, r.h.len, 0), r.h.len);
	n = nl_drain(fd, answer, sizeof(answer));
	CHECK(n >= sizeof(struct nlh));
	CHECK_EQ(((struct nlh *)answer)->type, RTM_NEWROUTE);
	CHECK_EQ(((struct nlh *)answer)->seq, r.h.seq);
	a = msg_attr((struct nlh *)answer, sizeof(*rt), RTA_OIF);
	CHECK(a != NULL);
	memcpy(&oif, a + 1, 4);
	CHECK_EQ(oif, ifindex("lo"));
	close(fd);
}

/* Sends len raw bytes and returns the error of the ack for seq s (1: none came). */
static int send_raw(int fd, const void *buf, size_t len, uint32_t s)
{
	CHECK_EQ(send(fd, buf, len, 0), len);
	return find_ack(answer, nl_drain(fd, answer, sizeof(answer)), s, NULL);
}

/* Lengths and attributes are checked, never trusted. */
static void t_netlink_malformed(void)
{
	int fd = nl_open(), lo = ifindex("lo");
	struct ifinfo *ifi;
	struct req r;
	uint16_t mtu16 = 1400;
	uint8_t raw[64];

	if (!pvkernel())
		skip("sends link changes a host would take: only on the pvkernel");
	/* A family header cut short. */
	req_init(&r, RTM_SETLINK, 0, 4);
	CHECK_EQ(nl_talk(fd, &r), -EINVAL);
	/* An attribute of the wrong size for its type. */
	ifi = req_init(&r, RTM_SETLINK, 0, sizeof(*ifi));
	ifi->index = lo;
	req_attr(&r, IFLA_MTU, &mtu16, sizeof(mtu16));
	CHECK_EQ(nl_talk(fd, &r), -EINVAL); /* Linux says ERANGE */
	/* An MTU IPv4 cannot use (Linux takes it for lo, and IPv4 leaves lo). */
	ifi = req_init(&r, RTM_SETLINK, 0, sizeof(*ifi));
	ifi->index = lo;
	req_attr(&r, IFLA_MTU, &(uint32_t){ 10 }, 4);
	CHECK_EQ(nl_talk(fd, &r), -EINVAL);
	/* Linux ignores what follows with a warning; this kernel refuses it. */
	/* An attribute longer than the message, and one shorter than its own header. */
	ifi = req_init(&r, RTM_SETLINK, 0, sizeof(*ifi));
	ifi->index = lo;
	req_attr(&r, IFLA_MTU, &(uint32_t){ 1400 }, 4);
	((struct rta *)((uint8_t *)&r + sizeof(r.h) + sizeof(*ifi)))->len = 200;
	CHECK_EQ(nl_talk(fd, &r), -EINVAL);
	((struct rta *)((uint8_t *)&r + sizeof(r.h) + sizeof(*ifi)))->len = 2;
	CHECK_EQ(nl_talk(fd, &r), -EINVAL);
	/* Bytes left over after the attributes. */
	ifi = req_init(&r, RTM_SETLINK, 0, sizeof(*ifi));
	ifi->index = lo;
	r.h.len += 2;
	CHECK_EQ(nl_talk(fd, &r), -EINVAL);
	CHECK_EQ(lo_mtu() == 1400, 0);
	/* A message whose length runs past the datagram, or is shorter than a header. */
	req_init(&r, RTM_GETLINK, NLM_F_DUMP, 1);
	memcpy(raw, &r, sizeof(struct nlh) + 4);
	((struct nlh *)raw)->len = 1000;
	CHECK_EQ(send_raw(fd, raw, sizeof(struct nlh) + 4, r.h.seq), -EINVAL);
	((struct nlh *)raw)->len = 8;
	CHECK_EQ(send_raw(fd, raw, sizeof(struct nlh) + 4, r.h.seq), -EINVAL);
	/* A datagram shorter than a header is no message: nothing comes back. */
	CHECK_EQ(send_raw(fd, raw, 10, r.h.seq), 1);
	close(fd);
}

/* The options iproute2 sets before anything else (it gives up without them), as Linux answers. */
static void t_netlink_sockopts(void)
{
	int fd = nl_open(), v;
	socklen_t len = sizeof(v);

	OK(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &(int){ 32768 }, sizeof(int)));
	OK(getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, &len));
	CHECK_EQ(v, 65536); /* doubled */
	OK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &(int){ 1024 * 1024 }, sizeof(int)));
	OK(getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len));
	CHECK(v >= 2 * 1024 && v <= 2 * 1024 * 1024);
	OK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &(int){ 1 }, sizeof(int)));
	OK(getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len));
	CHECK_EQ(v, 2304); /* Linux's floor */
	OK(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len));
	CHECK_EQ(v, SOCK_RAW);
	OK(getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len));
	CHECK_EQ(v, NETLINK_ROUTE);
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, 2), EINVAL);
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, BAD, sizeof(int)), EFAULT);
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, 12345, &v, sizeof(v)), ENOPROTOOPT);
	close(fd);
}

static void t_netlink_acks(void)
{
	int fd = nl_open();
	struct ifinfo *ifi;
	struct req r;
	struct nlh echoed;
	uint16_t flags = 0;
	size_t n;

	/* Success is acked when asked, without the request (NLM_F_CAPPED). */
	ifi = req_init(&r, RTM_GETLINK, NLM_F_ACK, sizeof(*ifi));
	ifi->index = ifindex("lo");
	CHECK_EQ(send(fd, &r, r.h.len, 0), r.h.len);
	n = nl_drain(fd, answer, sizeof(answer));
	CHECK_EQ(((struct nlh *)answer)->type, RTM_NEWLINK);
	CHECK_EQ(find_ack(answer, n, r.h.seq, &flags), 0);
	CHECK(flags & NLM_F_CAPPED);
	/* An error is always answered, with the request after the error code. */
	ifi = req_init(&r, RTM_GETLINK, 0, sizeof(*ifi));
	ifi->index = 99999;
	CHECK_EQ(send(fd, &r, r.h.len, 0), r.h.len);
	n = nl_drain(fd, answer, sizeof(answer));
	CHECK_EQ(find_ack(answer, n, r.h.seq, &flags), -ENODEV);
	memcpy(&echoed, answer + sizeof(struct nlh) + 4, sizeof(echoed));
	CHECK_EQ(echoed.seq, r.h.seq);
	CHECK_EQ(echoed.type, RTM_GETLINK);
	/* Types past the last rtnetlink one, and links that cannot be made. */
	req_init(&r, 200, 0, 1);
	CHECK_EQ(nl_talk(fd, &r), -EOPNOTSUPP);
	ifi = req_init(&r, RTM_NEWLINK, NLM_F_CREATE, sizeof(*ifi));
	req_attr(&r, IFLA_IFNAME, "nosuch0", 8);
	CHECK_EQ(nl_talk(fd, &r), -EOPNOTSUPP);
	ifi = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifi));
	req_attr(&r, IFLA_IFNAME, "nosuch0", 8);
	CHECK_EQ(nl_talk(fd, &r), -ENODEV);
	/* Other protocols and socket types. */
	CHECK_ERR(socket(AF_NETLINK, SOCK_RAW, 99), EPROTONOSUPPORT);
	CHECK_ERR(socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE), ESOCKTNOSUPPORT);
	/* MSG_PEEK|MSG_TRUNC tells the size of the next datagram, and leaves it. */
	ifi = req_init(&r, RTM_GETLINK, 0, sizeof(*ifi));
	ifi->index = ifindex("lo");
	CHECK_EQ(send(fd, &r, r.h.len, 0), r.h.len);
	n = recv(fd, answer, 4, MSG_PEEK | MSG_TRUNC);
	CHECK(n > 4);
	CHECK_EQ(recv(fd, answer, sizeof(answer), 0), n);
	close(fd);
}

/* ip link set lo down/up and mtu, over rtnetlink; the ioctls see the same. */
static void t_netlink_link_change(void)
{
	int fd, lo = ifindex("lo"), old = lo_mtu(), ev;
	struct nl_addr sub = { AF_NETLINK, 0, 0, RTMGRP_LINK };
	struct link_seen s = { 0 };
	struct ifinfo *ifi;
	struct req r;

	if (!pvkernel())
		skip("changes lo: only on the pvkernel");
	fd = nl_open();
	ev = OK(socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE));
	OK(bind(ev, (struct sockaddr *)&sub, sizeof(sub)));
	ifi = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifi));
	ifi->index = lo;
	ifi->change = IFF_UP;
	ifi->flags = 0;
	CHECK_EQ(nl_talk(fd, &r), 0);
	nl_dump(fd, RTM_GETLINK, AF_UNSPEC, on_link, &s);
	CHECK_EQ(s.lo_flags & IFF_UP, 0);
	/* The listener heard of it. */
	CHECK(nl_drain(ev, answer, sizeof(answer)) > sizeof(struct nlh));
	CHECK_EQ(((struct nlh *)answer)->type, RTM_NEWLINK);
	ifi = req_init(&r, RTM_SETLINK, 0, sizeof(*ifi));
	ifi->index = lo;
	ifi->change = IFF_UP;
	ifi->flags = IFF_UP;
	req_attr(&r, IFLA_MTU, &(uint32_t){ 1280 }, 4);
	CHECK_EQ(nl_talk(fd, &r), 0);
	CHECK_EQ(lo_mtu(), 1280);
	nl_dump(fd, RTM_GETLINK, AF_UNSPEC, on_link, &s);
	CHECK(s.lo_flags & IFF_UP);
	ifi = req_init(&r, RTM_SETLINK, 0, sizeof(*ifi));
	ifi->index = lo;
	req_attr(&r, IFLA_MTU, &(uint32_t){ (uint32_t)old }, 4);
	CHECK_EQ(nl_talk(fd, &r), 0);
	CHECK_EQ(lo_mtu(), old);
	close(ev);
	close(fd);
}

static void t_netlink_addr_route_change(void)
{
	int fd, lo = ifindex("lo");
	uint32_t local = htonl(INADDR_LOOPBACK), dst = htonl(0x0a630000), gw = htonl(0x0a050505);
	struct addr_seen s = { 0, 0 };
	struct ifa_msg *ifa;
	struct rtm *rt;
	struct req r;

	if (!pvkernel())
		skip("changes lo and the routes: only on the pvkernel");
	fd = nl_open();
	/* lo's address away and back (one address per interface here). */
	ifa = req_init(&r, RTM_DELADDR, 0, sizeof(*ifa));
	ifa->family = AF_INET;
	ifa->prefixlen = 8;
	ifa->index = lo;
	req_attr(&r, IFA_LOCAL, &local, 4);
	CHECK_EQ(nl_talk(fd, &r), 0);
	nl_dump(fd, RTM_GETADDR, AF_INET, on_addr, &s);
	CHECK_EQ(s.lo_addrs, 0);
	CHECK_EQ(nl_talk(fd, &r), -EADDRNOTAVAIL);
	r.h.type = RTM_NEWADDR;
	CHECK_EQ(nl_talk(fd, &r), 0);
	CHECK_EQ(nl_talk(fd, &r), -EEXIST);
	nl_dump(fd, RTM_GETADDR, AF_INET, on_addr, &s);
	CHECK_EQ(s.lo_addrs, 1);
	ifa = req_init(&r, RTM_NEWADDR, 0, sizeof(*ifa));
	ifa->family = AF_INET;
	ifa->prefixlen = 33;
	ifa->index = lo;
	req_attr(&r, IFA_LOCAL, &local, 4);
	CHECK_EQ(nl_talk(fd, &r), -EINVAL);
	/* A route through lo, shown in dumps and in /proc/net/route, then gone. */
	rt = req_init(&r, RTM_NEWROUTE, NLM_F_CREATE, sizeof(*rt));
	rt->family = AF_INET;
	rt->dst_len = 16;
	rt->table = 254;
	rt->protocol = 4;
	rt->type = 1;
	req_attr(&r, RTA_DST, &dst, 4);
	req_attr(&r, RTA_OIF, &(uint32_t){ (uint32_t)lo }, 4);
	CHECK_EQ(nl_talk(fd, &r), 0);
	CHECK_EQ(nl_talk(fd, &r), -EEXIST);
	nl_dump(fd, RTM_GETROUTE, AF_INET, on_route, &s);
	CHECK_EQ(s.routes, 1);
	CHECK(strstr(slurp_route(), "lo\t0000630A\t00000000\t0001\t") != NULL);
	r.h.type = RTM_DELROUTE;
	CHECK_EQ(nl_talk(fd, &r), 0);
	CHECK_EQ(nl_talk(fd, &r), -ESRCH);
	/* A gateway no interface reaches; a prefix with host bits. */
	rt = req_init(&r, RTM_NEWROUTE, NLM_F_CREATE, sizeof(*rt));
	rt->family = AF_INET;
	rt->table = 254;
	rt->type = 1;
	req_attr(&r, RTA_GATEWAY, &gw, 4);
	CHECK_EQ(nl_talk(fd, &r), -ENETUNREACH);
	rt = req_init(&r, RTM_NEWROUTE, NLM_F_CREATE, sizeof(*rt));
	rt->family = AF_INET;
	rt->dst_len = 8;
	rt->table = 254;
	rt->type = 1;
	req_attr(&r, RTA_DST, &dst, 4);
	req_attr(&r, RTA_OIF, &(uint32_t){ (uint32_t)lo }, 4);
	CHECK_EQ(nl_talk(fd, &r), -EINVAL);
	close(fd);
}

const struct utest netlink_tests[] = {
	{ "netlink_sockopts", t_netlink_sockopts },
	{ "netlink_dump_link", t_netlink_dump_link },
	{ "netlink_dump_addr_route", t_netlink_dump_addr_route },
	{ "netlink_malformed", t_netlink_malformed },
	{ "netlink_acks", t_netlink_acks },
	{ "netlink_link_change", t_netlink_link_change },
	{ "netlink_addr_route_change", t_netlink_addr_route_change },
	{ NULL, NULL },
};
