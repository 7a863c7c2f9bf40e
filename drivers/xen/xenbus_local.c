/*
 * dom0's own store, served by dom0's own xenstored: Linux's model of a
 * dom0 with a local daemon.
 *
 * Xen gives a domU its store page and event channel at creation; the
 * toolstack made them and its xenstored serves them. dom0 comes first,
 * so nobody made them: dom0 makes them itself, at boot, before anything
 * runs in user space. A zeroed page becomes the ring page
 * (struct xenstore_domain_interface) and a new unbound port, which dom0
 * itself may bind (EVTCHNOP_alloc_unbound with remote_dom 0), its event
 * channel. The kernel's xenbus treats them as its store (xenbus.c, which
 * waits for the daemon before sending anything), and Linux's xenfs files
 * hand them to xenstored:
 *
 *   /proc/xen/xsd_port   the port number, as text (read)
 *   /proc/xen/xsd_kva    the page (mmap of one page, shared, offset 0)
 *
 * xenstored (Xen 4.17, xenstored_linux.c and xenstored_domain.c) reads
 * the port, maps the page, binds an inter-domain port to ours with
 * /dev/xen/evtchn, takes dom0 in as its first connection and notifies
 * our port: that first event is how xenbus.c learns that the daemon is
 * there.
 *
 * Both files are character devices without /dev nodes (the numbers are
 * in <kernel/xen-devices.h>); fs/procfs.c shows them in dom0 only.
 */
#define pr_fmt(fmt) "xenbus: " fmt

#include <asm/xen/hypervisor.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/initcall.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vm.h>
#include <kernel/xen-devices.h>
#include <kernel/xen-events.h>
#include <kernel/xen-grant.h>
#include <kernel/xenbus.h>

#include "xen-dev.h"

static struct xenstore_domain_interface *store_page;
static unsigned int store_port;

static int root_open(struct inode *ino __unused, struct file *f __unused)
{
	return capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
}

/* A short text file: text from *pos on, into buf. */
static ssize_t read_text(const char *text, void *buf, size_t n, u64 *pos)
{
	size_t len = strlen(text);

	if (*pos >= len)
		return 0;
	n = MIN(n, len - (size_t)*pos);
	memcpy(buf, text + *pos, n);
	*pos += n;
	return (ssize_t)n;
}

static ssize_t xsd_port_read(struct file *f __unused, void *buf, size_t n, u64 *pos)
{
	char text[16];

	snprintf(text, sizeof(text), "%u", store_port);
	return read_text(text, buf, n, pos);
}

/* Linux prints the page's kernel address; xenstored only maps the file. */
static ssize_t xsd_kva_read(struct file *f __unused, void *buf, size_t n, u64 *pos)
{
	char text[24];

	snprintf(text, sizeof(text), "0x%llx", (unsigned long long)(u64)store_page);
	return read_text(text, buf, n, pos);
}

/* The store page, shared, at the start of a one-page area (Linux: EINVAL otherwise). */
static int xsd_kva_mmap(struct file *f __unused, struct mm *mm, struct vma *v)
{
	if (v->end - v->start != PAGE_SIZE || v->file_off || !(v->flags & VMA_SHARED))
		return -EINVAL;
	return vm_io_insert(mm, v, v->start, store_page);
}

/* The page is the kernel's for good: only the entry goes. */
static void xsd_kva_unmap(struct file *f __unused, struct mm *mm, struct vma *v __unused,
			  u64 start, u64 end)
{
	for (u64 va = start; va < end; va += PAGE_SIZE)
		vm_io_remove(mm, va);
}

static const struct file_ops xsd_port_fops = {
	.open = root_open,
	.read = xsd_port_read,
};

static const struct file_ops xsd_kva_fops = {
	.open = root_open,
	.read = xsd_kva_read,
	.mmap = xsd_kva_mmap,
	.unmap = xsd_kva_unmap,
};

/* ---------------------------------------------------------------- /dev/xen/xenbus_backend */

/*
 * A xenstored in another domain (a stub domain that init-xenstore-domain
 * builds) serves dom0's store instead of a daemon of dom0: it maps our
 * store page through the reserved grant reference and binds a port of
 * ours meant for it. Only before any xenstored spoke to us.
 */
static long backend_setup(unsigned long domid)
{
	unsigned int port;
	int rc;

	if (domid >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	rc = gnttab_init();
	if (!rc)
		rc = xen_evtchn_alloc_unbound((u16)domid, &port);
	if (rc)
		return rc;
	rc = xenbus_local_switch_port(port);
	if (rc) {
		xen_evtchn_close(port);
		return rc;
	}
	store_port = port;
	rc = gnttab_grant_reserved(GNTTAB_RESERVED_XENSTORE, (u16)domid, store_page, false);
	if (rc)
		pr_err("cannot grant the store page to domain %lu: %d\n", domid, rc);
	pr_info("dom0's store is domain %lu's to serve: port %u, grant reference %u\n", domid,
		port, GNTTAB_RESERVED_XENSTORE);
	return rc ? rc : (long)port;
}

static long backend_ioctl(struct file *f __unused, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case IOCTL_XENBUS_BACKEND_EVTCHN:
		return store_port;
	case IOCTL_XENBUS_BACKEND_SETUP:
		return backend_setup(arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_ops backend_fops = {
	.open = root_open,
	.ioctl = backend_ioctl,
	.mmap = xsd_kva_mmap,
	.unmap = xsd_kva_unmap,
};

static int xenbus_local_init(void)
{
	struct page *pg;
	int rc;

	if (!xen_dom0)
		return 0;
	pg = alloc_pages(0);
	if (!pg) {
		pr_err("no memory for dom0's store page: no xenstore\n");
		return -ENOMEM;
	}
	store_page = page_address(pg);
	memset(store_page, 0, PAGE_SIZE);
	rc = xen_evtchn_alloc_unbound(0, &store_port);
	if (rc) {
		pr_err("no event channel for dom0's store: %d; no xenstore\n", rc);
		put_page(pg);
		store_page = NULL;
		return rc;
	}
	rc = chrdev_register(XEN_DEV_MAJOR, XEN_XSD_PORT_MINOR, "xsd_port", &xsd_port_fops);
	if (!rc)
		rc = chrdev_register(XEN_DEV_MAJOR, XEN_XSD_KVA_MINOR, "xsd_kva", &xsd_kva_fops);
	if (rc) {
		pr_err("cannot register /proc/xen/xsd_port and xsd_kva: %d; no xenstore\n", rc);
		return rc;
	}
	xenbus_set_local_store(store_page, store_port);
	rc = xen_dev_create("xenbus_backend", XEN_XENBUS_BACKEND_MINOR, &backend_fops);
	if (rc)
		pr_err("cannot create /dev/xen/xenbus_backend: %d\n", rc);
	return 0;
}
initcall(xenbus_local_init, INITCALL_BUS);
