// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: a guest module's command line and the hypervisor's own
 * command line, as arbitrary text.  Errors are fine; reading or writing
 * out of bounds is not.
 * sources: hv/modline.c hv/options.c hv/console_names.c lib/cmdline.c lib/fmt.c drivers/uart_config.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "hv/modline.h"
#include "hv/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	static struct guest_config cfg;
	static struct hv_options o;
	char err[160];

	memcpy(line, data, size);
	line[size] = '\0';
	modline_parse(line, &cfg, err, sizeof(err));
	options_parse(line, &o);
	free(line);
	return 0;
}
