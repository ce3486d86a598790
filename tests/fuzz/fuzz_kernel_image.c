// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: recognising a guest kernel image (bzImage or ELF) from
 * arbitrary bytes, then building its boot_params.  Nothing here may read
 * outside the input or the zero page, whatever the bytes say.
 * sources: guest-abi/kernel_image.c guest-abi/boot_params.c guest-abi/gen.c lib/fmt.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "guest-abi/kernel_image.h"
#include "guest-abi/boot_params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy, so the sanitizer sees any overrun. */
	uint8_t *copy = malloc(size ? size : 1);
	struct kimage k;
	static uint8_t bp[BOOT_PARAMS_SIZE];

	memcpy(copy, data, size);
	kimage_is_kernel(copy, (uint32_t)size);
	if (!kimage_probe(copy, (uint32_t)size, &k)) {
		struct boot_params_spec s = {
			.image = copy, .image_size = (uint32_t)size, .k = &k,
			.mem_bytes = 64u << 20, .initrd_gpa = 60u << 20, .initrd_size = 4096,
			.cmdline_len = 10,
		};
		memset(bp, 0, sizeof(bp));
		if (k.gen)
			boot_params_build(bp, &s);
	}
	free(copy);
	return 0;
}
