/*
 * What pipe.c, fifo.c and fcntl.c share about pipes: the ring, the file
 * operations of both kinds of pipe, and the size control of fcntl.
 */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include <kernel/fs.h>
#include <kernel/sched.h>
#include <kernel/types.h>

/* One page of the ring: data at [off, off + len) of page. */
struct pipe_buf {
	u8 *page;
	u16 off, len;
	bool packet; /* written in packet mode (O_DIRECT): read as one */
};

/*
 * A ring of nr_slots pages (a power of two), as Linux keeps it: capacity
 * is counted in pages, so F_SETPIPE_SZ means what it means there, and a
 * packet takes a slot of its own. Pages come on write and go on read.
 * Everything here is under vfs_lock().
 */
struct pipe {
	struct pipe_buf *bufs;
	u32 nr_slots;
	u32 head;  /* the slot read next */
	u32 used;  /* slots holding data, from head on */
	u8 *spare; /* a page the last read emptied, for the next write */
	int readers, writers;
	/* Opens of each side so far: a FIFO opener waits for the other one to move. */
	u32 r_counter, w_counter;
	struct wait_queue readable, writable;
};

/* A pipe with the default capacity and no ends; NULL when out of memory. */
struct pipe *pipe_alloc(void);
void pipe_free(struct pipe *p);

/* Named pipes: open() waits for the other side (fifo.c). */
int fifo_open(struct inode *ino, struct file *f);
extern const struct file_ops fifo_fops;

/* The pipe an open file reads or writes, or NULL when it is not a pipe. */
struct pipe *file_pipe(struct file *f);
/* F_GETPIPE_SZ, F_SETPIPE_SZ: the capacity in bytes, or -errno. */
long pipe_get_size(struct file *f);
long pipe_set_size(struct file *f, unsigned long arg);

#endif
