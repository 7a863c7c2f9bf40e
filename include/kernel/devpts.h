/*
 * devpts (fs/devpts.c): the file system of pty slaves, /dev/pts. It
 * holds one node per pair, /dev/pts/N (char 136:N), and /dev/pts/ptmx;
 * the pty driver (drivers/tty/pty.c) makes and removes the nodes, and
 * opening a node goes back to the driver through its device number.
 * There is one instance: every mount of devpts shows the same nodes.
 */
#ifndef KERNEL_DEVPTS_H
#define KERNEL_DEVPTS_H

#include <kernel/types.h>

struct inode;

#define PTY_SLAVE_MAJOR 136
#define PTMX_MAJOR	5
#define PTMX_MINOR	2
/* Pairs at most (Linux's default kernel.pty.max is 4096; each pair here takes a 16 KiB block). */
#define PTY_MAX 256

/*
 * The node /dev/pts/index for a new pair, owned by the caller (its
 * fsuid, and its fsgid or the gid= option), with the mode= option's
 * permissions. 0, or -ENOMEM.
 */
int devpts_pty_new(int index);
/* Removes the node (the master went); open files keep their inode. */
void devpts_pty_kill(int index);
/* The node's inode, referenced, or NULL if it is gone. */
struct inode *devpts_pty_inode(int index);
/* How many pairs may exist (the max= option, at most PTY_MAX). */
int devpts_max_ptys(void);

#endif
