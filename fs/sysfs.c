/*
 * sysfs: the few files of /sys that describe what this kernel has, in
 * Linux's places and formats: the network interfaces
 * (/sys/class/net/<if>/address, operstate, ...), the CPUs
 * (/sys/devices/system/cpu/online: one, cpu 0) and, under Xen,
 * /sys/hypervisor/type. /sys/kernel and /sys/fs are the directories other
 * file systems are mounted on in Linux; here they are empty. Nothing can
 * be written. The tree is a table for fs/pseudofs.c, with one directory
 * per network interface.
 */
#define pr_fmt(fmt) "sysfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/net.h>
#include <kernel/string.h>

#include "fs-internal.h"
#include "pseudofs.h"

#define ARPHRD_ETHER	1
#define ARPHRD_LOOPBACK 772

enum sys_node_id {
	SN_ROOT,
	SN_KERNEL,
	SN_FS,
	SN_CLASS,
	SN_CLASS_NET,
	SN_NETIF,
	SN_NETIF_ADDRESS,
	SN_NETIF_BROADCAST,
	SN_NETIF_ADDR_LEN,
	SN_NETIF_IFINDEX,
	SN_NETIF_IFLINK,
	SN_NETIF_MTU,
	SN_NETIF_FLAGS,
	SN_NETIF_TYPE,
	SN_NETIF_OPERSTATE,
	SN_DEVICES,
	SN_DEV_SYSTEM,
	SN_DEV_CPU,
	SN_CPU_ONLINE,
	SN_CPU_POSSIBLE,
	SN_CPU_PRESENT,
	SN_CPU0,
	SN_HYPERVISOR,
	SN_HV_TYPE,
	SN_HV_VERSION,
	SN_HV_MAJOR,
	SN_HV_MINOR,
	SN_HV_EXTRA,
	NR_SYS_NODES,
};

static int get_if(long index, struct netif_info *nif)
{
	return netif_get((int)index, nif) ? -ENOENT : 0;
}

static void put_mac(struct proc_text *t, const u8 *mac)
{
	proc_printf(t, "%02x:%02x:%02x:%02x:%02x:%02x\n", mac[0], mac[1], mac[2], mac[3], mac[4],
		    mac[5]);
}

static int show_address(struct proc_text *t, long key)
{
	struct netif_info nif;
	int err = get_if(key, &nif);

	if (!err)
		put_mac(t, nif.mac);
	return err;
}

static int show_broadcast(struct proc_text *t, long key)
{
	static const u8 zero[ETH_ALEN], all[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct netif_info nif;
	int err = get_if(key, &nif);

	if (!err)
		put_mac(t, (nif.flags & IFF_LOOPBACK) ? zero : all);
	return err;
}

static int show_addr_len(struct proc_text *t, long key)
{
	struct netif_info nif;
	int err = get_if(key, &nif);

	if (!err)
		proc_printf(t, "%d\n", ETH_ALEN);
	return err;
}

static int show_ifindex(struct proc_text *t, long key)
{
	struct netif_info nif;
	int err = get_if(key, &nif);

	if (!err)
		proc_printf(t, "%d\n", nif.index);
	return err;
}

static int show_mtu(struct proc_text *t, long key)
{
	struct netif_info nif;
	int err = get_if(key, &nif);

	if (!err)
		proc_printf(t, "%u\n", nif.mtu);
	return err;
}

/* The flags the device has, as Linux keeps them: without the running and carrier bits. */
static int show_flags(struct proc_text *t, long key)
{
	struct netif_info nif;
	int err = get_if(key, &nif);

	if (!err)
		proc_printf(t, "0x%x\n", nif.flags & ~(IFF_RUNNING | IFF_LOWER_UP));
	return err;
}

static int show_type(struct proc_text *t, long key)
{
	struct netif_info nif;
	int err = get_if(key, &nif);

	if (!err)
		proc_printf(t, "%d\n", (nif.flags & IFF_LOOPBACK) ? ARPHRD_LOOPBACK : ARPHRD_ETHER);
	return err;
}

/* RFC 2863's state as Linux names it: lo has no carrier to speak of, so "unknown". */
static int show_operstate(struct proc_text *t, long key)
{
	struct netif_info nif;
	int err = get_if(key, &nif);

	if (err)
		return err;
	if (!(nif.flags & IFF_UP))
		proc_printf(t, "down\n");
	else
		proc_printf(t, "%s\n", (nif.flags & IFF_LOOPBACK) ? "unknown" : "up");
	return 0;
}

/* One CPU, number 0: the lists of /sys/devices/system/cpu. */
static int show_cpu0(struct proc_text *t, long key __unused)
{
	proc_printf(t, "0\n");
	return 0;
}

static int show_hv_type(struct proc_text *t, long key __unused)
{
	const char *type = arch_hypervisor_type();

	if (!type)
		return -ENOENT;
	proc_printf(t, "%s\n", type);
	return 0;
}

static bool on_hypervisor(long key __unused)
{
	return arch_hypervisor_type() != NULL;
}

/*
 * /sys/hypervisor/version/{major,minor,extra}, as Linux's Xen sysfs has
 * them: Debian's xen-utils-wrapper picks /usr/lib/xen-MAJOR.MINOR by them.
 */
static int show_hv_version(struct proc_text *t, long key)
{
	unsigned int major, minor;
	char extra[16];

	if (arch_hypervisor_version(&major, &minor, extra, sizeof(extra)))
		return -ENOENT;
	if (key == SN_HV_MAJOR)
		proc_printf(t, "%u\n", major);
	else if (key == SN_HV_MINOR)
		proc_printf(t, "%u\n", minor);
	else
		proc_printf(t, "%s\n", extra);
	return 0;
}

static int show_hv_major(struct proc_text *t, long key __unused)
{
	return show_hv_version(t, SN_HV_MAJOR);
}

static int show_hv_minor(struct proc_text *t, long key __unused)
{
	return show_hv_version(t, SN_HV_MINOR);
}

static int show_hv_extra(struct proc_text *t, long key __unused)
{
	return show_hv_version(t, SN_HV_EXTRA);
}

#define SDIR  (S_IFDIR | 0555)
#define SFILE (S_IFREG | 0444)

static long netif_key_next(long parent __unused, long from)
{
	return from > 0x7fffffff ? -1 : netif_next((int)MAX(from, 0L));
}

static int netif_key_name(long index, char *buf, size_t size)
{
	struct netif_info nif;

	if (netif_get((int)index, &nif))
		return -ENOENT;
	return snprintf(buf, size, "%s", nif.name);
}

static long netif_key_lookup(long parent __unused, const char *name, size_t len)
{
	int index = netif_find(name, len);

	return index < 0 ? -1 : index;
}

/* /sys/class/net/IFNAME: one directory per interface, keyed by its index. */
static const struct pfs_keys netif_keys = {
	.next = netif_key_next,
	.name = netif_key_name,
	.lookup = netif_key_lookup,
};

/* clang-format off */
static const struct pfs_node sys_nodes[NR_SYS_NODES] = {
	[SN_ROOT]	     = { "",		SN_ROOT,	    SN_ROOT,	   SDIR },
	[SN_KERNEL]	     = { "kernel",	SN_KERNEL,	    SN_ROOT,	   SDIR },
	[SN_FS]		     = { "fs",		SN_FS,		    SN_ROOT,	   SDIR },
	[SN_CLASS]	     = { "class",	SN_CLASS,	    SN_ROOT,	   SDIR },
	[SN_CLASS_NET]	     = { "net",		SN_CLASS_NET,	    SN_CLASS,	   SDIR },
	[SN_NETIF]	     = { NULL,		SN_NETIF,	    SN_CLASS_NET,  SDIR, .keys = &netif_keys },
	[SN_NETIF_ADDRESS]   = { "address",	SN_NETIF_ADDRESS,   SN_NETIF,	   SFILE, show_address },
	[SN_NETIF_BROADCAST] = { "broadcast",	SN_NETIF_BROADCAST, SN_NETIF,	   SFILE, show_broadcast },
	[SN_NETIF_ADDR_LEN]  = { "addr_len",	SN_NETIF_ADDR_LEN,  SN_NETIF,	   SFILE, show_addr_len },
	[SN_NETIF_IFINDEX]   = { "ifindex",	SN_NETIF_IFINDEX,   SN_NETIF,	   SFILE, show_ifindex },
	[SN_NETIF_IFLINK]    = { "iflink",	SN_NETIF_IFLINK,    SN_NETIF,	   SFILE, show_ifindex },
	[SN_NETIF_MTU]	     = { "mtu",		SN_NETIF_MTU,	    SN_NETIF,	   SFILE, show_mtu },
	[SN_NETIF_FLAGS]     = { "flags",	SN_NETIF_FLAGS,	    SN_NETIF,	   SFILE, show_flags },
	[SN_NETIF_TYPE]	     = { "type",	SN_NETIF_TYPE,	    SN_NETIF,	   SFILE, show_type },
	[SN_NETIF_OPERSTATE] = { "operstate",	SN_NETIF_OPERSTATE, SN_NETIF,	   SFILE, show_operstate },
	[SN_DEVICES]	     = { "devices",	SN_DEVICES,	    SN_ROOT,	   SDIR },
	[SN_DEV_SYSTEM]	     = { "system",	SN_DEV_SYSTEM,	    SN_DEVICES,	   SDIR },
	[SN_DEV_CPU]	     = { "cpu",		SN_DEV_CPU,	    SN_DEV_SYSTEM, SDIR },
	[SN_CPU_ONLINE]	     = { "online",	SN_CPU_ONLINE,	    SN_DEV_CPU,	   SFILE, show_cpu0 },
	[SN_CPU_POSSIBLE]    = { "possible",	SN_CPU_POSSIBLE,    SN_DEV_CPU,	   SFILE, show_cpu0 },
	[SN_CPU_PRESENT]     = { "present",	SN_CPU_PRESENT,	    SN_DEV_CPU,	   SFILE, show_cpu0 },
	[SN_CPU0]	     = { "cpu0",	SN_CPU0,	    SN_DEV_CPU,	   SDIR },
	[SN_HYPERVISOR]	     = { "hypervisor",	SN_HYPERVISOR,	    SN_ROOT,	   SDIR },
	[SN_HV_TYPE]	     = { "type",	SN_HV_TYPE,	    SN_HYPERVISOR, SFILE, show_hv_type,
				 .present = on_hypervisor },
	[SN_HV_VERSION]	     = { "version",	SN_HV_VERSION,	    SN_HYPERVISOR, SDIR,
				 .present = on_hypervisor },
	[SN_HV_MAJOR]	     = { "major",	SN_HV_MAJOR,	    SN_HV_VERSION, SFILE, show_hv_major },
	[SN_HV_MINOR]	     = { "minor",	SN_HV_MINOR,	    SN_HV_VERSION, SFILE, show_hv_minor },
	[SN_HV_EXTRA]	     = { "extra",	SN_HV_EXTRA,	    SN_HV_VERSION, SFILE, show_hv_extra },
};
/* clang-format on */

static const struct pfs_type sysfs_type = {
	.name = "sysfs",
	.nodes = sys_nodes,
	.nr_nodes = NR_SYS_NODES,
	/* Above procfs's numbers (procfs starts at 2^48, keys take 32 bits above 16). */
	.ino_base = 1ULL << 49,
	.magic = 0x62656572, /* SYSFS_MAGIC */
};

struct inode *sysfs_new_root(void)
{
	return pfs_new_root(&sysfs_type);
}
