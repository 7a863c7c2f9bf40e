/*
 * ICMP (RFC 792): we answer echo requests sent to our address, with the
 * same code, identifier, sequence and data. Everything else is counted and
 * dropped; we send no errors (no port unreachable either).
 */
#define pr_fmt(fmt) "icmp: " fmt

#include <kernel/string.h>

#include "net-internal.h"

void icmp_rx(const struct ip_hdr *ip, const u8 *p, size_t len)
{
	const struct icmp_hdr *ic = (const struct icmp_hdr *)p;
	u8 *frame = net_tx_frame();
	struct icmp_hdr *reply = (struct icmp_hdr *)(frame + L4_OFF);

	net_stats.icmp_rx++;
	if (len < sizeof(*ic) || csum_fold(csum_add(0, p, len)) != 0) {
		net_stats.icmp_bad++;
		return;
	}
	/*
	 * Any code: RFC 792 says 0, but busybox's ping -p fills the code with
	 * its pattern, and Linux answers such requests too.
	 */
	if (ic->type != ICMP_ECHO_REQUEST) {
		net_stats.icmp_other++;
		return;
	}
	if (L4_OFF + len > ETH_FRAME_MAX) {
		net_stats.icmp_bad++;
		return;
	}
	memcpy(reply, p, len);
	reply->type = ICMP_ECHO_REPLY;
	reply->csum = 0;
	reply->csum = csum_fold(csum_add(0, reply, len));
	if (ip_send(frame, ip->src, IPPROTO_ICMP, len) == 0)
		net_stats.icmp_echo_replies++;
}
