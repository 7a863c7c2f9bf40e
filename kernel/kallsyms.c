/*
 * Symbol lookup for backtraces. The table is generated from the first
 * link by scripts/kallsyms.sh and linked into the second; it holds the
 * kernel's text symbols sorted by address.
 */
#include <kernel/panic.h>
#include <kernel/string.h>

extern const u64 kallsyms_count;
extern const u64 kallsyms_addr[];
extern const u32 kallsyms_name_off[];
extern const char kallsyms_names[];
extern const char _text[], _etext[];

const char *symbolize(unsigned long addr, char *buf, size_t size)
{
	u64 lo = 0, hi = kallsyms_count;

	if (!IS_ENABLED(CONFIG_KALLSYMS) || addr < (unsigned long)_text ||
	    addr >= (unsigned long)_etext || !hi || addr < kallsyms_addr[0]) {
		snprintf(buf, size, "%#lx", addr);
		return buf;
	}
	/* Last symbol at or below addr. */
	while (hi - lo > 1) {
		u64 mid = lo + (hi - lo) / 2;

		if (kallsyms_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	{
		u64 start = kallsyms_addr[lo];
		u64 end = lo + 1 < kallsyms_count ? kallsyms_addr[lo + 1] :
						    (u64)(unsigned long)_etext;

		snprintf(buf, size, "%s+%#lx/%#lx", kallsyms_names + kallsyms_name_off[lo],
			 (unsigned long)(addr - start), (unsigned long)(end - start));
	}
	return buf;
}
