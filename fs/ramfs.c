/*
 * ramfs: the root file system, kept entirely in memory.
 *
 * A directory is a list of entries, each holding one reference to its
 * inode, so an inode lives while a name or an open file or a cwd refers to
 * it. A directory knows its parent without a reference (that would be a
 * cycle); rmdir and a rename over a directory mark it dead, after which it
 * has no parent and nothing can be created in it.
 *
 * Regular files and symlinks keep their bytes in an array of page
 * pointers that grows on write; a NULL slot is a hole and reads as zeros.
 * The pages are counted (put_page_va()): a shared mapping maps them
 * themselves (map_page), so one may outlive its place in the file.
 *
 * Everything here runs under vfs_lock() and allocates before taking it,
 * so a failed allocation never leaves a half-made change behind.
 */
#define pr_fmt(fmt) "ramfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/string.h>
#include <kernel/vm.h>

#include "fs-internal.h"
#include "ramfs.h"

/* Keeps the page array within one buddy block (2 MiB of pointers). */
#define RAMFS_MAX_FILE	(1ULL << 30)
#define RAMFS_MAX_PAGES (RAMFS_MAX_FILE >> PAGE_SHIFT)

/* Cookies 0 and 1 are "." and ".."; entries count from here. */
#define FIRST_SEQ 2

static const struct inode_ops ramfs_dir_iops;
static const struct inode_ops ramfs_file_iops;
static const struct inode_ops ramfs_link_iops;
static const struct inode_ops ramfs_node_iops;
static const struct file_ops ramfs_file_fops;
static const struct file_ops ramfs_dir_fops;

static bool is_ramfs(const struct inode *i)
{
	return i->iops == &ramfs_dir_iops || i->iops == &ramfs_file_iops ||
	       i->iops == &ramfs_link_iops || i->iops == &ramfs_node_iops;
}

bool inode_is_ramfs(const struct inode *ino)
{
	return is_ramfs(ino);
}

static bool is_ramfs_dir(const struct inode *i)
{
	return i->iops == &ramfs_dir_iops;
}

static struct inode *ramfs_new_inode(u32 mode, u32 rdev, u64 fs_id)
{
	struct ramfs_inode *ri = kzalloc(sizeof(*ri));
	struct inode *i;

	if (!ri)
		return NULL;
	i = &ri->vfs;
	inode_init(i, mode);
	i->data = ri;
	ri->fs_id = fs_id;
	i->dev = (u32)fs_id;
	list_init(&ri->entries);
	switch (mode & S_IFMT) {
	case S_IFDIR:
		i->iops = &ramfs_dir_iops;
		i->fops = &ramfs_dir_fops;
		i->nlink = 2;
		ri->next_seq = FIRST_SEQ;
		break;
	case S_IFREG:
		i->iops = &ramfs_file_iops;
		i->fops = &ramfs_file_fops;
		break;
	case S_IFLNK:
		i->iops = &ramfs_link_iops;
		break;
	default:
		i->iops = &ramfs_node_iops;
		i->rdev = rdev;
		break;
	}
	return i;
}

/* ---------------------------------------------------------------- data pages */

static void free_pages_from(struct ramfs_inode *ri, u64 first)
{
	for (u64 p = first; p < ri->nr_slots; p++) {
		if (ri->pages[p]) {
			put_page_va(ri->pages[p]);
			ri->pages[p] = NULL;
		}
	}
}

/*
 * Makes room for page indexes below nr. The new array is allocated with
 * the lock dropped; the caller re-checks, so a racing grow is harmless.
 */
static int grow_slots(struct ramfs_inode *ri, u64 nr)
{
	u64 cap = ri->nr_slots ? ri->nr_slots : 8;
	unsigned long flags;
	u8 **arr;

	while (cap < nr)
		cap *= 2;
	if (cap > RAMFS_MAX_PAGES)
		cap = RAMFS_MAX_PAGES;
	arr = kzalloc(cap * sizeof(*arr));
	if (!arr)
		return -ENOMEM;
	flags = vfs_lock();
	if (ri->nr_slots < cap) {
		if (ri->nr_slots)
			memcpy(arr, ri->pages, ri->nr_slots * sizeof(*arr));
		kfree(ri->pages);
		ri->pages = arr;
		ri->nr_slots = cap;
		arr = NULL;
	}
	vfs_unlock(flags);
	kfree(arr);
	return 0;
}

/* Copies n bytes in at *pos under the lock; returns bytes written or -errno. */
static ssize_t data_write(struct ramfs_inode *ri, const void *buf, size_t n, u64 pos)
{
	struct inode *i = &ri->vfs;
	size_t done = 0;

	if (pos >= RAMFS_MAX_FILE)
		return -EFBIG;
	if (n > RAMFS_MAX_FILE - pos)
		n = RAMFS_MAX_FILE - pos;
	while (done < n) {
		u64 at = pos + done;
		u64 idx = at >> PAGE_SHIFT;
		size_t off = at & (PAGE_SIZE - 1);
		size_t chunk = MIN(n - done, PAGE_SIZE - off);

		if (idx >= ri->nr_slots || !ri->pages[idx])
			break;
		memcpy(ri->pages[idx] + off, (const u8 *)buf + done, chunk);
		done += chunk;
	}
	if (done && pos + done > i->size)
		i->size = pos + done;
	return done;
}

/*
 * Writes buf at pos: pages are allocated outside the lock, then the copy
 * runs under it. Loops because another writer may have grown the file.
 */
static ssize_t ramfs_write_at(struct ramfs_inode *ri, const void *buf, size_t n, u64 *pos,
			      bool append)
{
	struct inode *i = &ri->vfs;
	unsigned long flags;
	ssize_t ret;
	u64 start, last;

	if (n == 0)
		return 0;
	for (;;) {
		u64 need_idx = ~0ULL;

		flags = vfs_lock();
		if (append)
			*pos = i->size;
		start = *pos;
		if (start >= RAMFS_MAX_FILE) {
			vfs_unlock(flags);
			return -EFBIG;
		}
		last = (start + MIN(n, RAMFS_MAX_FILE - start) - 1) >> PAGE_SHIFT;
		for (u64 p = start >> PAGE_SHIFT; p <= last; p++) {
			if (p >= ri->nr_slots || !ri->pages[p]) {
				need_idx = p;
				break;
			}
		}
		if (need_idx == ~0ULL) {
			ret = data_write(ri, buf, n, start);
			if (ret > 0) {
				*pos = start + ret;
				i->mtime = i->ctime = fs_now();
			}
			vfs_unlock(flags);
			return ret;
		}
		vfs_unlock(flags);

		if (need_idx >= ri->nr_slots) {
			ret = grow_slots(ri, last + 1);
		} else {
			u8 *page = alloc_page_zeroed();

			ret = -ENOMEM;
			if (page) {
				flags = vfs_lock();
				if (need_idx < ri->nr_slots && !ri->pages[need_idx]) {
					ri->pages[need_idx] = page;
					page = NULL;
				}
				vfs_unlock(flags);
				if (page)
					free_page_va(page);
				ret = 0;
			}
		}
		if (ret) {
			/* Out of memory: a short write of what already has its pages. */
			u64 upto = need_idx << PAGE_SHIFT;

			if (upto <= start)
				return ret;
			n = upto - start;
		}
	}
}

static ssize_t data_read(struct ramfs_inode *ri, void *buf, size_t n, u64 pos)
{
	struct inode *i = &ri->vfs;
	size_t done = 0;

	if (pos >= i->size)
		return 0;
	if (n > i->size - pos)
		n = i->size - pos;
	while (done < n) {
		u64 at = pos + done;
		u64 idx = at >> PAGE_SHIFT;
		size_t off = at & (PAGE_SIZE - 1);
		size_t chunk = MIN(n - done, PAGE_SIZE - off);

		if (idx < ri->nr_slots && ri->pages[idx])
			memcpy((u8 *)buf + done, ri->pages[idx] + off, chunk);
		else
			memset((u8 *)buf + done, 0, chunk);
		done += chunk;
	}
	return done;
}

static ssize_t ramfs_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct ramfs_inode *ri = RI(f->inode);
	unsigned long flags = vfs_lock();
	ssize_t ret = data_read(ri, buf, n, *pos);

	if (ret > 0) {
		*pos += ret;
		ri->vfs.atime = fs_now();
	}
	vfs_unlock(flags);
	return ret;
}

static ssize_t ramfs_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	return ramfs_write_at(RI(f->inode), buf, n, pos, f->flags & O_APPEND);
}

static int ramfs_truncate(struct inode *i, u64 size)
{
	struct ramfs_inode *ri = RI(i);
	unsigned long flags;
	bool shrinks;

	if (size > RAMFS_MAX_FILE)
		return -EFBIG;
	flags = vfs_lock();
	shrinks = size < i->size;
	if (shrinks) {
		u64 keep = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
		size_t off = size & (PAGE_SIZE - 1);

		free_pages_from(ri, keep);
		/* The cut page's tail must read as zeros if the file grows again. */
		if (off && keep - 1 < ri->nr_slots && ri->pages[keep - 1])
			memset(ri->pages[keep - 1] + off, 0, PAGE_SIZE - off);
	}
	i->size = size;
	i->mtime = i->ctime = fs_now();
	vfs_unlock(flags);
	/* Mappings must not keep the pages cut off: their next access gets SIGBUS. */
	if (shrinks)
		vm_unmap_file(i, size);
	return 0;
}

static void *ramfs_map_page(struct inode *i, u64 idx)
{
	struct ramfs_inode *ri = RI(i);
	u8 *fresh = NULL, *page;
	unsigned long flags;

	for (;;) {
		flags = vfs_lock();
		page = ERR_PTR(-ENXIO);
		if (idx >= (i->size + PAGE_SIZE - 1) >> PAGE_SHIFT)
			break;
		/* A hole gets its page now: the mapping and later writes must share it. */
		if (idx < ri->nr_slots && !ri->pages[idx] && fresh) {
			ri->pages[idx] = fresh;
			fresh = NULL;
		}
		page = idx < ri->nr_slots ? ri->pages[idx] : NULL;
		if (page) {
			get_page_va(page);
			break;
		}
		vfs_unlock(flags);
		/* The slot array never shrinks: fresh is always used or freed below. */
		if (idx >= ri->nr_slots && grow_slots(ri, idx + 1))
			return ERR_PTR(-ENOMEM);
		fresh = alloc_page_zeroed();
		if (!fresh)
			return ERR_PTR(-ENOMEM);
	}
	vfs_unlock(flags);
	if (fresh)
		put_page_va(fresh);
	return page;
}

struct file *ramfs_anon_file(u64 size)
{
	struct inode *i;
	struct file *f;

	if (size > RAMFS_MAX_FILE)
		return ERR_PTR(-ENOMEM);
	/* In no directory of any instance: fs_id 0, the root file system's st_dev. */
	i = ramfs_new_inode(S_IFREG | 0600, 0, 0);
	if (!i)
		return ERR_PTR(-ENOMEM);
	i->nlink = 0;
	i->size = size;
	f = file_alloc(i->fops, i, O_RDWR);
	inode_put(i);
	return f ? f : ERR_PTR(-ENOMEM);
}

static int ramfs_readlink(struct inode *i, char *buf, size_t size)
{
	unsigned long flags = vfs_lock();
	ssize_t n = data_read(RI(i), buf, size, 0);

	vfs_unlock(flags);
	return (int)n;
}

/* ---------------------------------------------------------------- directories */

static int check_name(const char *name, size_t len)
{
	if (len == 0)
		return -ENOENT;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (memchr(name, '/', len) || memchr(name, '\0', len))
		return -EINVAL;
	return 0;
}

static struct ramfs_dirent *find_entry(struct ramfs_inode *dir, const char *name, size_t len)
{
	struct ramfs_dirent *d;

	list_for_each_entry(d, &dir->entries, list)
		if (d->len == len && memcmp(d->name, name, len) == 0)
			return d;
	return NULL;
}

static struct ramfs_dirent *dirent_alloc(const char *name, size_t len)
{
	struct ramfs_dirent *d = kmalloc(sizeof(*d) + len + 1);

	if (!d)
		return NULL;
	list_init(&d->list);
	d->inode = NULL;
	d->mounts = 0;
	d->len = len;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	return d;
}

/* Appends d (holding child) to dir; caller holds the lock. */
static void add_entry(struct ramfs_inode *dir, struct ramfs_dirent *d, struct inode *child)
{
	d->inode = child;
	d->seq = dir->next_seq++;
	list_add_tail(&d->list, &dir->entries);
	if (S_ISDIR(child->mode)) {
		dir->vfs.nlink++;
		if (is_ramfs_dir(child))
			RI(child)->parent = &dir->vfs;
	}
	dir->vfs.mtime = dir->vfs.ctime = fs_now();
}

static struct inode *ramfs_lookup(struct inode *dir, const char *name, size_t len)
{
	struct ramfs_inode *rd = RI(dir);
	struct inode *res = ERR_PTR(-ENOENT);
	struct ramfs_dirent *d;
	unsigned long flags;

	if (len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	flags = vfs_lock();
	if (rd->dead)
		goto out;
	if (name_is_dot(name, len)) {
		res = inode_get(dir);
	} else if (name_is_dotdot(name, len)) {
		res = inode_get(rd->parent);
	} else {
		d = find_entry(rd, name, len);
		if (d)
			res = inode_get(d->inode);
	}
out:
	vfs_unlock(flags);
	return res;
}

/* Links the new inode child under name, or fails leaving child to the caller. */
static int insert_new(struct inode *dir, const char *name, size_t len, struct inode *child)
{
	struct ramfs_inode *rd = RI(dir);
	struct ramfs_dirent *d;
	unsigned long flags;
	int err;

	err = check_name(name, len);
	if (err)
		return err;
	if (name_is_dot(name, len) || name_is_dotdot(name, len))
		return -EEXIST;
	d = dirent_alloc(name, len);
	if (!d)
		return -ENOMEM;
	flags = vfs_lock();
	if (rd->dead)
		err = -ENOENT;
	else if (find_entry(rd, name, len))
		err = -EEXIST;
	else
		add_entry(rd, d, child);
	vfs_unlock(flags);
	if (err)
		kfree(d);
	return err;
}

static int ramfs_create(struct inode *dir, const char *name, size_t len, u32 mode, u32 rdev,
			struct inode **out)
{
	struct inode *child;
	int err;

	if ((mode & S_IFMT) == S_IFLNK)
		return -EINVAL; /* symlinks need their target: ->symlink */
	if ((mode & S_IFMT) == 0)
		mode |= S_IFREG;
	child = ramfs_new_inode(mode, rdev, RI(dir)->fs_id);
	if (!child)
		return -ENOMEM;
	err = insert_new(dir, name, len, child);
	if (err) {
		inode_put(child);
		return err;
	}
	/* The entry keeps the creation reference; the caller gets its own. */
	if (out)
		*out = inode_get(child);
	return 0;
}

static int ramfs_symlink(struct inode *dir, const char *name, size_t len, const char *target,
			 struct inode **out)
{
	size_t tlen = strnlen(target, PATH_MAX);
	struct inode *child;
	u64 pos = 0;
	ssize_t n;
	int err;

	if (tlen == 0)
		return -ENOENT;
	if (tlen >= PATH_MAX)
		return -ENAMETOOLONG;
	child = ramfs_new_inode(S_IFLNK | 0777, 0, RI(dir)->fs_id);
	if (!child)
		return -ENOMEM;
	n = ramfs_write_at(RI(child), target, tlen, &pos, false);
	if (n != (ssize_t)tlen) {
		inode_put(child);
		return n < 0 ? (int)n : -ENOMEM;
	}
	err = insert_new(dir, name, len, child);
	if (err) {
		inode_put(child);
		return err;
	}
	if (out)
		*out = inode_get(child);
	return 0;
}

static int ramfs_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
	unsigned long flags;
	int err;

	if (S_ISDIR(target->mode))
		return -EPERM;
	if (!is_ramfs(target) || RI(target)->fs_id != RI(dir)->fs_id)
		return -EXDEV;
	inode_get(target);
	err = insert_new(dir, name, len, target);
	if (err) {
		inode_put(target);
		return err;
	}
	flags = vfs_lock();
	target->nlink++;
	target->ctime = fs_now();
	vfs_unlock(flags);
	return 0;
}

/*
 * Takes the inode out of an entry that is going away (or being
 * overwritten by a rename): link counts, and a directory dies. Lock held.
 * -ENOTEMPTY / -EBUSY when it may not go.
 */
static int detach_check(struct inode *victim)
{
	if (!S_ISDIR(victim->mode))
		return 0;
	if (!is_ramfs_dir(victim))
		return -EBUSY; /* another file system's root */
	if (!list_empty(&RI(victim)->entries))
		return -ENOTEMPTY;
	return 0;
}

static void detach(struct ramfs_inode *dir, struct inode *victim)
{
	if (S_ISDIR(victim->mode)) {
		dir->vfs.nlink--;
		RI(victim)->dead = true;
		RI(victim)->parent = NULL;
		victim->nlink = 0;
	} else if (victim->nlink) {
		victim->nlink--;
	}
	victim->ctime = dir->vfs.mtime = dir->vfs.ctime = fs_now();
}

static int ramfs_unlink(struct inode *dir, const char *name, size_t len)
{
	struct ramfs_inode *rd = RI(dir);
	struct ramfs_dirent *d;
	unsigned long flags;
	int err;

	if (name_is_dot(name, len) || name_is_dotdot(name, len))
		return -EINVAL;
	flags = vfs_lock();
	d = rd->dead ? NULL : find_entry(rd, name, len);
	err = -ENOENT;
	if (!d)
		goto unlock;
	err = -EBUSY;
	if (d->mounts)
		goto unlock;
	err = detach_check(d->inode);
	if (err)
		goto unlock;
	detach(rd, d->inode);
	list_del(&d->list);
unlock:
	vfs_unlock(flags);
	if (!err) {
		inode_put(d->inode);
		kfree(d);
	}
	return err;
}

static bool is_ancestor(struct inode *anc, struct inode *dir)
{
	while (dir && is_ramfs_dir(dir)) {
		if (dir == anc)
			return true;
		if (RI(dir)->parent == dir)
			break;
		dir = RI(dir)->parent;
	}
	return false;
}

static int ramfs_rename(struct inode *odir, const char *oname, size_t olen,
			struct inode *ndir, const char *nname, size_t nlen)
{
	struct ramfs_inode *ro = RI(odir), *rn = RI(ndir);
	struct ramfs_dirent *src, *dst, *fresh;
	struct inode *moving, *replaced = NULL;
	unsigned long flags;
	int err;

	if (!is_ramfs_dir(ndir) || ro->fs_id != rn->fs_id)
		return -EXDEV;
	if (name_is_dot(oname, olen) || name_is_dotdot(oname, olen) ||
	    name_is_dot(nname, nlen) || name_is_dotdot(nname, nlen))
		return -EINVAL;
	err = check_name(nname, nlen);
	if (err)
		return err;
	fresh = dirent_alloc(nname, nlen);
	if (!fresh)
		return -ENOMEM;

	flags = vfs_lock();
	err = -ENOENT;
	src = ro->dead ? NULL : find_entry(ro, oname, olen);
	if (!src || rn->dead)
		goto unlock;
	moving = src->inode;
	dst = find_entry(rn, nname, nlen);
	err = 0;
	if (dst == src || (dst && dst->inode == moving))
		goto unlock; /* the same file already: nothing to do */
	err = -EBUSY;
	if (src->mounts || (dst && dst->mounts))
		goto unlock;
	err = -EINVAL;
	if (S_ISDIR(moving->mode) && is_ancestor(moving, ndir))
		goto unlock;
	if (dst) {
		replaced = dst->inode;
		err = -ENOTDIR;
		if (S_ISDIR(moving->mode) && !S_ISDIR(replaced->mode))
			goto unlock;
		err = -EISDIR;
		if (!S_ISDIR(moving->mode) && S_ISDIR(replaced->mode))
			goto unlock;
		err = detach_check(replaced);
		if (err)
			goto unlock;
		detach(rn, replaced);
		/* The old name's entry now names the moving inode in place. */
		dst->inode = moving;
	}
	list_del(&src->list);
	if (S_ISDIR(moving->mode)) {
		ro->vfs.nlink--;
		if (dst)
			rn->vfs.nlink++; /* detach() took the replaced one's */
	}
	if (dst) {
		if (S_ISDIR(moving->mode))
			RI(moving)->parent = ndir;
		ndir->mtime = ndir->ctime = fs_now();
	} else {
		add_entry(rn, fresh, moving);
		fresh = NULL;
	}
	moving->ctime = odir->mtime = odir->ctime = fs_now();
	kfree(src);
	err = 0;
unlock:
	vfs_unlock(flags);
	kfree(fresh);
	if (!err)
		inode_put(replaced);
	return err;
}

static int ramfs_readdir(struct inode *dir, u64 *cookie,
			 int (*emit)(void *ctx, const char *name, size_t len, u64 ino,
				     unsigned int type),
			 void *ctx)
{
	struct ramfs_inode *rd = RI(dir);
	struct ramfs_dirent *d;
	unsigned long flags = vfs_lock();

	/* A removed directory lists nothing, not even "." and "..". */
	if (rd->dead)
		goto out;
	if (*cookie == 0) {
		if (emit(ctx, ".", 1, dir->ino, DT_DIR))
			goto out;
		*cookie = 1;
	}
	if (*cookie == 1) {
		if (emit(ctx, "..", 2, rd->parent->ino, DT_DIR))
			goto out;
		*cookie = FIRST_SEQ;
	}
	list_for_each_entry(d, &rd->entries, list) {
		if (d->seq < *cookie)
			continue;
		if (emit(ctx, d->name, d->len, d->inode->ino, IFTODT(d->inode->mode)))
			break;
		*cookie = d->seq + 1;
	}
out:
	vfs_unlock(flags);
	return 0;
}

static void ramfs_evict(struct inode *i)
{
	struct ramfs_inode *ri = RI(i);
	struct ramfs_dirent *d, *n;

	/* Only an unreferenced directory tree gets here; drop what it names. */
	list_for_each_entry_safe(d, n, &ri->entries, list) {
		list_del(&d->list);
		inode_put(d->inode);
		kfree(d);
	}
	free_pages_from(ri, 0);
	kfree(ri->pages);
	kfree(ri);
}

struct inode *ramfs_new_root(void)
{
	struct inode *root = ramfs_new_inode(S_IFDIR | 0755, 0, fs_new_dev());

	if (root)
		RI(root)->parent = root;
	return root;
}

bool ramfs_is_dir(const struct inode *i)
{
	return is_ramfs_dir(i);
}

static const struct inode_ops ramfs_dir_iops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.readdir = ramfs_readdir,
	.symlink = ramfs_symlink,
	.rename = ramfs_rename,
	.evict = ramfs_evict,
};

static const struct inode_ops ramfs_file_iops = {
	.truncate = ramfs_truncate,
	.evict = ramfs_evict,
	.map_page = ramfs_map_page,
};

static const struct inode_ops ramfs_link_iops = {
	.readlink = ramfs_readlink,
	.evict = ramfs_evict,
};

static const struct inode_ops ramfs_node_iops = {
	.evict = ramfs_evict,
};

static const struct file_ops ramfs_file_fops = {
	.read = ramfs_read,
	.write = ramfs_write,
};

/* Directories are opened only to be listed: read() says EISDIR for them. */
static const struct file_ops ramfs_dir_fops;
