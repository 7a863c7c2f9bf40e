/*
 * Path lookup: from the root or a starting directory, one component at a
 * time through each directory's ->lookup, following symlinks.
 *
 * The unresolved rest of the path sits right-aligned in a PATH_MAX
 * buffer. A symlink's target is spliced in front of the rest, so
 * following one is a copy rather than a recursion: kernel stacks are
 * 16 KiB and eight nested 4 KiB path buffers would not fit. Nesting is
 * tracked by remembering how long the rest was when each link was
 * followed: once the rest is that short again, the link's target is used
 * up.
 *
 * Each directory a lookup passes through must be searchable by the caller
 * (fs/permission.c); the directory of the last component too, as the
 * callers of path_parent_at() look that up or change it.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/string.h>

#include "fs-internal.h"

#define MAX_NESTED_LINKS 8
#define MAX_TOTAL_LINKS	 40

static struct inode *root_inode;

void vfs_set_root(struct inode *root)
{
	root_inode = root;
}

struct inode *vfs_root(void)
{
	return root_inode;
}

static struct inode *cwd_inode(void)
{
	struct process *p = current_proc();

	return p && p->cwd ? p->cwd : root_inode;
}

/* Where the caller's absolute paths start: its chroot() directory, or the root. */
static struct inode *proc_root(void)
{
	struct process *p = current_proc();

	return p && p->root ? p->root : root_inode;
}

static bool is_lookup_dir(const struct inode *i)
{
	return S_ISDIR(i->mode) && i->iops && i->iops->lookup;
}

struct walk {
	char *buf;    /* PATH_MAX bytes; the rest is [p, buf + PATH_MAX) */
	char *target; /* scratch for a symlink's target */
	char *p;
	struct inode *cur; /* referenced */
	unsigned int depth, total;
	size_t rest_at[MAX_NESTED_LINKS];
};

static inline size_t rest_len(const struct walk *w)
{
	return w->buf + PATH_MAX - w->p;
}

/* Forgets the links whose targets have been used up. */
static void pop_links(struct walk *w)
{
	while (w->depth && rest_len(w) <= w->rest_at[w->depth - 1])
		w->depth--;
}

/* Puts link's target in front of the rest; link's reference is dropped. */
static int follow_link(struct walk *w, struct inode *link)
{
	int n, err;

	err = -ELOOP;
	if (++w->total > MAX_TOTAL_LINKS || w->depth >= MAX_NESTED_LINKS)
		goto out;
	err = -ENOMEM;
	if (!w->target) {
		w->target = kmalloc(PATH_MAX);
		if (!w->target)
			goto out;
	}
	err = -EINVAL;
	if (!link->iops || !link->iops->readlink)
		goto out;
	n = link->iops->readlink(link, w->target, PATH_MAX);
	err = n;
	if (n < 0)
		goto out;
	err = -ENOENT;
	if (n == 0)
		goto out;
	err = -ENAMETOOLONG;
	if ((size_t)n > (size_t)(w->p - w->buf))
		goto out;
	w->rest_at[w->depth++] = rest_len(w);
	w->p -= n;
	memcpy(w->p, w->target, n);
	if (w->target[0] == '/') {
		inode_put(w->cur);
		w->cur = inode_get(proc_root());
	}
	err = 0;
out:
	inode_put(link);
	return err;
}

/*
 * A link that stands for an open file (/proc/PID/fd/N): the walk goes on
 * from that file's inode, and its directory becomes the one the name was
 * found in. Counts as a link against ELOOP; link's reference is dropped.
 */
static int follow_file_link(struct walk *w, struct inode *link, struct inode **dir)
{
	struct file *f;
	int err = -ELOOP;

	if (++w->total > MAX_TOTAL_LINKS)
		goto out;
	f = link->iops->link_file(link);
	err = IS_ERR(f) ? (int)PTR_ERR(f) : 0;
	if (err)
		goto out;
	err = -ENOENT;
	if (f->inode) {
		inode_put(w->cur);
		w->cur = inode_get(f->inode);
		inode_put(*dir);
		*dir = inode_get(f->dir);
		err = 0;
	}
	file_put(f);
out:
	inode_put(link);
	return err;
}

/*
 * Resolves path[0..len) from base (NULL: the cwd). follow says whether a
 * symlink as the last component is followed; one with a slash after it
 * always is, as it must name a directory.
 */
static struct inode *walk_path(struct inode *base, const char *path, size_t len, bool follow,
			       struct inode **dirp)
{
	struct walk w = { 0 };
	struct inode *dir = NULL; /* the directory the last name was found in, for dirp */
	char *end;
	long err;

	if (!root_inode)
		return ERR_PTR(-ENOENT);
	if (len >= PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	w.buf = kmalloc(PATH_MAX);
	if (!w.buf)
		return ERR_PTR(-ENOMEM);
	end = w.buf + PATH_MAX;
	w.p = end - len;
	memcpy(w.p, path, len);
	w.cur = inode_get(len && path[0] == '/' ? proc_root() : (base ? base : cwd_inode()));

	for (;;) {
		struct inode *child;
		const char *name;
		size_t nlen;
		bool more;

		while (w.p < end && *w.p == '/')
			w.p++;
		pop_links(&w);
		if (w.p == end)
			break;
		name = w.p;
		while (w.p < end && *w.p != '/')
			w.p++;
		nlen = w.p - name;
		err = -ENAMETOOLONG;
		if (nlen > NAME_MAX)
			goto fail;
		err = -ENOTDIR;
		if (!is_lookup_dir(w.cur))
			goto fail;
		/* Every directory passed through must be searchable, "." included. */
		err = inode_permission(w.cur, MAY_EXEC);
		if (err)
			goto fail;
		if (name_is_dot(name, nlen))
			continue;
		/* ".." never leads above the caller's root. */
		if (name_is_dotdot(name, nlen) && w.cur == proc_root())
			continue;
		child = w.cur->iops->lookup(w.cur, name, nlen);
		if (IS_ERR(child)) {
			err = PTR_ERR(child);
			goto fail;
		}
		/* Anything after the name (even "/") means it must be a directory. */
		more = w.p < end;
		if (S_ISLNK(child->mode) && (follow || more) && child->iops && child->iops->link_file) {
			err = follow_file_link(&w, child, &dir);
			if (err)
				goto fail;
			continue;
		}
		if (S_ISLNK(child->mode) && (follow || more)) {
			err = follow_link(&w, child);
			if (err)
				goto fail;
			continue;
		}
		if (more && !S_ISDIR(child->mode)) {
			inode_put(child);
			err = -ENOTDIR;
			goto fail;
		}
		inode_put(dir);
		dir = w.cur;
		w.cur = child;
	}
	kfree(w.buf);
	kfree(w.target);
	/* Only a file that is not a directory needs its directory to be named later. */
	if (dirp && !S_ISDIR(w.cur->mode))
		*dirp = dir;
	else
		inode_put(dir);
	return w.cur;

fail:
	inode_put(dir);
	inode_put(w.cur);
	kfree(w.buf);
	kfree(w.target);
	return ERR_PTR(err);
}

static long check_path(const char *path, size_t *len)
{
	*len = strnlen(path, PATH_MAX);
	if (*len >= PATH_MAX)
		return -ENAMETOOLONG;
	if (*len == 0)
		return -ENOENT;
	return 0;
}

struct inode *path_lookup_at(struct inode *base, const char *path, bool follow)
{
	size_t len;
	long err = check_path(path, &len);

	return err ? ERR_PTR(err) : walk_path(base, path, len, follow, NULL);
}

struct inode *path_lookup_dir_at(struct inode *base, const char *path, bool follow,
				 struct inode **dirp)
{
	size_t len;
	long err = check_path(path, &len);

	*dirp = NULL;
	return err ? ERR_PTR(err) : walk_path(base, path, len, follow, dirp);
}

struct inode *path_lookup(const char *path, bool follow)
{
	return path_lookup_at(NULL, path, follow);
}

struct inode *path_parent_at(struct inode *base, const char *path, const char **last,
			     size_t *lenp)
{
	struct inode *dir;
	size_t len, s, e;
	long err = check_path(path, &len);

	if (err)
		return ERR_PTR(err);
	/* Trailing slashes belong to the last component, not to a new one. */
	for (e = len; e > 0 && path[e - 1] == '/'; e--)
		;
	if (e == 0) {
		/* "/" (or "///"): the root, with an empty last component. */
		*last = path + len;
		*lenp = 0;
		return root_inode ? inode_get(proc_root()) : ERR_PTR(-ENOENT);
	}
	for (s = e; s > 0 && path[s - 1] != '/'; s--)
		;
	if (e - s > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	if (s == 0)
		dir = inode_get(base ? base : cwd_inode());
	else
		dir = walk_path(base, path, s, true, NULL);
	if (IS_ERR(dir))
		return dir;
	if (!dir || !is_lookup_dir(dir)) {
		inode_put(dir);
		return ERR_PTR(dir ? -ENOTDIR : -ENOENT);
	}
	/* The last component is looked up (or made) in dir: it must be searchable. */
	err = inode_permission(dir, MAY_EXEC);
	if (err) {
		inode_put(dir);
		return ERR_PTR(err);
	}
	*last = path + s;
	*lenp = e - s;
	return dir;
}

struct inode *path_parent(const char *path, const char **last, size_t *len)
{
	return path_parent_at(NULL, path, last, len);
}

/* ---------------------------------------------------------------- getcwd */

struct name_search {
	u64 ino;
	size_t len;
	char name[NAME_MAX + 1];
};

static int match_ino(void *ctx, const char *name, size_t len, u64 ino,
		     unsigned int type __unused)
{
	struct name_search *s = ctx;

	if (ino != s->ino || name_is_dot(name, len) || name_is_dotdot(name, len) ||
	    len > NAME_MAX)
		return 0;
	memcpy(s->name, name, len);
	s->len = len;
	return 1;
}

/*
 * Climbs from dir through ".." to the caller's root, finding each
 * directory's name in its parent's listing. Slower than a remembered
 * string, but right after any rename; a removed directory has no ".."
 * and gives -ENOENT. A directory outside a chroot() gets Linux's
 * "(unreachable)" in front of its path from the real root.
 */
int vfs_path_of(struct inode *dir, char *buf, size_t size)
{
	static const char unreachable[] = "(unreachable)";
	struct name_search *s = kmalloc(sizeof(*s));
	char *tmp = kmalloc(PATH_MAX);
	struct inode *cur = inode_get(dir), *parent, *top = proc_root();
	size_t pos = PATH_MAX - 1;
	int err = -ENOMEM;

	if (!s || !tmp || !cur)
		goto out;
	tmp[pos] = '\0';
	while (cur != root_inode && cur != top) {
		u64 cookie = 0;

		err = -ENOENT;
		if (!is_lookup_dir(cur) || !cur->iops->readdir)
			goto out;
		parent = cur->iops->lookup(cur, "..", 2);
		if (IS_ERR(parent))
			goto out;
		if (parent == cur || !parent->iops || !parent->iops->readdir) {
			inode_put(parent);
			goto out;
		}
		s->ino = cur->ino;
		s->len = 0;
		parent->iops->readdir(parent, &cookie, match_ino, s);
		inode_put(cur);
		cur = parent;
		if (!s->len)
			goto out;
		err = -ENAMETOOLONG;
		if (s->len + 1 > pos)
			goto out;
		pos -= s->len;
		memcpy(tmp + pos, s->name, s->len);
		tmp[--pos] = '/';
	}
	if (pos == PATH_MAX - 1)
		tmp[--pos] = '/';
	err = -ENAMETOOLONG;
	if (cur != top) {
		if (pos < sizeof(unreachable))
			goto out;
		pos -= sizeof(unreachable) - 1;
		memcpy(tmp + pos, unreachable, sizeof(unreachable) - 1);
	}
	if (PATH_MAX - pos > size)
		goto out;
	memcpy(buf, tmp + pos, PATH_MAX - pos);
	err = PATH_MAX - 1 - pos;
out:
	inode_put(cur);
	kfree(tmp);
	kfree(s);
	return err;
}

/* ---------------------------------------------------------------- an open file's name */

/*
 * What /proc/PID/fd/N reads as, NUL-terminated in buf: the path of a
 * file opened by one, found again through its directory by inode number
 * (so a rename inside that directory shows); Linux's "pipe:[INO]" and
 * "socket:[INO]" for those; the file's own name for the rest. A file no
 * longer in its directory is "DIR/(deleted)": its old name is not kept.
 */
int file_path(struct file *f, char *buf, size_t size)
{
	struct inode *ino = f->inode;
	struct name_search *s;
	u64 cookie = 0;
	int n;

	if (f->ops && f->ops->link_name)
		return f->ops->link_name(f, buf, size);
	if (!ino)
		return snprintf(buf, size, "anon_inode:[unknown]");
	if (S_ISFIFO(ino->mode) && !f->dir)
		return snprintf(buf, size, "pipe:[%llu]", (unsigned long long)ino->ino);
	if ((ino->mode & S_IFMT) == S_IFSOCK)
		return snprintf(buf, size, "socket:[%llu]", (unsigned long long)ino->ino);
	if (S_ISDIR(ino->mode))
		return vfs_path_of(ino, buf, size);
	if (!f->dir || !f->dir->iops || !f->dir->iops->readdir)
		return snprintf(buf, size, "anon_inode:[%s]", "file");
	n = vfs_path_of(f->dir, buf, size);
	if (n < 0)
		return n;
	s = kmalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->ino = ino->ino;
	s->len = 0;
	f->dir->iops->readdir(f->dir, &cookie, match_ino, s);
	if (n == 1)
		n = 0; /* the root: no slash twice */
	if (s->len)
		n += snprintf(buf + n, size - n, "/%.*s", (int)s->len, s->name);
	else
		n += snprintf(buf + n, size - n, "/(deleted)");
	kfree(s);
	return (size_t)n < size ? n : -ENAMETOOLONG;
}
