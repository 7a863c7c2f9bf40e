/*
 * The interface ioctls of sockets, as ifconfig, ip and route use them:
 * list the interfaces with an address (SIOCGIFCONF), read and set flags
 * (IFF_UP is what can change), the MTU, the IPv4 address and netmask,
 * read the hardware address, index, name, broadcast and the rest that
 * ifconfig prints. As on Linux, any socket takes the device ioctls and
 * only an AF_INET one the address ioctls. An unknown interface is ENODEV,
 * an interface without an address EADDRNOTAVAIL for the address ones.
 */
#define pr_fmt(fmt) "net: " fmt

#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>

#include "net-internal.h"

#define SIOCGIFNAME    0x8910
#define SIOCGIFCONF    0x8912
#define SIOCGIFFLAGS   0x8913
#define SIOCSIFFLAGS   0x8914
#define SIOCGIFADDR    0x8915
#define SIOCSIFADDR    0x8916
#define SIOCGIFDSTADDR 0x8917
#define SIOCGIFBRDADDR 0x8919
#define SIOCGIFNETMASK 0x891b
#define SIOCSIFNETMASK 0x891c
#define SIOCGIFMETRIC  0x891d
#define SIOCGIFMTU     0x8921
#define SIOCSIFMTU     0x8922
#define SIOCGIFHWADDR  0x8927
#define SIOCGIFINDEX   0x8933
#define SIOCGIFTXQLEN  0x8942
#define SIOCGIFMAP     0x8970

#define ARPHRD_ETHER	1
#define ARPHRD_LOOPBACK 772

struct user_sockaddr {
	u16 family;
	u8 data[14];
};

struct sockaddr_in_k {
	u16 family;
	u16 port;
	u32 addr;
	u8 zero[8];
};

/* struct ifreq: a name and a 24-byte union of what each command carries. */
struct ifreq {
	char name[IFNAMSIZ];
	union {
		struct user_sockaddr addr;
		struct sockaddr_in_k in;
		s16 flags;
		s32 ivalue;
		u8 raw[24];
	};
};
_Static_assert(sizeof(struct ifreq) == 40, "struct ifreq layout");

/* struct ifconf: a length and a buffer of struct ifreq. */
struct ifconf {
	s32 len;
	u32 pad;
	u64 buf;
};

/*
 * SIOCGIFCONF: an ifreq (name, IPv4 address) per interface that has an
 * address, as many as fit in the caller's buffer; ifc_len says how many
 * bytes were written, or with no buffer how many would be.
 */
static long get_ifconf(unsigned long arg)
{
	struct ifreq req[NET_IFS_MAX];
	struct ifconf ifc;
	unsigned long flags;
	size_t n = 0, fit;

	if (copy_from_user(&ifc, (const void *)arg, sizeof(ifc)))
		return -EFAULT;
	memset(req, 0, sizeof(req));
	spin_lock_irqsave(&net_lock, flags);
	for (int index = 1; n < NET_IFS_MAX; index++) {
		struct net_if *ifc2 = NULL;
		int next = -1;

		/* In index order, as Linux walks its device list. */
		for (unsigned int i = 0; i < NET_IFS_MAX; i++)
			if (net_ifs[i].dev && net_ifs[i].index >= index &&
			    (next < 0 || net_ifs[i].index < next))
				next = net_ifs[i].index;
		if (next < 0)
			break;
		index = next;
		ifc2 = net_if_by_index(next);
		if (!ifc2->addr)
			continue;
		strlcpy(req[n].name, ifc2->dev->name, IFNAMSIZ);
		req[n].in.family = AF_INET;
		req[n].in.addr = ifc2->addr;
		n++;
	}
	spin_unlock_irqrestore(&net_lock, flags);
	if (ifc.buf) {
		fit = ifc.len > 0 ? MIN(n, (size_t)ifc.len / sizeof(struct ifreq)) : 0;
		if (copy_to_user((void *)ifc.buf, req, fit * sizeof(struct ifreq)))
			return -EFAULT;
		n = fit;
	}
	ifc.len = (s32)(n * sizeof(struct ifreq));
	return copy_to_user((void *)arg, &ifc, sizeof(ifc)) ? -EFAULT : 0;
}

/* The broadcast address of an interface's subnet (none on lo, as on Linux). */
static u32 broadcast_of(const struct net_if *ifc)
{
	if (ifc->dev->loopback || net_mask_prefix(ifc->mask) >= 31)
		return 0;
	return ifc->addr | ~ifc->mask;
}

/* Classful prefix, as Linux gives an address set by SIOCSIFADDR before any netmask. */
static u32 classful_mask(u32 addr)
{
	u32 a = ntohl(addr);

	if ((a >> 31) == 0)
		return net_prefix_mask(8);
	if ((a >> 30) == 2)
		return net_prefix_mask(16);
	return net_prefix_mask(24);
}

static void set_sin(struct ifreq *r, u32 addr)
{
	memset(r->raw, 0, sizeof(r->raw));
	r->in.family = AF_INET;
	r->in.addr = addr;
}

/* A new address or mask, and the rtnetlink events for it; 1 (nothing to copy back) or -errno. */
static long set_address(struct net_if *ifc, u32 addr, u32 mask)
{
	u32 old = ifc->addr, old_mask = ifc->mask;
	int err = net_if_set_address(ifc, addr, mask);

	if (err)
		return err;
	rtnl_notify_addr(ifc, false, old, old_mask);
	rtnl_notify_addr(ifc, true, ifc->addr, ifc->mask);
	return 1;
}

/*
 * One command on the interface r names, under net_lock. Returns 0 (r
 * filled for the G commands), 1 when r need not be copied back, or -errno.
 */
static long ifreq_cmd(int family, unsigned int cmd, struct ifreq *r)
{
	struct net_if *ifc;
	bool inet = cmd == SIOCGIFADDR || cmd == SIOCSIFADDR || cmd == SIOCGIFDSTADDR ||
		    cmd == SIOCGIFBRDADDR || cmd == SIOCGIFNETMASK || cmd == SIOCSIFNETMASK;
	int err, prefix;

	if (inet && family != AF_INET)
		return -ENOTTY;
	if (cmd == SIOCGIFNAME) {
		ifc = net_if_by_index(r->ivalue);
		if (!ifc)
			return -ENODEV;
		strlcpy(r->name, ifc->dev->name, IFNAMSIZ);
		return 0;
	}
	r->name[IFNAMSIZ - 1] = '\0';
	ifc = net_if_by_name(r->name, strlen(r->name));
	if (!ifc)
		return -ENODEV;
	if (inet && cmd != SIOCSIFADDR && !ifc->addr)
		return -EADDRNOTAVAIL;
	switch (cmd) {
	case SIOCGIFFLAGS:
		r->flags = (s16)net_if_flags(ifc);
		return 0;
	case SIOCSIFFLAGS:
		net_if_set_up(ifc, r->flags & IFF_UP);
		rtnl_notify_link(ifc);
		return 1;
	case SIOCGIFADDR:
	case SIOCGIFDSTADDR:
		set_sin(r, ifc->addr);
		return 0;
	case SIOCGIFBRDADDR:
		set_sin(r, broadcast_of(ifc));
		return 0;
	case SIOCGIFNETMASK:
		set_sin(r, ifc->mask);
		return 0;
	case SIOCSIFADDR:
		/* 0.0.0.0 takes the address away. */
		if (r->in.family != AF_INET)
			return -EINVAL;
		if (r->in.addr == ifc->addr)
			return 1;
		return set_address(ifc, r->in.addr,
				   ifc->dev->loopback ? net_prefix_mask(8) : classful_mask(r->in.addr));
	case SIOCSIFNETMASK:
		prefix = net_mask_prefix(r->in.addr);
		if (prefix < 0 || !prefix)
			return -EINVAL;
		if (r->in.addr == ifc->mask)
			return 1;
		return set_address(ifc, ifc->addr, r->in.addr);
	case SIOCGIFMETRIC:
		r->ivalue = 0;
		return 0;
	case SIOCGIFMTU:
		r->ivalue = (s32)ifc->mtu;
		return 0;
	case SIOCSIFMTU:
		if (r->ivalue < 0)
			return -EINVAL;
		err = net_if_set_mtu(ifc, (unsigned int)r->ivalue);
		if (!err)
			rtnl_notify_link(ifc);
		return err ? err : 1;
	case SIOCGIFHWADDR:
		memset(r->raw, 0, sizeof(r->raw));
		r->addr.family = ifc->dev->loopback ? ARPHRD_LOOPBACK : ARPHRD_ETHER;
		memcpy(r->addr.data, ifc->dev->mac, ETH_ALEN);
		return 0;
	case SIOCGIFINDEX:
		r->ivalue = ifc->index;
		return 0;
	case SIOCGIFTXQLEN:
		r->ivalue = 0; /* no queue in front of the driver */
		return 0;
	case SIOCGIFMAP:
		memset(r->raw, 0, sizeof(r->raw)); /* no I/O ports, memory or IRQ of its own */
		return 0;
	default:
		return -ENOTTY;
	}
}

long net_dev_ioctl(int family, unsigned int cmd, unsigned long arg)
{
	unsigned long flags;
	struct ifreq r;
	long rc;

	switch (cmd) {
	case SIOCGIFCONF:
		return get_ifconf(arg);
	case SIOCGIFNAME:
	case SIOCGIFFLAGS:
	case SIOCSIFFLAGS:
	case SIOCGIFADDR:
	case SIOCSIFADDR:
	case SIOCGIFDSTADDR:
	case SIOCGIFBRDADDR:
	case SIOCGIFNETMASK:
	case SIOCSIFNETMASK:
	case SIOCGIFMETRIC:
	case SIOCGIFMTU:
	case SIOCSIFMTU:
	case SIOCGIFHWADDR:
	case SIOCGIFINDEX:
	case SIOCGIFTXQLEN:
	case SIOCGIFMAP:
		break;
	default:
		return -ENOTTY;
	}
	if (copy_from_user(&r, (const void *)arg, sizeof(r)))
		return -EFAULT;
	/* The S commands change the interface: root's (CAP_NET_ADMIN), before it is looked up. */
	if ((cmd == SIOCSIFFLAGS || cmd == SIOCSIFADDR || cmd == SIOCSIFNETMASK || cmd == SIOCSIFMTU) &&
	    !capable(CAP_NET_ADMIN))
		return -EPERM;
	spin_lock_irqsave(&net_lock, flags);
	rc = ifreq_cmd(family, cmd, &r);
	spin_unlock_irqrestore(&net_lock, flags);
	if (rc == 0 && copy_to_user((void *)arg, &r, sizeof(r)))
		return -EFAULT;
	return rc > 0 ? 0 : rc;
}
