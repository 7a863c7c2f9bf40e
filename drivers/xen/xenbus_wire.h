/* The xenstore wire format without I/O (xenbus_wire.c); private to drivers/xen/xenbus*.c. */
#ifndef DRIVERS_XEN_XENBUS_WIRE_H
#define DRIVERS_XEN_XENBUS_WIRE_H

#include <kernel/errno.h> /* before xs_wire.h: its error table needs the E* names */
#include <kernel/types.h>
#include <xen/io/xs_wire.h>

/*
 * Copy what fits (write) or what is there (read) and publish our index;
 * -EPROTO when the daemon's index claims more than the ring holds.
 */
ssize_t xs_ring_write(struct xenstore_domain_interface *r, const void *buf, size_t n);
ssize_t xs_ring_read(struct xenstore_domain_interface *r, void *buf, size_t n);
bool xs_ring_has_data(const struct xenstore_domain_interface *r);
bool xs_ring_has_room(const struct xenstore_domain_interface *r);

/* "dir/node" (or either alone when the other is empty) into buf; its length or -errno. */
int xs_join_path(char *buf, size_t size, const char *dir, const char *node);

struct xs_part {
	const void *data;
	size_t len;
};

/* Header and payload (the parts, concatenated); the payload length or -E2BIG. */
int xs_build(struct xsd_sockmsg *hdr, char *body, size_t size, u32 type, u32 req_id, u32 tx,
	     const struct xs_part *parts, unsigned int nparts);

/* A header we can read a payload for: 0, or -EPROTO (too long, unknown type). */
int xs_check_header(const struct xsd_sockmsg *hdr);
/* An XS_ERROR payload as -errno (-EIO for a name not in xsd_errors, -EPROTO if malformed). */
int xs_error_errno(const char *body, u32 len);
/* -errno as xenstored names it in an XS_ERROR payload ("ENOENT"); "EINVAL" if it has no name. */
const char *xs_errno_name(int err);
/* 0 for a reply of the request's type, the error of an XS_ERROR, else -EPROTO. */
int xs_check_reply(u32 req_type, const struct xsd_sockmsg *rsp, const char *body);
/* How many NUL-terminated strings body holds (a directory); -EPROTO if the last is unterminated. */
int xs_count_strings(const char *body, u32 len);
/* The path and token of an XS_WATCH_EVENT payload (pointers into body), or -EPROTO. */
int xs_parse_watch_event(const char *body, u32 len, const char **path, const char **token);
/* An unsigned decimal or 0x-hex number of exactly len characters. */
int xs_parse_uint(const char *s, size_t len, unsigned long long *v);

#endif
