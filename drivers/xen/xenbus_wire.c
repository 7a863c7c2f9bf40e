/*
 * The xenstore wire format (io/xs_wire.h), with no I/O: the two byte
 * rings of the store page, building a request, and checking what the
 * daemon sends back. Everything here treats the peer's bytes as
 * untrusted: an index past what the ring holds, a payload longer than
 * XENSTORE_PAYLOAD_MAX, a reply of the wrong type or strings without their
 * terminating NUL are refused with -EPROTO, for the caller to log.
 * Host unit test: tests/unit/test_xendomu.c.
 */
#define pr_fmt(fmt) "xenbus: " fmt

#include <asm/barrier.h>
#include <kernel/errno.h>
#include <kernel/string.h>

#include "xenbus_wire.h"

/* ---------------------------------------------------------------- rings */

ssize_t xs_ring_write(struct xenstore_domain_interface *r, const void *buf, size_t n)
{
	XENSTORE_RING_IDX cons = READ_ONCE(r->req_cons), prod = r->req_prod;
	const char *s = buf;
	size_t done = 0;

	virt_mb(); /* cons read before the slots it frees are written */
	if (prod - cons > XENSTORE_RING_SIZE)
		return -EPROTO;
	while (done < n && prod - cons < XENSTORE_RING_SIZE)
		r->req[MASK_XENSTORE_IDX(prod++)] = s[done++];
	virt_wmb(); /* the bytes before the index */
	WRITE_ONCE(r->req_prod, prod);
	return (ssize_t)done;
}

ssize_t xs_ring_read(struct xenstore_domain_interface *r, void *buf, size_t n)
{
	XENSTORE_RING_IDX prod = READ_ONCE(r->rsp_prod), cons = r->rsp_cons;
	char *d = buf;
	size_t done = 0;

	virt_rmb(); /* the index before the bytes */
	if (prod - cons > XENSTORE_RING_SIZE)
		return -EPROTO;
	while (done < n && cons != prod)
		d[done++] = r->rsp[MASK_XENSTORE_IDX(cons++)];
	virt_mb(); /* read them before the daemon may reuse the slots */
	WRITE_ONCE(r->rsp_cons, cons);
	return (ssize_t)done;
}

bool xs_ring_has_data(const struct xenstore_domain_interface *r)
{
	return READ_ONCE(r->rsp_prod) != READ_ONCE(r->rsp_cons);
}

bool xs_ring_has_room(const struct xenstore_domain_interface *r)
{
	XENSTORE_RING_IDX used = READ_ONCE(r->req_prod) - READ_ONCE(r->req_cons);

	return used < XENSTORE_RING_SIZE || used > XENSTORE_RING_SIZE; /* broken counts as ready */
}

/* ---------------------------------------------------------------- requests */

int xs_join_path(char *buf, size_t size, const char *dir, const char *node)
{
	int n;

	if (!node || !node[0])
		n = snprintf(buf, size, "%s", dir);
	else if (!dir || !dir[0])
		n = snprintf(buf, size, "%s", node);
	else
		n = snprintf(buf, size, "%s/%s", dir, node);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	if (n == 0)
		return -EINVAL;
	return n;
}

int xs_build(struct xsd_sockmsg *hdr, char *body, size_t size, u32 type, u32 req_id, u32 tx,
	     const struct xs_part *parts, unsigned int nparts)
{
	size_t len = 0;

	for (unsigned int i = 0; i < nparts; i++) {
		if (parts[i].len > size - len)
			return -E2BIG;
		memcpy(body + len, parts[i].data, parts[i].len);
		len += parts[i].len;
	}
	if (len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	hdr->type = type;
	hdr->req_id = req_id;
	hdr->tx_id = tx;
	hdr->len = (u32)len;
	return (int)len;
}

/* ---------------------------------------------------------------- replies */

int xs_check_header(const struct xsd_sockmsg *hdr)
{
	if (hdr->len > XENSTORE_PAYLOAD_MAX)
		return -EPROTO;
	if (hdr->type >= XS_TYPE_COUNT)
		return -EPROTO;
	return 0;
}

int xs_error_errno(const char *body, u32 len)
{
	/* The error name, NUL-terminated inside the payload. */
	if (!len || !memchr(body, '\0', len))
		return -EPROTO;
	for (size_t i = 0; i < ARRAY_SIZE(xsd_errors); i++)
		if (!strcmp(body, xsd_errors[i].errstring))
			return -xsd_errors[i].errnum;
	return -EIO; /* a name we do not know: still an error */
}

const char *xs_errno_name(int err)
{
	for (size_t i = 0; i < ARRAY_SIZE(xsd_errors); i++)
		if (xsd_errors[i].errnum == -err)
			return xsd_errors[i].errstring;
	return "EINVAL";
}

int xs_check_reply(u32 req_type, const struct xsd_sockmsg *rsp, const char *body)
{
	if (rsp->type == XS_ERROR)
		return xs_error_errno(body, rsp->len);
	if (rsp->type != req_type)
		return -EPROTO;
	return 0;
}

int xs_count_strings(const char *body, u32 len)
{
	int n = 0;

	if (len && body[len - 1] != '\0')
		return -EPROTO;
	for (u32 i = 0; i < len; i++)
		if (body[i] == '\0')
			n++;
	return n;
}

int xs_parse_watch_event(const char *body, u32 len, const char **path, const char **token)
{
	const char *nul;

	if (!len || !(nul = memchr(body, '\0', len)))
		return -EPROTO;
	*path = body;
	len -= (u32)(nul + 1 - body);
	body = nul + 1;
	if (!len || !memchr(body, '\0', len))
		return -EPROTO;
	*token = body;
	return 0;
}

int xs_parse_uint(const char *s, size_t len, unsigned long long *v)
{
	unsigned long long r = 0;
	size_t i = 0;
	unsigned int base = 10;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		unsigned int d;

		if (s[i] >= '0' && s[i] <= '9')
			d = (unsigned int)(s[i] - '0');
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			d = (unsigned int)(s[i] - 'a' + 10);
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			d = (unsigned int)(s[i] - 'A' + 10);
		else
			return -EINVAL;
		if (r > (~0ULL - d) / base)
			return -ERANGE;
		r = r * base + d;
	}
	*v = r;
	return 0;
}
