/*
 * Block device files. A disk is a number of sectors that its driver
 * reads and writes whole; the file gives user space bytes at any offset,
 * so a transfer that starts or ends inside a sector goes through one
 * sector of bounce buffer (read, patch, write back for a write) and the
 * whole sectors between go to the driver in one call. The file's size is
 * the disk's (SEEK_END, BLKGETSIZE64); fsync and sync(2) flush the disk's
 * write cache. Nodes are made in /dev when the disk registers, or when
 * the root file system is built if the disk came first.
 */
#define pr_fmt(fmt) "blkdev: " fmt

#include <kernel/blkdev.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>

#include "fs-internal.h"

static struct blkdev *disks;

static struct blkdev *find(u32 rdev)
{
	for (struct blkdev *bd = disks; bd; bd = bd->next)
		if (MKDEV(bd->major, bd->minor) == rdev)
			return bd;
	return NULL;
}

static u64 disk_bytes(const struct blkdev *bd)
{
	return bd->nr_sectors * bd->sector_size;
}

static int blk_open(struct inode *ino, struct file *f)
{
	struct blkdev *bd = find(ino->rdev);

	if (!bd || bd->gone)
		return -ENXIO;
	if (bd->readonly && (f->flags & O_ACCMODE) != O_RDONLY)
		return -EROFS;
	f->priv = bd;
	return 0;
}

/* One partial sector: bytes [off, off + len) of sector, through a bounce buffer. */
static int partial(struct blkdev *bd, bool write, u64 sector, u32 off, u32 len, char *buf)
{
	char *b = kmalloc(bd->sector_size);
	int rc;

	if (!b)
		return -ENOMEM;
	rc = bd->ops->rw(bd, false, sector, 1, b);
	if (!rc && write) {
		rc = copy_checked(b + off, buf, len);
		if (!rc)
			rc = bd->ops->rw(bd, true, sector, 1, b);
	} else if (!rc) {
		rc = copy_checked(buf, b + off, len);
	}
	kfree(b);
	return rc;
}

static ssize_t blk_rw(struct file *f, char *buf, size_t n, u64 *pos, bool write)
{
	struct blkdev *bd = f->priv;
	u32 ss = bd->sector_size;
	size_t done = 0;
	int rc = 0;

	if (bd->gone)
		return -EIO;
	if (*pos >= disk_bytes(bd))
		return write && n ? -ENOSPC : 0;
	n = MIN(n, disk_bytes(bd) - *pos);
	while (done < n && !rc) {
		u64 p = *pos + done, sector = p / ss;
		u32 off = (u32)(p % ss);

		if (off || n - done < ss) {
			u32 len = (u32)MIN((size_t)(ss - off), n - done);

			rc = partial(bd, write, sector, off, len, buf + done);
			if (!rc)
				done += len;
		} else {
			u32 nr = (u32)MIN((n - done) / ss, (size_t)0x10000);

			rc = bd->ops->rw(bd, write, sector, nr, buf + done);
			if (!rc)
				done += (size_t)nr * ss;
		}
	}
	*pos += done;
	return done ? (ssize_t)done : rc;
}

static ssize_t blk_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	return blk_rw(f, buf, n, pos, false);
}

static ssize_t blk_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	return blk_rw(f, (char *)buf, n, pos, true);
}

static int blk_flush(struct blkdev *bd)
{
	if (bd->gone)
		return -EIO;
	return bd->ops->flush ? bd->ops->flush(bd) : 0;
}

static int blk_fsync(struct file *f)
{
	return blk_flush(f->priv);
}

static u64 blk_size(struct file *f)
{
	return disk_bytes(f->priv);
}

static long blk_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct blkdev *bd = f->priv;
	u64 bytes = disk_bytes(bd);
	int ss = (int)bd->sector_size;

	switch (cmd) {
	case BLKGETSIZE64:
		return copy_to_user((void *)arg, &bytes, sizeof(bytes)) ? -EFAULT : 0;
	case BLKSSZGET:
		return copy_to_user((void *)arg, &ss, sizeof(ss)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

static unsigned int blk_poll(struct file *f __unused)
{
	return POLLIN | POLLOUT;
}

static const struct file_ops blk_fops = {
	.open = blk_open,
	.read = blk_read,
	.write = blk_write,
	.ioctl = blk_ioctl,
	.poll = blk_poll,
	.fsync = blk_fsync,
	.size = blk_size,
	.user_buffers = true, /* the driver copies straight between the caller and its ring */
};

const struct file_ops *blkdev_lookup(u32 rdev)
{
	return find(rdev) ? &blk_fops : NULL;
}

static void make_node(struct blkdev *bd)
{
	char path[32];
	int rc;

	snprintf(path, sizeof(path), "/dev/%s", bd->name);
	rc = vfs_mknod(NULL, path, S_IFBLK | 0660, MKDEV(bd->major, bd->minor), NULL);
	if (rc && rc != -EEXIST)
		pr_err("cannot create %s: %d\n", path, rc);
}

int blkdev_register(struct blkdev *bd)
{
	unsigned long flags;

	if (!bd->ops || !bd->ops->rw || bd->sector_size < 512 || bd->sector_size > 4096 ||
	    (bd->sector_size & (bd->sector_size - 1)))
		return -EINVAL;
	if (find(MKDEV(bd->major, bd->minor)))
		return -EBUSY;
	flags = vfs_lock();
	bd->next = disks;
	disks = bd;
	vfs_unlock(flags);
	if (vfs_root())
		make_node(bd);
	pr_info("%s: %llu sectors of %u bytes (%llu MiB)%s\n", bd->name,
		(unsigned long long)bd->nr_sectors, bd->sector_size,
		(unsigned long long)(disk_bytes(bd) >> 20), bd->readonly ? ", read-only" : "");
	return 0;
}

void blkdev_unregister(struct blkdev *bd)
{
	struct blkdev **pp;
	unsigned long flags;
	char path[32];

	bd->gone = true;
	flags = vfs_lock();
	for (pp = &disks; *pp; pp = &(*pp)->next) {
		if (*pp == bd) {
			*pp = bd->next;
			break;
		}
	}
	vfs_unlock(flags);
	snprintf(path, sizeof(path), "/dev/%s", bd->name);
	if (vfs_root())
		vfs_unlink(NULL, path, false);
}

void blkdev_sync_all(void)
{
	for (struct blkdev *bd = disks; bd; bd = bd->next) {
		int rc = blk_flush(bd);

		if (rc)
			pr_err("%s: flush failed: %d\n", bd->name, rc);
	}
}

void blkdev_create_nodes(void)
{
	for (struct blkdev *bd = disks; bd; bd = bd->next)
		make_node(bd);
}
