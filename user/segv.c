/* segv: dereferences a bad pointer; the shell should report status 139. */
#include <stdio.h>

int main(void)
{
	int *volatile p = (int *)16; /* volatile: the compiler cannot see it */

	printf("segv: writing to %p\n", (void *)p);
	fflush(stdout);
	*p = 42;
	printf("segv: survived the write\n");
	return 2;
}
