/*
 * Block devices (fs/blkdev.c): disks that a driver (blkfront) registers
 * by name and device number, seen by user space as block device files
 * (/dev/xvda) with byte-granular read, write and lseek over whole
 * sectors underneath, fsync as a cache flush, and the BLKGETSIZE64 and
 * BLKSSZGET ioctls.
 */
#ifndef KERNEL_BLKDEV_H
#define KERNEL_BLKDEV_H

#include <kernel/types.h>

struct blkdev;

struct blkdev_ops {
	/*
	 * Reads or writes nr whole sectors from sector on, to or from buf
	 * (any alignment): kernel memory, or a read()'s or write()'s user
	 * buffer, already range-checked, so the driver copies with
	 * copy_checked(). Sleeps until done: 0, -EFAULT (a page of buf is
	 * not there), or -EIO.
	 */
	int (*rw)(struct blkdev *bd, bool write, u64 sector, u32 nr, void *buf);
	/* Makes what was written durable (the disk's write cache); 0 or -EIO. May be NULL. */
	int (*flush)(struct blkdev *bd);
};

struct blkdev {
	char name[16]; /* the node is /dev/<name> */
	u32 major, minor;
	u64 nr_sectors;
	u32 sector_size; /* a power of two, 512 to 4096 */
	bool readonly;
	bool gone; /* the disk went away: I/O fails with -EIO */
	const struct blkdev_ops *ops;
	void *priv; /* the driver's */
	/* Private to fs/blkdev.c. */
	struct blkdev *next;
};

/* Makes bd known and creates its node once the root file system exists. 0 or -errno. */
int blkdev_register(struct blkdev *bd);
/*
 * I/O on open files fails from now on; the node goes. Open files still
 * point at bd: the driver keeps it allocated.
 */
void blkdev_unregister(struct blkdev *bd);
/* Flushes every disk (sync(2), power-off). */
void blkdev_sync_all(void);

/* For the file layer: the operations of a block device file, or NULL. */
const struct file_ops *blkdev_lookup(u32 rdev);
/* Creates the nodes of disks registered before the root file system existed. */
void blkdev_create_nodes(void);

/* Linux ioctl numbers. */
#define BLKSSZGET    0x1268
#define BLKGETSIZE64 0x80081272

#endif
