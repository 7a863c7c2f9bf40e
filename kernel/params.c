/* Kernel command-line parsing: splits words and calls the kparams handlers. */
#define pr_fmt(fmt) "cmdline: " fmt

/* params.h uses bool and size_t without including types.h itself. */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/string.h>

/* Bounds of the "kparams" section, provided by the linker. */
extern const struct kernel_param __start_kparams[], __stop_kparams[];

#define WORD_MAX 256 /* a word of up to 255 characters, and its NUL */
#define SHOW_MAX 32  /* how much of an overlong word a warning shows */

struct word {
	char text[WORD_MAX];
	const char *name;
	const char *val; /* NULL when there is no '=' */
	bool too_long;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Takes the next word from *pp into w and moves *pp past it; false at the
 * end of the line. Double quotes only protect blanks and are dropped, so
 * name="a b" and "name=a b" both give the value a b.
 */
static bool next_word(const char **pp, struct word *w)
{
	const char *p = *pp;
	bool quoted = false;
	size_t n = 0;
	char *eq;

	while (is_blank(*p))
		p++;
	if (*p == '\0') {
		*pp = p;
		return false;
	}

	w->too_long = false;
	for (; *p && (quoted || !is_blank(*p)); p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (n < WORD_MAX - 1)
			w->text[n++] = *p;
		else
			w->too_long = true;
	}
	w->text[n] = '\0';
	*pp = p;

	w->name = w->text;
	w->val = NULL;
	eq = strchr(w->text, '=');
	if (eq) {
		/* Only the first '=' separates; later ones belong to the value. */
		*eq = '\0';
		w->val = eq + 1;
	}
	return true;
}

static void report_too_long(const struct word *w)
{
	char shown[SHOW_MAX + 1];

	/* text was cut at the first '=', which does not matter for a hint. */
	strlcpy(shown, w->text, sizeof(shown));
	pr_warn("command-line word longer than %d characters skipped: '%s...'\n",
		WORD_MAX - 1, shown);
}

static const struct kernel_param *find_param(const char *name,
					     const struct kernel_param *start,
					     const struct kernel_param *end)
{
	for (const struct kernel_param *kp = start; kp < end; kp++)
		if (kp->name && strcmp(kp->name, name) == 0)
			return kp;
	return NULL;
}

int parse_cmdline_with(const char *cmdline, const struct kernel_param *start,
		       const struct kernel_param *end)
{
	const char *p = cmdline;
	struct word w;
	int rejected = 0;

	if (!cmdline)
		return 0;

	while (next_word(&p, &w)) {
		const struct kernel_param *kp;

		if (w.too_long) {
			report_too_long(&w);
			rejected++;
			continue;
		}
		/* "--" ends the kernel's options: the rest is init's (init_args()). */
		if (!strcmp(w.name, "--") && !w.val)
			break;
		kp = find_param(w.name, start, end);
		if (!kp) {
			pr_warn("unknown command-line option '%s' ignored\n",
				w.name);
			rejected++;
			continue;
		}
		if (kp->handler && kp->handler(w.val) < 0) {
			pr_warn("bad value for command-line option '%s': '%s'\n",
				w.name, w.val ? w.val : "");
			rejected++;
		}
	}
	return rejected;
}

int parse_cmdline(const char *cmdline)
{
	return parse_cmdline_with(cmdline, __start_kparams, __stop_kparams);
}

/*
 * The last occurrence wins, as it does for the handlers that
 * parse_cmdline() calls once per occurrence.
 */
bool cmdline_find(const char *cmdline, const char *name, char *val,
		  size_t size)
{
	const char *p = cmdline;
	bool found = false;
	struct word w;

	if (!cmdline || !name)
		return false;

	while (next_word(&p, &w)) {
		if (!w.too_long && !strcmp(w.name, "--") && !w.val)
			break;
		if (w.too_long || strcmp(w.name, name) != 0)
			continue;
		found = true;
		if (val && size)
			strlcpy(val, w.val ? w.val : "", size);
	}
	return found;
}
