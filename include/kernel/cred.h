/*
 * Credentials: the user and group ids a process acts with, and the
 * privilege checks made against them (kernel/cred.c; the system calls
 * that read and change them are kernel/sys_cred.c).
 *
 * Each struct process carries its own struct cred, as each Linux task
 * does: a process is what a thread will be (threads will share its
 * thread_group, never its credentials), so a set*id system call changes
 * the calling thread only, exactly as Linux's raw system calls do, and the
 * C library makes the change process-wide the way it does on Linux (musl
 * and glibc broadcast set*id to every thread). fork copies the parent's,
 * execve applies set-user-id and set-group-id bits.
 *
 * There are no capability sets. A capability is held by root: the
 * file-system ones (CAP_CHOWN, CAP_DAC_*, CAP_FOWNER, CAP_FSETID,
 * CAP_MKNOD) when the fsuid is 0, every other one when the euid is 0.
 * That is what Linux's capability sets amount to for a process that never
 * sets them explicitly: they are emptied when the euid (or, for the
 * file-system ones, the fsuid) leaves 0 and refilled when it comes back.
 */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include <kernel/types.h>

/* An id argument of -1: "leave it as it is" to set*id, never a valid id. */
#define INVALID_ID 0xffffffffU

#define NGROUPS_MAX 65536

/* Supplementary groups: counted, shared by fork, never changed once made. */
struct group_info {
	unsigned int refs;
	unsigned int count;
	u32 gid[]; /* sorted, ascending */
};

struct cred {
	u32 uid, euid, suid, fsuid; /* real, effective, saved, file system */
	u32 gid, egid, sgid, fsgid;
	struct group_info *groups; /* NULL: none */
};

/* Capability numbers, as Linux's <linux/capability.h> has them. */
#define CAP_CHOWN	     0
#define CAP_DAC_OVERRIDE     1
#define CAP_DAC_READ_SEARCH  2
#define CAP_FOWNER	     3
#define CAP_FSETID	     4
#define CAP_KILL	     5
#define CAP_SETGID	     6
#define CAP_SETUID	     7
#define CAP_NET_BIND_SERVICE 10
#define CAP_NET_ADMIN	     12
#define CAP_NET_RAW	     13
#define CAP_SYS_CHROOT	     18
#define CAP_SYS_ADMIN	     21
#define CAP_SYS_BOOT	     22
#define CAP_SYS_NICE	     23
#define CAP_SYS_RESOURCE     24
#define CAP_SYS_TIME	     25
#define CAP_MKNOD	     27
#define CAP_LEASE	     28
#define CAP_WAKE_ALARM	     35

struct process;
struct inode;

/* The calling process's credentials; a kernel thread acts as root. */
const struct cred *current_cred(void);
/* Whether the caller holds capability cap (see above). */
bool capable(int cap);
/* Whether gid is the caller's fsgid or one of its supplementary groups. */
bool in_group_p(u32 gid);
/* Whether gi holds gid (NULL holds nothing). */
bool groups_search(const struct group_info *gi, u32 gid);

/* A group list of n entries, one reference, ids not yet filled in; NULL when out of memory. */
struct group_info *groups_alloc(unsigned int n);
/* Sorts gi's ids, as the kernel keeps them (setgroups). */
void groups_sort(struct group_info *gi);
struct group_info *groups_get(struct group_info *gi);
void groups_put(struct group_info *gi);

/* fork: child gets a copy of parent's credentials (the group list shared). */
void cred_fork(struct process *child, const struct process *parent);
/* At reap: lets go of what p's credentials hold. */
void cred_release(struct process *p);
/*
 * execve of the file ino by p, after the point of no return: the file's
 * set-user-id and set-group-id bits take effect (unless p asked for no
 * new privileges or the file is on a nosuid mount), the saved and
 * file-system ids follow the effective ones. Returns whether the program runs with ids it was not started
 * with (AT_SECURE).
 */
bool cred_exec(struct process *p, const struct inode *ino);
/*
 * Whether the caller may send a signal to p: root, or its real or
 * effective uid is p's real or saved uid (Linux's kill_ok_by_cred()).
 */
bool may_signal(const struct process *p);

#endif
