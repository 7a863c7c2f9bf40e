/*
 * badwrite: write(1, (void *)1, 10) must fail with EFAULT (and not kill
 * the process). Prints what happened; exit status 0 if it was EFAULT.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	ssize_t r;
	int e;

	errno = 0;
	r = write(1, (void *)1, 10);
	e = errno;
	printf("badwrite: write(1, 0x1, 10) = %zd, errno %d (%s)\n", r, e,
	       e == EFAULT ? "EFAULT" : strerror(e));
	return r == -1 && e == EFAULT ? 0 : 1;
}
