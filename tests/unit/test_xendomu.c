/*
 * Host tests of what a PV domU speaks with its peers, where a peer's bytes
 * must be refused rather than trusted: the xenstore wire format and rings
 * (drivers/xen/xenbus_wire.c), the console ring (console_ring.c), and the
 * grant table's rule that a reference still mapped is never reused
 * (grant_table.c, on a table in ordinary memory).
 */
/* compiler.h before glibc, whose cdefs.h redefines __always_inline. */
#include <kernel/compiler.h>

#include <stdint.h>
#include <stdlib.h>

#include <asm/xen/interface.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <kernel/console.h>
#include <kernel/errno.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/time.h>
#include <kernel/xen-console.h>
#include <kernel/xen-grant.h>
#include <xen/io/console.h>

#include "../../drivers/xen/xenbus_wire.h"
#include "unit.h"

/* ---------------------------------------------------------------- stand-ins */

char hypercall_page[4096];	      /* never called: only the ring functions run */
struct xen_hypercall_stats xen_stats; /* the hypercall wrappers count into it */
static int pages_freed, timers_armed;
static struct timer *armed; /* the grant table's retry timer, run by hand */

void register_console(struct console *c __unused)
{
}

void tty_receive(char c __unused)
{
}

int request_irq(unsigned int irq __unused, irq_handler_t h __unused, const char *n __unused,
		void *d __unused)
{
	return 0;
}

int xen_bind_evtchn(unsigned int port __unused)
{
	return 50;
}

void xen_evtchn_notify(unsigned int port __unused)
{
}

void *kmalloc(size_t n)
{
	return malloc(n);
}

void kfree(const void *p)
{
	free((void *)p);
}

void free_page_va(void *va)
{
	pages_freed++;
	free(va);
}

void timer_init(struct timer *t, void (*fn)(struct timer *t))
{
	t->fn = fn;
	t->pending = false;
}

void timer_arm(struct timer *t, u64 expires_ns __unused)
{
	t->pending = true;
	timers_armed++;
	armed = t;
}

u64 native_clock_ns(void)
{
	return 0;
}

/* The console ring's stall bound uses the clock only once it runs: here never. */
bool time_ready(void)
{
	return false;
}

phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)(uintptr_t)va;
}

static u64 test_page_gfn(u64 pfn)
{
	return pfn + 0x1000;
}

static void *test_grant_table_map(unsigned int want __unused, unsigned int *got __unused)
{
	return NULL;
}

static const struct xen_domu_ops test_domu_ops = {
	.page_gfn = test_page_gfn,
	.grant_table_map = test_grant_table_map,
};
const struct xen_domu_ops *xen_domu_ops = &test_domu_ops;

void console_replay(struct console *c __unused)
{
}

/* ---------------------------------------------------------------- xenstore */

static void test_xs_rings(void)
{
	struct xenstore_domain_interface *r = calloc(1, sizeof(*r));
	char big[1500], out[1500];

	memset(big, 'x', sizeof(big));
	/* A request larger than the ring: what fits, then nothing until the daemon reads. */
	CHECK_EQ(xs_ring_write(r, big, sizeof(big)), XENSTORE_RING_SIZE);
	CHECK_EQ(r->req_prod, XENSTORE_RING_SIZE);
	CHECK(!xs_ring_has_room(r));
	CHECK_EQ(xs_ring_write(r, big, 1), 0);
	r->req_cons = 1000;
	CHECK_EQ(xs_ring_write(r, big, 1500), 1000); /* as much as was freed */
	/* Wrapping indexes: the counters run free past 2^32. */
	r->req_cons = r->req_prod = 0xfffffff0U;
	CHECK_EQ(xs_ring_write(r, "abcdefghijklmnopqrstuvwxyz", 26), 26);
	CHECK_EQ(r->req_prod, 10U);
	CHECK(r->req[MASK_XENSTORE_IDX(0xfffffff0U)] == 'a' && r->req[MASK_XENSTORE_IDX(9)] == 'z');
	/* A daemon whose req_cons runs ahead of our req_prod is refused. */
	r->req_cons = r->req_prod + 1;
	CHECK_EQ(xs_ring_write(r, "x", 1), -EPROTO);

	/* Replies: what is there, no more; a rsp_prod more than a ring ahead is refused. */
	memcpy(r->rsp, "hello", 5);
	r->rsp_cons = 0;
	r->rsp_prod = 5;
	CHECK(xs_ring_has_data(r));
	CHECK_EQ(xs_ring_read(r, out, sizeof(out)), 5);
	CHECK(!memcmp(out, "hello", 5));
	CHECK(!xs_ring_has_data(r));
	CHECK_EQ(xs_ring_read(r, out, sizeof(out)), 0);
	r->rsp_prod = 5 + XENSTORE_RING_SIZE + 1;
	CHECK_EQ(xs_ring_read(r, out, sizeof(out)), -EPROTO);
	CHECK_EQ(r->rsp_cons, 5U); /* nothing taken */
	free(r);
}

static void test_xs_build(void)
{
	struct xsd_sockmsg h;
	char body[64], path[16];
	struct xs_part parts[2] = { { "device/vbd", 11 }, { "4", 1 } };

	CHECK_EQ(xs_build(&h, body, sizeof(body), XS_WRITE, 7, 3, parts, 2), 12);
	CHECK_EQ(h.type, XS_WRITE);
	CHECK_EQ(h.req_id, 7);
	CHECK_EQ(h.tx_id, 3);
	CHECK_EQ(h.len, 12);
	/* clang-format off */
	CHECK(!memcmp(body, "device/vbd\0" "4", 12));
	/* clang-format on */
	CHECK_EQ(xs_build(&h, body, 8, XS_WRITE, 7, 3, parts, 2), -E2BIG);

	CHECK_EQ(xs_join_path(path, sizeof(path), "device", "vbd"), 10);
	CHECK_STR(path, "device/vbd");
	CHECK_EQ(xs_join_path(path, sizeof(path), "name", ""), 4);
	CHECK_STR(path, "name");
	CHECK_EQ(xs_join_path(path, sizeof(path), "", "name"), 4);
	CHECK_EQ(xs_join_path(path, sizeof(path), "a-long-directory", "node"), -ENAMETOOLONG);
	CHECK_EQ(xs_join_path(path, sizeof(path), "", ""), -EINVAL);
}

static void test_xs_replies(void)
{
	struct xsd_sockmsg h = { .type = XS_READ, .len = 3 };
	const char *path, *token;

	/* Framing: payloads past XENSTORE_PAYLOAD_MAX and unknown types cannot be read. */
	CHECK_EQ(xs_check_header(&h), 0);
	h.len = XENSTORE_PAYLOAD_MAX + 1;
	CHECK_EQ(xs_check_header(&h), -EPROTO);
	h.len = 0;
	h.type = XS_TYPE_COUNT;
	CHECK_EQ(xs_check_header(&h), -EPROTO);

	/* Error replies become their errno; malformed ones and other types are refused. */
	h.type = XS_ERROR;
	h.len = 7;
	CHECK_EQ(xs_check_reply(XS_READ, &h, "ENOENT"), -ENOENT);
	h.len = 7;
	CHECK_EQ(xs_check_reply(XS_TRANSACTION_END, &h, "EAGAIN"), -EAGAIN);
	h.len = 8;
	CHECK_EQ(xs_check_reply(XS_WRITE, &h, "EWHATEV"), -EIO);
	h.len = 6;
	CHECK_EQ(xs_error_errno("ENOENT", 6), -EPROTO); /* no NUL inside the payload */
	CHECK_EQ(xs_error_errno("", 0), -EPROTO);
	h.type = XS_WRITE;
	CHECK_EQ(xs_check_reply(XS_READ, &h, "x"), -EPROTO);
	h.type = XS_READ;
	CHECK_EQ(xs_check_reply(XS_READ, &h, "x"), 0);

	/* Directories: NUL-terminated names, the last one too. */
	/* clang-format off */
	CHECK_EQ(xs_count_strings("51712\0" "51728\0", 12), 2);
	CHECK_EQ(xs_count_strings("", 0), 0);
	CHECK_EQ(xs_count_strings("51712\0" "517", 9), -EPROTO);

	/* Watch events: path and token, both terminated inside the payload. */
	CHECK_EQ(xs_parse_watch_event("control/shutdown\0" "12\0", 20, &path, &token), 0);
	CHECK_STR(path, "control/shutdown");
	CHECK_STR(token, "12");
	CHECK_EQ(xs_parse_watch_event("control/shutdown\0" "12", 19, &path, &token), -EPROTO);
	/* clang-format on */
	CHECK_EQ(xs_parse_watch_event("control/shutdown", 16, &path, &token), -EPROTO);
	CHECK_EQ(xs_parse_watch_event("x\0", 2, &path, &token), -EPROTO);
}

static void test_xs_numbers(void)
{
	unsigned long long v;

	CHECK_EQ(xs_parse_uint("131072", 6, &v), 0);
	CHECK_EQ(v, 131072);
	CHECK_EQ(xs_parse_uint("0x1f", 4, &v), 0);
	CHECK_EQ(v, 31);
	CHECK_EQ(xs_parse_uint("12ab", 4, &v), -EINVAL);
	CHECK_EQ(xs_parse_uint("-1", 2, &v), -EINVAL);
	CHECK_EQ(xs_parse_uint("", 0, &v), -EINVAL);
	CHECK_EQ(xs_parse_uint("0x", 2, &v), -EINVAL);
	CHECK_EQ(xs_parse_uint("99999999999999999999", 20, &v), -ERANGE);
	/* Only the len characters count: a value without its NUL. */
	CHECK_EQ(xs_parse_uint("42junk", 2, &v), 0);
	CHECK_EQ(v, 42);
}

/* ---------------------------------------------------------------- console ring */

static void test_console_ring(void)
{
	struct xencons_interface *r = calloc(1, sizeof(*r));
	char buf[3000];

	memset(buf, 'o', sizeof(buf));
	CHECK_EQ(xencons_ring_write(r, buf, sizeof(buf)), sizeof(r->out));
	CHECK_EQ(xencons_ring_write(r, "x", 1), 0); /* full */
	r->out_cons = 100;
	CHECK_EQ(xencons_ring_write(r, "0123456789", 10), 10);
	CHECK(r->out[MASK_XENCONS_IDX(2048, r->out)] == '0');
	/* out_cons past out_prod, or more than a ring behind: refused. */
	r->out_cons = r->out_prod + 1;
	CHECK_EQ(xencons_ring_write(r, "x", 1), -EPROTO);
	r->out_cons = r->out_prod - sizeof(r->out) - 1;
	CHECK_EQ(xencons_ring_write(r, "x", 1), -EPROTO);

	/* Input: wraps around the 1 KiB ring; a runaway in_prod is refused. */
	r->in_cons = r->in_prod = 1020;
	memcpy(r->in + 1020, "abcd", 4);
	memcpy(r->in, "ef", 2);
	r->in_prod = 1026;
	CHECK_EQ(xencons_ring_read(r, buf, 4), 4);
	CHECK(!memcmp(buf, "abcd", 4));
	CHECK_EQ(xencons_ring_read(r, buf, sizeof(buf)), 2);
	CHECK(!memcmp(buf, "ef", 2));
	CHECK_EQ(r->in_cons, 1026U);
	r->in_prod = r->in_cons + sizeof(r->in) + 1;
	CHECK_EQ(xencons_ring_read(r, buf, sizeof(buf)), -EPROTO);
	CHECK_EQ(r->in_cons, 1026U);
	free(r);
}

/* ---------------------------------------------------------------- grant table */

#define NREFS 16

static void test_grant_reuse(void)
{
	static struct grant_entry_v1 table[NREFS];
	static u32 links[NREFS];
	bool seen[NREFS] = { false };
	int refs[NREFS], r, n = 0;
	void *page;

	gnttab_setup(table, NREFS, links);
	CHECK_EQ(gnttab_stats()->free, NREFS - GNTTAB_NR_RESERVED_ENTRIES);
	/* Grants: never a reserved entry, frame and domid before the valid flag. */
	while ((r = gnttab_grant_access(0, 0x1234 + n, n & 1)) >= 0) {
		CHECK(r >= GNTTAB_NR_RESERVED_ENTRIES && r < NREFS && !seen[r]);
		seen[r] = true;
		CHECK_EQ(table[r].frame, 0x1234 + n);
		CHECK_EQ(table[r].flags, GTF_permit_access | ((n & 1) ? GTF_readonly : 0));
		refs[n++] = r;
	}
	CHECK_EQ(r, -ENOSPC);
	CHECK_EQ(n, NREFS - GNTTAB_NR_RESERVED_ENTRIES);

	/* Not mapped: revoked, and the reference is free again. */
	gnttab_end_access((grant_ref_t)refs[0], NULL);
	CHECK_EQ(table[refs[0]].flags, 0);
	CHECK_EQ(gnttab_stats()->free, 1);
	CHECK_EQ(gnttab_grant_access(0, 0x99, false), refs[0]);

	/* Mapped by the peer (Xen set GTF_writing): neither the reference nor its page is reused. */
	page = malloc(4096);
	table[refs[1]].flags |= GTF_writing;
	timers_armed = pages_freed = 0;
	gnttab_end_access((grant_ref_t)refs[1], page);
	CHECK(table[refs[1]].flags & GTF_permit_access); /* still granted */
	CHECK_EQ(gnttab_stats()->free, 0);
	CHECK_EQ(pages_freed, 0);
	CHECK_EQ(timers_armed, 1);
	CHECK_EQ(gnttab_grant_access(0, 0x98, false), -ENOSPC);
	CHECK_EQ(gnttab_stats()->deferred, 1);

	/* The retry while still mapped changes nothing; once unmapped, both are freed. */
	armed->pending = false;
	armed->fn(armed);
	CHECK_EQ(gnttab_stats()->free, 0);
	CHECK(armed->pending); /* tries again later */
	table[refs[1]].flags &= (u16)~GTF_writing;
	armed->pending = false;
	armed->fn(armed);
	CHECK_EQ(gnttab_stats()->free, 1);
	CHECK_EQ(pages_freed, 1);
	CHECK_EQ(table[refs[1]].flags, 0);
	CHECK_EQ(gnttab_stats()->deferred_done, 1);
	CHECK(!armed->pending);
	/* A reference that is not ours is refused, not freed. */
	gnttab_end_access(3, NULL);
	gnttab_end_access(NREFS + 5, NULL);
	CHECK_EQ(gnttab_stats()->free, 1);
}

static const struct unit_case cases[] = {
	{ "xs_rings", test_xs_rings },
	{ "xs_build", test_xs_build },
	{ "xs_replies", test_xs_replies },
	{ "xs_numbers", test_xs_numbers },
	{ "console_ring", test_console_ring },
	{ "grant_reuse", test_grant_reuse },
};

UNIT_MAIN(cases)
