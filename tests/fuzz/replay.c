// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replays a fuzz target's seed corpus without libFuzzer, so `make test`
 * runs every seed under AddressSanitizer and UBSan with the host gcc:
 *   replay FILE...   prints "PASS <file>" for each input that ran cleanly
 * (a sanitizer report ends the process, which the test runner reports).
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, n;

		if (!f) {
			printf("FAIL %s (cannot open)\n", argv[i]);
			continue;
		}
		do {
			if (len == cap)
				buf = realloc(buf, cap = cap ? cap * 2 : 4096);
			n = fread(buf + len, 1, cap - len, f);
			len += n;
		} while (n);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		const char *base = strrchr(argv[i], '/');
		printf("PASS %s\n", base ? base + 1 : argv[i]);
		fflush(stdout);
	}
	return 0;
}
