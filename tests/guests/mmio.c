// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=mmio -- every instruction form the host promises to decode when
 * a G8+ guest touches its virtio-PCI BAR (mapped uncached by us; every
 * access traps and is emulated): mov 88/89/8A/8B (0x66 for 16 bits), mov
 * immediate C6/C7, movzx 0F B6/B7, movsx 0F BE/BF, the moffs forms
 * A0-A3, each with the addressing modes a compiler produces: a register
 * (mod 0), disp8 (also negative) and disp32 off a register, an absolute
 * disp32 (mod 0 rm 5), SIB with every scale, SIB without a base, %esp
 * and %ebp as the base.  Loads must land in the right register, high
 * byte registers (ah ... bh) included, and leave the rest of it alone
 * (a 16-bit load keeps bits 16-31, a byte load the other three bytes);
 * stores must take the right bytes from the right register.
 *
 * Only harmless registers are used: device_feature_select (32 bits,
 * read-write), queue_size of queue 0 (16 bits; powers of two), the
 * device status (8 bits; 0, ACKNOWLEDGE, +DRIVER, FAILED: never
 * backwards except through a reset), msix_config (reads 0xFFFF, for
 * sign extension) and the console's device config (read-only).  The
 * device is left reset.
 */
#include "vpci.h"
#include <linux/virtio_pci.h>
#include <linux/virtio_config.h>

#if LG_PCI

#define MMIO_VA 0xF7000000u
#define DFSEL (MMIO_VA + VIRTIO_PCI_COMMON_DFSELECT)	/* common cfg is at BAR offset 0 */
#define MSIX (MMIO_VA + VIRTIO_PCI_COMMON_MSIX)
#define STATUS (MMIO_VA + VIRTIO_PCI_COMMON_STATUS)
#define QSEL (MMIO_VA + VIRTIO_PCI_COMMON_Q_SELECT)
#define QSIZE (MMIO_VA + VIRTIO_PCI_COMMON_Q_SIZE)
#define DEVCFG (MMIO_VA + 60)

static unsigned forms;
uint32_t mmio_saved_esp;	/* named in the %esp-based cases' asm */

#define EXPECT(got, want, what) do { \
		uint32_t g_ = (got), w_ = (want); \
		forms++; \
		CHECK(g_ == w_, "%s: %#x, expected %#x", what, g_, w_); \
	} while (0)

static void set32(uint32_t v) { mmio_write32(DFSEL, v); }
static uint32_t get32(void) { return mmio_read32(DFSEL); }
static void set16(uint16_t v) { mmio_write16(QSIZE, v); }
static uint16_t get16(void) { return mmio_read16(QSIZE); }
static void set8(uint8_t v) { mmio_write8(STATUS, 0); if (v) mmio_write8(STATUS, v); }
static uint8_t get8(void) { return mmio_read8(STATUS); }

/* ---- 32-bit loads (8B), each destination register, each mode ---------- */

static const char *loads32(void)
{
	uint32_t v, w = 0x89ABCDEFu;

	set32(w);
	asm volatile("movl (%1), %0" : "=a"(v) : "b"(DFSEL) : "memory");
	EXPECT(v, w, "8B mod0 [ebx] -> eax");
	asm volatile("movl (%1), %0" : "=b"(v) : "c"(DFSEL) : "memory");
	EXPECT(v, w, "8B mod0 [ecx] -> ebx");
	asm volatile("movl (%1), %0" : "=c"(v) : "d"(DFSEL) : "memory");
	EXPECT(v, w, "8B mod0 [edx] -> ecx");
	asm volatile("movl (%1), %0" : "=d"(v) : "S"(DFSEL) : "memory");
	EXPECT(v, w, "8B mod0 [esi] -> edx");
	asm volatile("movl (%1), %0" : "=S"(v) : "D"(DFSEL) : "memory");
	EXPECT(v, w, "8B mod0 [edi] -> esi");
	asm volatile("movl (%1), %0" : "=D"(v) : "a"(DFSEL) : "memory");
	EXPECT(v, w, "8B mod0 [eax] -> edi");
	asm volatile("movl (%1), %1" : "=a"(v) : "0"(DFSEL) : "memory");
	EXPECT(v, w, "8B mod0 [eax] -> eax (address register overwritten)");
	/* ebp as destination and as base */
	asm volatile("pushl %%ebp\n\tmovl (%1), %%ebp\n\tmovl %%ebp, %0\n\tpopl %%ebp"
		     : "=a"(v) : "c"(DFSEL) : "memory");
	EXPECT(v, w, "8B mod0 [ecx] -> ebp");
	asm volatile("pushl %%ebp\n\tmovl %1, %%ebp\n\tmovl 0(%%ebp), %0\n\tpopl %%ebp"
		     : "=a"(v) : "c"(DFSEL) : "memory");
	EXPECT(v, w, "8B mod1 [ebp+0] -> eax");
	/* disp8, positive and negative; disp32 from another page */
	asm volatile("movl 0x10(%1), %0" : "=c"(v) : "b"(DFSEL - 0x10) : "memory");
	EXPECT(v, w, "8B mod1 [ebx+0x10]");
	asm volatile("movl -0x20(%1), %0" : "=b"(v) : "S"(DFSEL + 0x20) : "memory");
	EXPECT(v, w, "8B mod1 [esi-0x20]");
	asm volatile("movl 0x12345(%1), %0" : "=d"(v) : "D"(DFSEL - 0x12345) : "memory");
	EXPECT(v, w, "8B mod2 [edi+0x12345]");
	asm volatile("movl -0x1000(%1), %0" : "=a"(v) : "c"(DFSEL + 0x1000) : "memory");
	EXPECT(v, w, "8B mod2 [ecx-0x1000]");
	/* mod 0 rm 5: absolute, into ecx (eax would be A1) */
	asm volatile(".byte 0x8b, 0x0d\n\t.long %c1" : "=c"(v) : "i"(DFSEL) : "memory");
	EXPECT(v, w, "8B mod0 rm5 [disp32] -> ecx");
	/* SIB: each scale, with and without displacement */
	asm volatile("movl (%1,%2,1), %0" : "=a"(v) : "b"(DFSEL - 3), "c"(3) : "memory");
	EXPECT(v, w, "8B SIB [ebx+ecx*1]");
	asm volatile("movl (%1,%2,2), %0" : "=a"(v) : "d"(DFSEL - 10), "S"(5) : "memory");
	EXPECT(v, w, "8B SIB [edx+esi*2]");
	asm volatile("movl 4(%1,%2,4), %0" : "=d"(v) : "D"(DFSEL - 4 - 28), "a"(7) : "memory");
	EXPECT(v, w, "8B SIB disp8 [edi+eax*4+4]");
	asm volatile("movl 0x100(%1,%2,8), %0" : "=S"(v) : "c"(DFSEL - 0x100 + 8), "b"(-1)
		     : "memory");
	EXPECT(v, w, "8B SIB disp32 [ecx+ebx*8+0x100] (negative index)");
	asm volatile(".byte 0x8b, 0x04, 0x8d\n\t.long %c2" : "=a"(v) : "c"(2), "i"(DFSEL - 8)
		     : "memory");	/* mov eax, [ecx*4 + disp32]: SIB with no base */
	EXPECT(v, w, "8B SIB no base [ecx*4+disp32]");
	asm volatile("movl (%1,%1), %0" : "=a"(v) : "c"(DFSEL / 2) : "memory");
	EXPECT(v, w, "8B SIB [ecx+ecx*1]");
	/* %esp as the base (interrupts off: nothing may push meanwhile) */
	uint32_t flags = irq_save();
	asm volatile("movl %%esp, mmio_saved_esp\n\tmovl %1, %%esp\n\tmovl 8(%%esp), %0\n\t"
		     "movl mmio_saved_esp, %%esp" : "=a"(v) : "c"(DFSEL - 8) : "memory");
	irq_restore(flags);
	EXPECT(v, w, "8B SIB [esp+8]");
	/* moffs32 */
	asm volatile(".byte 0xa1\n\t.long %c1" : "=a"(v) : "i"(DFSEL) : "memory");
	EXPECT(v, w, "A1 moffs32 -> eax");
	return NULL;
}

static const char *loads16_8(void)
{
	uint32_t v;

	set16(0x80);
	asm volatile("movl $0xdead1111, %0\n\tmovw (%1), %w0" : "=&a"(v) : "c"(QSIZE) : "memory");
	EXPECT(v, 0xdead0080u, "66 8B [ecx] -> ax (upper half kept)");
	asm volatile("movl $0xbeef2222, %0\n\tmovw 2(%1), %w0" : "=&S"(v) : "b"(QSIZE - 2)
		     : "memory");
	EXPECT(v, 0xbeef0080u, "66 8B [ebx+2] -> si");
	asm volatile("movl $0xbeef3333, %%ebx\n\t.byte 0x66, 0x8b, 0x1d\n\t.long %c1"
		     : "=b"(v) : "i"(QSIZE) : "memory");
	EXPECT(v, 0xbeef0080u, "66 8B [disp32] -> bx");
	asm volatile("movl $0xcafe4444, %%eax\n\t.byte 0x66, 0xa1\n\t.long %c1"
		     : "=a"(v) : "i"(QSIZE) : "memory");
	EXPECT(v, 0xcafe0080u, "66 A1 moffs16 -> ax");
	asm volatile("movzwl (%1), %0" : "=d"(v) : "c"(MSIX) : "memory");
	EXPECT(v, 0xFFFFu, "0F B7 movzx word [ecx] (msix_config)");
	asm volatile("movswl 4(%1), %0" : "=b"(v) : "S"(MSIX - 4) : "memory");
	EXPECT(v, 0xFFFFFFFFu, "0F BF movsx word [esi+4] (msix_config)");
	asm volatile("movzwl (%1,%2,2), %0" : "=a"(v) : "c"(QSIZE - 2), "d"(1) : "memory");
	EXPECT(v, 0x80u, "0F B7 movzx word SIB [ecx+edx*2]");
	asm volatile("movswl (%1), %0" : "=D"(v) : "a"(QSIZE) : "memory");
	EXPECT(v, 0x80u, "0F BF movsx word, positive");

	set8(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	asm volatile("movl $0x11223344, %0\n\tmovb (%1), %b0" : "=&a"(v) : "c"(STATUS) : "memory");
	EXPECT(v, 0x11223303u, "8A [ecx] -> al");
	asm volatile("movl $0x11223344, %0\n\tmovb (%1), %h0" : "=&a"(v) : "c"(STATUS) : "memory");
	EXPECT(v, 0x11220344u, "8A [ecx] -> ah");
	asm volatile("movl $0x55667788, %0\n\tmovb 1(%1), %b0" : "=&b"(v) : "d"(STATUS - 1)
		     : "memory");
	EXPECT(v, 0x55667703u, "8A [edx+1] -> bl");
	asm volatile("movl $0x55667788, %0\n\tmovb -1(%1), %h0" : "=&b"(v) : "a"(STATUS + 1)
		     : "memory");
	EXPECT(v, 0x55660388u, "8A [eax-1] -> bh");
	asm volatile("movl $0x99aabbcc, %0\n\tmovb (%1,%2,4), %h0" : "=&c"(v) : "S"(STATUS - 12),
		     "D"(3) : "memory");
	EXPECT(v, 0x99aa03ccu, "8A SIB [esi+edi*4] -> ch");
	asm volatile("movl $0x99aabbcc, %0\n\t.byte 0x8a, 0x35\n\t.long %c1" : "=&d"(v)
		     : "i"(STATUS) : "memory");	/* mov dh, [disp32] */
	EXPECT(v, 0x99aa03ccu, "8A [disp32] -> dh");
	asm volatile("movl $0x12345678, %%eax\n\t.byte 0xa0\n\t.long %c1" : "=a"(v)
		     : "i"(STATUS) : "memory");
	EXPECT(v, 0x12345603u, "A0 moffs8 -> al");
	asm volatile("movzbl (%1), %0" : "=S"(v) : "b"(STATUS) : "memory");
	EXPECT(v, 3u, "0F B6 movzx byte [ebx]");
	set8(VIRTIO_CONFIG_S_FAILED);
	asm volatile("movsbl (%1), %0" : "=c"(v) : "a"(STATUS) : "memory");
	EXPECT(v, 0xFFFFFF80u, "0F BE movsx byte [eax] (FAILED)");
	asm volatile("movzbl 0x40(%1), %0" : "=d"(v) : "D"(STATUS - 0x40) : "memory");
	EXPECT(v, 0x80u, "0F B6 movzx byte [edi+0x40] (FAILED)");
	set8(0);
	return NULL;
}

/* ---- stores ------------------------------------------------------------------ */
static const char *stores(void)
{
	/* 32 bits: 89 from each register, C7 immediate, A3 */
	asm volatile("movl %0, (%1)" : : "a"(0x01020304u), "b"(DFSEL) : "memory");
	EXPECT(get32(), 0x01020304u, "89 eax -> [ebx]");
	asm volatile("movl %0, (%1)" : : "b"(0x11121314u), "c"(DFSEL) : "memory");
	EXPECT(get32(), 0x11121314u, "89 ebx -> [ecx]");
	asm volatile("movl %0, (%1)" : : "c"(0x21222324u), "d"(DFSEL) : "memory");
	EXPECT(get32(), 0x21222324u, "89 ecx -> [edx]");
	asm volatile("movl %0, (%1)" : : "d"(0x31323334u), "S"(DFSEL) : "memory");
	EXPECT(get32(), 0x31323334u, "89 edx -> [esi]");
	asm volatile("movl %0, (%1)" : : "S"(0x41424344u), "D"(DFSEL) : "memory");
	EXPECT(get32(), 0x41424344u, "89 esi -> [edi]");
	asm volatile("movl %0, (%1)" : : "D"(0x51525354u), "a"(DFSEL) : "memory");
	EXPECT(get32(), 0x51525354u, "89 edi -> [eax]");
	asm volatile("movl %0, (%0)" : : "c"(DFSEL) : "memory");
	EXPECT(get32(), DFSEL, "89 ecx -> [ecx]");
	asm volatile("pushl %%ebp\n\tmovl $0x61626364, %%ebp\n\tmovl %%ebp, -4(%0)\n\tpopl %%ebp"
		     : : "c"(DFSEL + 4) : "memory");
	EXPECT(get32(), 0x61626364u, "89 ebp -> [ecx-4]");
	asm volatile("pushl %%ebp\n\tmovl %0, %%ebp\n\tmovl %1, 0x10(%%ebp)\n\tpopl %%ebp"
		     : : "c"(DFSEL - 0x10), "a"(0x71727374u) : "memory");
	EXPECT(get32(), 0x71727374u, "89 eax -> [ebp+0x10]");
	uint32_t flags = irq_save();
	asm volatile("movl %%esp, mmio_saved_esp\n\tmovl %0, %%esp\n\tmovl %1, 0x20(%%esp)\n\t"
		     "movl mmio_saved_esp, %%esp" : : "c"(DFSEL - 0x20), "a"(0x81828384u) : "memory");
	irq_restore(flags);
	EXPECT(get32(), 0x81828384u, "89 eax -> [esp+0x20]");
	asm volatile("movl %0, 0x2000(%1,%2,8)" : : "a"(0x91929394u), "b"(DFSEL - 0x2000 - 16),
		     "c"(2) : "memory");
	EXPECT(get32(), 0x91929394u, "89 SIB disp32 [ebx+ecx*8+0x2000]");
	asm volatile(".byte 0x89, 0x15\n\t.long %c1" : : "d"(0xA1A2A3A4u), "i"(DFSEL) : "memory");
	EXPECT(get32(), 0xA1A2A3A4u, "89 edx -> [disp32]");
	asm volatile(".byte 0xa3\n\t.long %c1" : : "a"(0xB1B2B3B4u), "i"(DFSEL) : "memory");
	EXPECT(get32(), 0xB1B2B3B4u, "A3 eax -> moffs32");
	asm volatile("movl $0xC1C2C3C4, (%0)" : : "S"(DFSEL) : "memory");
	EXPECT(get32(), 0xC1C2C3C4u, "C7 /0 id -> [esi]");
	asm volatile("movl $0xD1D2D3D4, -8(%0)" : : "D"(DFSEL + 8) : "memory");
	EXPECT(get32(), 0xD1D2D3D4u, "C7 /0 id -> [edi-8]");
	asm volatile(".byte 0xc7, 0x05\n\t.long %c0\n\t.long 0xE1E2E3E4" : : "i"(DFSEL) : "memory");
	EXPECT(get32(), 0xE1E2E3E4u, "C7 /0 id -> [disp32]");
	asm volatile("movl $0xF1F2F3F4, (%0,%1,4)" : : "a"(DFSEL - 4), "d"(1) : "memory");
	EXPECT(get32(), 0xF1F2F3F4u, "C7 /0 id -> SIB [eax+edx*4]");
	set32(0);

	/* 16 bits: 66 89, 66 C7, 66 A3 into queue 0's queue_size */
	mmio_write16(QSEL, 0);
	asm volatile("movw %w0, (%1)" : : "a"(0xAAAA0040u), "b"(QSIZE) : "memory");
	EXPECT(get16(), 0x40u, "66 89 ax -> [ebx] (upper half of eax not written)");
	asm volatile("movw %w0, 2(%1)" : : "S"(0x0010u), "c"(QSIZE - 2) : "memory");
	EXPECT(get16(), 0x10u, "66 89 si -> [ecx+2]");
	asm volatile("movw %w0, (%1,%2,2)" : : "d"(0x0100u), "D"(QSIZE - 6), "a"(3) : "memory");
	EXPECT(get16(), 0x100u, "66 89 dx -> SIB [edi+eax*2]");
	asm volatile("movw $0x20, (%0)" : : "c"(QSIZE) : "memory");
	EXPECT(get16(), 0x20u, "66 C7 /0 iw -> [ecx]");
	asm volatile(".byte 0x66, 0xc7, 0x05\n\t.long %c0\n\t.word 0x8" : : "i"(QSIZE) : "memory");
	EXPECT(get16(), 0x8u, "66 C7 /0 iw -> [disp32]");
	asm volatile(".byte 0x66, 0xa3\n\t.long %c1" : : "a"(0xFFFF0080u), "i"(QSIZE) : "memory");
	EXPECT(get16(), 0x80u, "66 A3 ax -> moffs16");
	asm volatile("movw %w0, %1" : : "b"(0x4u), "m"(*(volatile uint16_t *)QSIZE) : "memory");
	EXPECT(get16(), 0x4u, "66 89 bx -> [mem]");
	set16(0x100);

	/* 8 bits: 88 from low and high byte registers, C6, A2 into the status */
	set8(0);
	asm volatile("movb %b0, (%1)" : : "a"(0xFFFFFF01u), "c"(STATUS) : "memory");
	EXPECT(get8(), 1u, "88 al -> [ecx]");
	asm volatile("movb %h0, (%1)" : : "b"(0x0300u), "d"(STATUS) : "memory");
	EXPECT(get8(), 3u, "88 bh -> [edx]");
	set8(0);
	asm volatile("movb %h0, 3(%1)" : : "c"(0x0100u), "S"(STATUS - 3) : "memory");
	EXPECT(get8(), 1u, "88 ch -> [esi+3]");
	asm volatile("movb %b0, (%1,%2,1)" : : "d"(0x03u), "D"(STATUS - 5), "a"(5) : "memory");
	EXPECT(get8(), 3u, "88 dl -> SIB [edi+eax*1]");
	set8(0);
	asm volatile("movb $1, (%0)" : : "b"(STATUS) : "memory");
	EXPECT(get8(), 1u, "C6 /0 ib -> [ebx]");
	asm volatile(".byte 0xc6, 0x05\n\t.long %c0\n\t.byte 3" : : "i"(STATUS) : "memory");
	EXPECT(get8(), 3u, "C6 /0 ib -> [disp32]");
	set8(0);
	asm volatile(".byte 0xa2\n\t.long %c1" : : "a"(0x01u), "i"(STATUS) : "memory");
	EXPECT(get8(), 1u, "A2 al -> moffs8");
	asm volatile("movb $3, -0x80(%0)" : : "c"(STATUS + 0x80) : "memory");
	EXPECT(get8(), 3u, "C6 /0 ib -> [ecx-0x80]");
	set8(0);
	return NULL;
}

/* The device config (read-only): every width and form agrees. */
static const char *device_config(void)
{
	uint32_t d0 = mmio_read32(DEVCFG), d1 = mmio_read32(DEVCFG + 4), v;

	EXPECT(mmio_read16(DEVCFG), d0 & 0xFFFF, "66 8B cols");
	EXPECT(mmio_read16(DEVCFG + 2), d0 >> 16, "66 8B rows");
	EXPECT(mmio_read8(DEVCFG + 4), d1 & 0xFF, "8A max_nr_ports byte 0");
	asm volatile("movzwl 2(%1), %0" : "=a"(v) : "c"(DEVCFG) : "memory");
	EXPECT(v, d0 >> 16, "0F B7 rows");
	say("device config: cols %u rows %u max_nr_ports %u", d0 & 0xFFFF, d0 >> 16, d1);
	return NULL;
}

const char *test_mmio(void)
{
	struct vpci d;
	const char *why;

	if ((why = vpci_open(&d, VCONS_PCI_SLOT, MMIO_VA)))
		return why;
	vpci_reset(&d);
	say("BAR 0 %#x mapped uncached at %#x", d.bar0, MMIO_VA);
	if ((why = loads32()) || (why = loads16_8()) || (why = stores()) ||
	    (why = device_config()))
		return why;
	CHECK(get8() == 0, "the device status is %#x at the end", get8());
	say("%u MMIO forms decoded right", forms);
	return NULL;
}

#else

const char *test_mmio(void)
{
	return "MMIO is for G8 and later";
}

#endif
