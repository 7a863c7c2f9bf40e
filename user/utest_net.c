/*
 * utest: the network as ifconfig sees it: the interface ioctls, datagrams
 * over lo with sendmsg/recvmsg, and /proc/net/dev (rtnetlink is
 * utest_netlink.c).
 *
 * Checks that change an interface run only on the pvkernel: on a Linux
 * host they would change the host.
 */
#include "utest.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define ARPHRD_LOOPBACK 772
#define NETLINK_ROUTE	0

/*
 * An interface's index by SIOCGIFINDEX on an AF_INET socket (musl's
 * if_nametoindex asks an AF_UNIX one, which has no interface ioctls here).
 */
int ifindex(const char *name)
{
	int fd = OK(socket(AF_INET, SOCK_DGRAM, 0));
	struct ifreq r;

	memset(&r, 0, sizeof(r));
	strncpy(r.ifr_name, name, sizeof(r.ifr_name) - 1);
	OK(ioctl(fd, SIOCGIFINDEX, &r));
	close(fd);
	return r.ifr_ifindex;
}

static char ifindex_text[32];

static const char *slurp_ifindex(void)
{
	read_file("/sys/class/net/lo/ifindex", ifindex_text, sizeof(ifindex_text));
	return ifindex_text;
}

/* lo's MTU as /sys says it. */
int lo_mtu(void)
{
	char buf[32];

	read_file("/sys/class/net/lo/mtu", buf, sizeof(buf));
	return atoi(buf);
}

/* ------------------------------------------------------------ ioctls */

/* SIOCGIFCONF lists each interface with an address; with no buffer, says how much it needs. */
static void t_ioctl_ifconf(void)
{
	struct ifreq req[16];
	struct ifconf ifc;
	int fd = OK(socket(AF_INET, SOCK_DGRAM, 0)), lo = -1, n;

	ifc.ifc_len = sizeof(req);
	ifc.ifc_req = req;
	OK(ioctl(fd, SIOCGIFCONF, &ifc));
	CHECK(ifc.ifc_len > 0 && ifc.ifc_len % (int)sizeof(struct ifreq) == 0);
	n = ifc.ifc_len / (int)sizeof(struct ifreq);
	for (int i = 0; i < n; i++)
		if (!strcmp(req[i].ifr_name, "lo"))
			lo = i;
	CHECK(lo >= 0);
	CHECK_EQ(req[lo].ifr_addr.sa_family, AF_INET);
	CHECK_EQ(((struct sockaddr_in *)&req[lo].ifr_addr)->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	ifc.ifc_len = 0;
	ifc.ifc_req = NULL;
	OK(ioctl(fd, SIOCGIFCONF, &ifc));
	CHECK_EQ(ifc.ifc_len, n * (int)sizeof(struct ifreq));
	/* Room for one: one. */
	ifc.ifc_len = sizeof(struct ifreq) + 7;
	ifc.ifc_req = req;
	OK(ioctl(fd, SIOCGIFCONF, &ifc));
	CHECK_EQ(ifc.ifc_len, sizeof(struct ifreq));
	CHECK_ERR(ioctl(fd, SIOCGIFCONF, BAD), EFAULT);
	close(fd);
}

static void t_ioctl_ifreq(void)
{
	int fd = OK(socket(AF_INET, SOCK_DGRAM, 0)), nl, index = ifindex("lo");
	struct sockaddr_in *sin;
	struct ifreq r;

	CHECK(index > 0);
	CHECK_EQ(index, atoi(slurp_ifindex()));
	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, "lo");
	OK(ioctl(fd, SIOCGIFFLAGS, &r));
	CHECK((r.ifr_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING)) == (IFF_UP | IFF_LOOPBACK | IFF_RUNNING));
	OK(ioctl(fd, SIOCGIFINDEX, &r));
	CHECK_EQ(r.ifr_ifindex, index);
	OK(ioctl(fd, SIOCGIFMTU, &r));
	CHECK_EQ(r.ifr_mtu, lo_mtu());
	OK(ioctl(fd, SIOCGIFHWADDR, &r));
	CHECK_EQ(r.ifr_hwaddr.sa_family, ARPHRD_LOOPBACK);
	CHECK(!memcmp(r.ifr_hwaddr.sa_data, "\0\0\0\0\0\0", 6));
	sin = (struct sockaddr_in *)&r.ifr_addr;
	OK(ioctl(fd, SIOCGIFADDR, &r));
	CHECK_EQ(sin->sin_family, AF_INET);
	CHECK_EQ(sin->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	OK(ioctl(fd, SIOCGIFNETMASK, &r));
	CHECK_EQ(sin->sin_addr.s_addr, htonl(0xff000000));
	OK(ioctl(fd, SIOCGIFBRDADDR, &r));
	CHECK_EQ(sin->sin_addr.s_addr, 0); /* lo has no broadcast */
	memset(&r, 0, sizeof(r));
	r.ifr_ifindex = index;
	OK(ioctl(fd, SIOCGIFNAME, &r));
	CHECK_STR(r.ifr_name, "lo");
	r.ifr_ifindex = 99999;
	CHECK_ERR(ioctl(fd, SIOCGIFNAME, &r), ENODEV);
	strcpy(r.ifr_name, "nosuch0");
	CHECK_ERR(ioctl(fd, SIOCGIFFLAGS, &r), ENODEV);
	CHECK_ERR(ioctl(fd, SIOCGIFFLAGS, BAD), EFAULT);
	CHECK_ERR(ioctl(fd, TCGETS, &r), ENOTTY); /* isatty() on a socket */
	/* Device ioctls work on any socket, address ones only on AF_INET. */
	nl = OK(socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE));
	strcpy(r.ifr_name, "lo");
	OK(ioctl(nl, SIOCGIFINDEX, &r));
	CHECK_ERR(ioctl(nl, SIOCGIFADDR, &r), ENOTTY);
	close(nl);
	close(fd);
}

/* ifconfig lo down/up, mtu and netmask, through the ioctls. */
static void t_ioctl_ifreq_set(void)
{
	int fd = OK(socket(AF_INET, SOCK_DGRAM, 0)), old = lo_mtu();
	struct sockaddr_in *sin = (struct sockaddr_in *)&(struct ifreq){ 0 }.ifr_addr;
	struct ifreq r;

	if (!pvkernel())
		skip("changes lo: only on the pvkernel");
	(void)sin;
	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, "lo");
	r.ifr_mtu = 10;
	CHECK_ERR(ioctl(fd, SIOCSIFMTU, &r), EINVAL);
	r.ifr_mtu = 1300;
	OK(ioctl(fd, SIOCSIFMTU, &r));
	CHECK_EQ(lo_mtu(), 1300);
	r.ifr_mtu = old;
	OK(ioctl(fd, SIOCSIFMTU, &r));
	r.ifr_flags = IFF_LOOPBACK;
	OK(ioctl(fd, SIOCSIFFLAGS, &r));
	OK(ioctl(fd, SIOCGIFFLAGS, &r));
	CHECK_EQ(r.ifr_flags & IFF_UP, 0);
	/* Down, lo is not there to send through. */
	{
		int u = OK(socket(AF_INET, SOCK_DGRAM, 0));
		struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

		CHECK_ERR(sendto(u, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)), ENETUNREACH);
		close(u);
	}
	r.ifr_flags = IFF_UP | IFF_LOOPBACK;
	OK(ioctl(fd, SIOCSIFFLAGS, &r));
	OK(ioctl(fd, SIOCGIFFLAGS, &r));
	CHECK(r.ifr_flags & IFF_UP);
	/* A mask must be a prefix. */
	((struct sockaddr_in *)&r.ifr_addr)->sin_family = AF_INET;
	((struct sockaddr_in *)&r.ifr_addr)->sin_addr.s_addr = htonl(0xff00ff00);
	CHECK_ERR(ioctl(fd, SIOCSIFNETMASK, &r), EINVAL);
	close(fd);
}

/* ------------------------------------------------------------ datagrams over lo */

static unsigned long long lo_counter(int column)
{
	char buf[4096];
	const char *p;
	unsigned long long v[16];

	read_file("/proc/net/dev", buf, sizeof(buf));
	p = strstr(buf, "lo:");
	CHECK(p != NULL);
	CHECK_EQ(sscanf(p + 3, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
			&v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10],
			&v[11], &v[12], &v[13], &v[14], &v[15]),
		 16);
	return v[column];
}

/* sendmsg gathers a datagram from its iovecs, recvmsg scatters it and says who sent it. */
static void t_sendmsg_recvmsg(void)
{
	int a = OK(socket(AF_INET, SOCK_DGRAM, 0)), b = OK(socket(AF_INET, SOCK_DGRAM, 0));
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in from, bound;
	socklen_t len = sizeof(bound);
	char p1[4], p2[16];
	struct iovec out[2] = { { "hello ", 6 }, { "world", 5 } }, in[2] = { { p1, 4 }, { p2, 16 } };
	struct msghdr m = { .msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = out, .msg_iovlen = 2 };
	unsigned long long rx = lo_counter(1), tx = lo_counter(9);

	OK(bind(b, (struct sockaddr *)&to, sizeof(to)));
	OK(getsockname(b, (struct sockaddr *)&bound, &len));
	to.sin_port = bound.sin_port;
	CHECK_EQ(sendmsg(a, &m, 0), 11);
	memset(&m, 0, sizeof(m));
	m.msg_name = &from;
	m.msg_namelen = sizeof(from);
	m.msg_iov = in;
	m.msg_iovlen = 2;
	CHECK_EQ(recvmsg(b, &m, 0), 11);
	CHECK(!memcmp(p1, "hell", 4) && !memcmp(p2, "o world", 7));
	CHECK_EQ(m.msg_namelen, sizeof(from));
	CHECK_EQ(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	CHECK_EQ(m.msg_flags & MSG_TRUNC, 0);
	/* Too small a buffer: the rest is lost and MSG_TRUNC says so. */
	m.msg_iov = out;
	m.msg_iovlen = 1;
	CHECK_EQ(sendmsg(a, &(struct msghdr){ .msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = out, .msg_iovlen = 2 },
			 0),
		 11);
	m.msg_iov = in;
	m.msg_iovlen = 1;
	m.msg_namelen = sizeof(from);
	CHECK_EQ(recvmsg(b, &m, 0), 4);
	CHECK(m.msg_flags & MSG_TRUNC);
	CHECK_ERR(recv(b, p2, sizeof(p2), MSG_DONTWAIT), EAGAIN);
	/* lo carried both, each way. */
	CHECK(lo_counter(1) >= rx + 2 && lo_counter(9) >= tx + 2);
	/* The C library reads a msghdr itself: ask the kernel directly. */
	CHECK_ERR(syscall(SYS_sendmsg, a, BAD, 0), EFAULT);
	m.msg_iovlen = 2000;
	CHECK_ERR(sendmsg(a, &m, 0), EMSGSIZE);
	close(a);
	close(b);
}

static void t_proc_net_dev(void)
{
	char buf[4096];

	read_file("/proc/net/dev", buf, sizeof(buf));
	CHECK(!strncmp(buf, "Inter-|   Receive", 17));
	CHECK(strstr(buf, "\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"));
	lo_counter(0);
}

const struct utest net_tests[] = {
	{ "proc_net_dev", t_proc_net_dev },
	{ "ioctl_ifconf", t_ioctl_ifconf },
	{ "ioctl_ifreq", t_ioctl_ifreq },
	{ "ioctl_ifreq_set", t_ioctl_ifreq_set },
	{ "sendmsg_recvmsg", t_sendmsg_recvmsg },
	{ NULL, NULL },
};
