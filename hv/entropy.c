// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generator's state is a ChaCha20 key and a nonce.  Stirring in
 * bytes xors them into the key 32 at a time and replaces the key with
 * the first half of the block it then makes; output is keystream, after
 * which the key is replaced by keystream no one has seen.  RDSEED or
 * RDRAND, where the CPU has them, feed the output directly (each value
 * checked: the instruction may report it has none ready) and the
 * generator is there only when they fail.
 */
#include "hv/entropy.h"
#include "cpu/cpu.h"
#include "cpu/x86.h"
#include "drivers/clock.h"
#include "drivers/cmos.h"
#include "drivers/pit.h"
#include "lib/chacha20.h"
#include "lib/string.h"

#define RETRIES 10

static uint32_t key[8], nonce[3];
static bool has_rdrand, has_rdseed;

/* A fine-grained reading to stir in: cycles, or nanoseconds without a TSC. */
static uint64_t timestamp(void)
{
	return cpu.tsc ? rdtsc() : clock_now_ns();
}

static void stir(const void *data, uint32_t len)
{
	const uint8_t *p = data;
	uint8_t block[64];

	while (len) {
		uint32_t n = len < 32 ? len : 32;
		for (uint32_t i = 0; i < n; i++)
			key[i / 4] ^= (uint32_t)p[i] << (8 * (i % 4));
		chacha20_block(key, 0, nonce, block);
		memcpy(key, block, 32);
		p += n;
		len -= n;
	}
	nonce[0]++;
	memset(block, 0, sizeof(block));
}

/* One value from the CPU, or false when it has none ready. */
static bool cpu_random(uint32_t *v)
{
	for (int i = 0; i < RETRIES; i++) {
		uint8_t ok;
		if (has_rdseed)
			asm volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
		else
			asm volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

void entropy_init(const struct boot_info *bi)
{
	uint32_t noise[256];
	struct rtc_time t;

	has_rdrand = cpu.rdrand;
	has_rdseed = cpu.rdseed;
	pit_jitter(noise, 256);
	stir(noise, sizeof(noise));
	if (cmos_read_time(&t))
		stir(&t, sizeof(t));
	/* The modules' sizes, command lines and first and last pages: two
	 * machines booting the same files still differ in jitter and time. */
	for (int m = 0; m < bi->nr_modules; m++) {
		const struct boot_module *mod = &bi->modules[m];
		uint32_t size = mod->end - mod->start, edge = size < 4096 ? size : 4096;
		stir(mod, sizeof(*mod));
		stir((const void *)mod->start, edge);
		stir((const void *)(mod->end - edge), edge);
	}
	uint64_t tsc = timestamp();
	stir(&tsc, sizeof(tsc));
}

const char *entropy_source(void)
{
	if (has_rdseed)
		return "RDSEED";
	if (has_rdrand)
		return "RDRAND";
	return "ChaCha20, seeded from PIT/TSC jitter, the CMOS clock and the modules";
}

void entropy_read(void *buf, uint32_t len)
{
	uint8_t *out = buf, block[64];
	uint32_t counter = 1, v;

	if (has_rdseed || has_rdrand) {
		for (; len && cpu_random(&v); out += len < 4 ? len : 4, len -= len < 4 ? len : 4)
			memcpy(out, &v, len < 4 ? len : 4);
		if (!len)
			return;
	}
	uint64_t tsc = timestamp();
	stir(&tsc, sizeof(tsc));
	while (len) {
		uint32_t n = len < 64 ? len : 64;
		chacha20_block(key, counter++, nonce, block);
		memcpy(out, block, n);
		out += n;
		len -= n;
	}
	chacha20_block(key, counter, nonce, block);	/* fresh key, never output */
	memcpy(key, block, 32);
	nonce[0]++;
	memset(block, 0, sizeof(block));
}
