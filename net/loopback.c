/*
 * lo, the loopback interface: 127.0.0.1/8, up from boot. Nothing is ever
 * sent on it as a frame: the IPv4 layer delivers whatever is addressed to
 * one of our own addresses or to 127/8 at once (net/ipv4.c) and counts it
 * here, as Linux counts local traffic on lo.
 */
#define pr_fmt(fmt) "loopback: " fmt

#include <kernel/errno.h>
#include <kernel/initcall.h>
#include <kernel/net.h>

#include "net-internal.h"

/* Never called: eth_xmit() refuses the loopback. */
static int lo_xmit(struct netdev *dev __unused, const void *frame __unused, size_t len __unused)
{
	return -ENETDOWN;
}

static struct netdev loopback_dev = {
	.name = "lo",
	.loopback = true,
	.xmit = lo_xmit,
};

static int loopback_init(void)
{
	loopback_dev.addr = htonl(0x7f000001);
	loopback_dev.mask = htonl(0xff000000);
	return netdev_register(&loopback_dev);
}
initcall(loopback_init, INITCALL_BUS);
