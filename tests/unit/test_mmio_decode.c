// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MMIO instruction decoder against real encodings: every form it
 * accepts (88/89/8A/8B, with 0x66; C6/C7 /0 with their immediates; 0F
 * B6/B7/BE/BF; A0-A3; segment prefixes) in every addressing shape (ModRM
 * mod 0, 1, 2; rm 4 with a SIB byte, base 5 under mod 0 taking a disp32;
 * rm 5 under mod 0, the absolute disp32) with its length, width,
 * direction, register or immediate and extension; each one cut short at
 * every length refused as unreadable, and decoded the same with bytes
 * after it.  And the refusals: register operands (mod 3), instructions
 * that are not moves, C6/C7 with a reg field other than 0, the 0x67
 * address-size prefix, more than 15 bytes.  A wrong length moves the
 * guest's eip into the middle of an instruction; a wrong width or
 * direction reads or writes a register the guest did not name.
 *
 * The bytes were produced by i686-linux-gnu-as from the AT&T text shown
 * beside each (objdump -d of the assembled file), a few (the SIB forms
 * with no index, which this gas does not spell) written by hand and
 * checked with objdump.
 * sources: hv/mmio_decode.c
 */
#include <stdint.h>
#include "check.h"
#include "hv/mmio_decode.h"

#define BYTES(...) { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ })

/* What one accepted instruction must decode to; its length is n. */
struct form {
	const char *text;
	uint8_t b[MMIO_INSN_MAX + 1];
	uint32_t n;
	uint8_t size;
	bool write, has_imm;
	uint32_t imm;
	uint8_t reg;
	bool byte_reg;
	uint8_t reg_size;
	enum mmio_ext ext;
};

/* Shorthands: a register read/written (size, reg, byte_reg) or an
 * immediate written (size, imm).  An immediate write names no register:
 * reg, byte_reg and reg_size stay 0. */
#define RD(sz, r, br) .size = sz, .write = false, .reg = r, .byte_reg = br, .reg_size = sz
#define WR(sz, r, br) .size = sz, .write = true, .reg = r, .byte_reg = br, .reg_size = sz
#define IMM(sz, v) .size = sz, .write = true, .has_imm = true, .imm = v
#define EXT(sz, r, rsz, e) .size = sz, .reg = r, .reg_size = rsz, .ext = e

enum { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };
enum { AL, CL, DL, BL, AH, CH, DH, BH };

static const struct form forms[] = {
	/* 88 /r: mov r/m8, r8, every mod */
	{ "mov %al,(%eax)", BYTES(0x88, 0x00), WR(1, AL, true) },
	{ "mov %ah,(%ebx)", BYTES(0x88, 0x23), WR(1, AH, true) },
	{ "mov %ch,(%eax)", BYTES(0x88, 0x28), WR(1, CH, true) },
	{ "mov %bh,0x7f(%ecx)", BYTES(0x88, 0x79, 0x7f), WR(1, BH, true) },
	{ "mov %cl,0x12345678(%edx)", BYTES(0x88, 0x8a, 0x78, 0x56, 0x34, 0x12), WR(1, CL, true) },
	/* 89 /r: mov r/m32, r32 */
	{ "mov %eax,(%ecx)", BYTES(0x89, 0x01), WR(4, EAX, false) },
	{ "mov %esi,-0x4(%ebp)", BYTES(0x89, 0x75, 0xfc), WR(4, ESI, false) },
	{ "mov %edi,0x1000(%esi)", BYTES(0x89, 0xbe, 0x00, 0x10, 0x00, 0x00), WR(4, EDI, false) },
	{ "mov %ebx,0xfee00000", BYTES(0x89, 0x1d, 0x00, 0x00, 0xe0, 0xfe), WR(4, EBX, false) },
	{ "mov %eax,(%eax,%eax,1)", BYTES(0x89, 0x04, 0x00), WR(4, EAX, false) },
	/* 66 89 /r: mov r/m16, r16 */
	{ "mov %ax,(%edx)", BYTES(0x66, 0x89, 0x02), WR(2, EAX, false) },
	{ "mov %dx,0x10(%edi)", BYTES(0x66, 0x89, 0x57, 0x10), WR(2, EDX, false) },
	/* 8A /r: mov r8, r/m8 */
	{ "mov (%eax),%dl", BYTES(0x8a, 0x10), RD(1, DL, true) },
	{ "mov 0x8(%ebx),%dh", BYTES(0x8a, 0x73, 0x08), RD(1, DH, true) },
	/* 8B /r: mov r32, r/m32, with every ModRM/SIB/displacement shape */
	{ "mov (%esi),%ebp", BYTES(0x8b, 0x2e), RD(4, EBP, false) },
	{ "mov (%ebx),%esp", BYTES(0x8b, 0x23), RD(4, ESP, false) },
	{ "mov 0x12345678(%eax),%ecx", BYTES(0x8b, 0x88, 0x78, 0x56, 0x34, 0x12), RD(4, ECX, false) },
	{ "mov 0x10(%ebp),%eax", BYTES(0x8b, 0x45, 0x10), RD(4, EAX, false) },
	{ "mov 0x0(%ebp),%eax", BYTES(0x8b, 0x45, 0x00), RD(4, EAX, false) },
	{ "mov 0xfee00000,%ebx", BYTES(0x8b, 0x1d, 0x00, 0x00, 0xe0, 0xfe), RD(4, EBX, false) },
	{ "mov (%esp),%eax", BYTES(0x8b, 0x04, 0x24), RD(4, EAX, false) },
	{ "mov 0x4(%esp),%edx", BYTES(0x8b, 0x54, 0x24, 0x04), RD(4, EDX, false) },
	{ "mov 0x100(%esp),%ecx", BYTES(0x8b, 0x8c, 0x24, 0x00, 0x01, 0x00, 0x00), RD(4, ECX, false) },
	{ "mov (%eax,%ebx,4),%esi", BYTES(0x8b, 0x34, 0x98), RD(4, ESI, false) },
	{ "mov 0x8(%eax,%ecx,2),%edi", BYTES(0x8b, 0x7c, 0x48, 0x08), RD(4, EDI, false) },
	{ "mov 0x200(%edx,%esi,8),%eax", BYTES(0x8b, 0x84, 0xf2, 0x00, 0x02, 0x00, 0x00),
	  RD(4, EAX, false) },
	/* SIB base 5 under mod 0: no base, disp32 */
	{ "mov 0x12345678(,%ebx,4),%eax", BYTES(0x8b, 0x04, 0x9d, 0x78, 0x56, 0x34, 0x12),
	  RD(4, EAX, false) },
	{ "mov 0x12345678(,%eiz,1),%eax", BYTES(0x8b, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12),
	  RD(4, EAX, false) },
	/* SIB base 5 under mod 1 and 2: %ebp plus disp8/disp32 */
	{ "mov 0x0(%ebp,%ecx,1),%eax", BYTES(0x8b, 0x44, 0x0d, 0x00), RD(4, EAX, false) },
	{ "mov 0x10(%ebp,%ecx,1),%eax", BYTES(0x8b, 0x44, 0x0d, 0x10), RD(4, EAX, false) },
	{ "mov 0x12345678(%ebp,%ecx,1),%eax", BYTES(0x8b, 0x84, 0x0d, 0x78, 0x56, 0x34, 0x12),
	  RD(4, EAX, false) },
	{ "mov 0x10(%ebp,%eiz,1),%eax (SIB, no index, base 5, mod 1)", BYTES(0x8b, 0x44, 0x25, 0x10),
	  RD(4, EAX, false) },
	/* 66 8B /r */
	{ "mov (%ecx),%bx", BYTES(0x66, 0x8b, 0x19), RD(2, EBX, false) },
	{ "mov (%eax),%cx", BYTES(0x66, 0x8b, 0x08), RD(2, ECX, false) },
	/* C6 /0 ib, C7 /0 id (iw with 0x66) */
	{ "movb $0x5a,(%eax)", BYTES(0xc6, 0x00, 0x5a), IMM(1, 0x5a) },
	{ "movb $0x80,0x4(%ebx)", BYTES(0xc6, 0x43, 0x04, 0x80), IMM(1, 0x80) },
	{ "movb $0x7,0x12345678(,%ecx,8)", BYTES(0xc6, 0x04, 0xcd, 0x78, 0x56, 0x34, 0x12, 0x07),
	  IMM(1, 7) },
	{ "movl $0xdeadbeef,(%ecx)", BYTES(0xc7, 0x01, 0xef, 0xbe, 0xad, 0xde), IMM(4, 0xdeadbeef) },
	{ "movl $0x0,(%eax)", BYTES(0xc7, 0x00, 0x00, 0x00, 0x00, 0x00), IMM(4, 0) },
	{ "movl $0x11223344,0x1000(%edx)",
	  BYTES(0xc7, 0x82, 0x00, 0x10, 0x00, 0x00, 0x44, 0x33, 0x22, 0x11), IMM(4, 0x11223344) },
	{ "movl $0xcafef00d,0xfee00010",
	  BYTES(0xc7, 0x05, 0x10, 0x00, 0xe0, 0xfe, 0x0d, 0xf0, 0xfe, 0xca), IMM(4, 0xcafef00d) },
	{ "movl $0xcafef00d,-0x80(%esp)", BYTES(0xc7, 0x44, 0x24, 0x80, 0x0d, 0xf0, 0xfe, 0xca),
	  IMM(4, 0xcafef00d) },
	{ "movw $0xbeef,(%eax)", BYTES(0x66, 0xc7, 0x00, 0xef, 0xbe), IMM(2, 0xbeef) },
	{ "movw $0x1234,0x8(%esi,%edi,1)", BYTES(0x66, 0xc7, 0x44, 0x3e, 0x08, 0x34, 0x12),
	  IMM(2, 0x1234) },
	{ "66 c6: movb $0x5a,(%eax) (0x66 does not widen a byte)", BYTES(0x66, 0xc6, 0x00, 0x5a),
	  IMM(1, 0x5a) },
	/* 0F B6/B7/BE/BF: movzx/movsx */
	{ "movzbl (%eax),%ecx", BYTES(0x0f, 0xb6, 0x08), EXT(1, ECX, 4, MMIO_EXT_ZERO) },
	{ "movzwl 0x4(%ebx),%edx", BYTES(0x0f, 0xb7, 0x53, 0x04), EXT(2, EDX, 4, MMIO_EXT_ZERO) },
	{ "movsbl (%ecx),%esi", BYTES(0x0f, 0xbe, 0x31), EXT(1, ESI, 4, MMIO_EXT_SIGN) },
	{ "movswl 0x100(%edx),%edi", BYTES(0x0f, 0xbf, 0xba, 0x00, 0x01, 0x00, 0x00),
	  EXT(2, EDI, 4, MMIO_EXT_SIGN) },
	{ "movswl 0x12345678(,%eax,2),%ebx", BYTES(0x0f, 0xbf, 0x1c, 0x45, 0x78, 0x56, 0x34, 0x12),
	  EXT(2, EBX, 4, MMIO_EXT_SIGN) },
	{ "movzbw (%eax),%ax", BYTES(0x66, 0x0f, 0xb6, 0x00), EXT(1, EAX, 2, MMIO_EXT_ZERO) },
	{ "movsbw (%eax),%cx", BYTES(0x66, 0x0f, 0xbe, 0x08), EXT(1, ECX, 2, MMIO_EXT_SIGN) },
	/* A0-A3: al/ax/eax and moffs32 */
	{ "mov 0xfee00000,%al", BYTES(0xa0, 0x00, 0x00, 0xe0, 0xfe), RD(1, EAX, true) },
	{ "mov 0xfee00000,%eax", BYTES(0xa1, 0x00, 0x00, 0xe0, 0xfe), RD(4, EAX, false) },
	{ "mov 0xfee00000,%ax", BYTES(0x66, 0xa1, 0x00, 0x00, 0xe0, 0xfe), RD(2, EAX, false) },
	{ "mov %al,0xfee00000", BYTES(0xa2, 0x00, 0x00, 0xe0, 0xfe), WR(1, EAX, true) },
	{ "mov %eax,0xfee00000", BYTES(0xa3, 0x00, 0x00, 0xe0, 0xfe), WR(4, EAX, false) },
	{ "mov %ax,0xfee00000", BYTES(0x66, 0xa3, 0x00, 0x00, 0xe0, 0xfe), WR(2, EAX, false) },
	/* segment prefixes, alone and with 0x66 in either order */
	{ "mov %es:(%eax),%eax", BYTES(0x26, 0x8b, 0x00), RD(4, EAX, false) },
	{ "movw $0x1,%cs:(%eax)", BYTES(0x2e, 0x66, 0xc7, 0x00, 0x01, 0x00), IMM(2, 1) },
	{ "mov %ss:0x4(%ebp),%eax", BYTES(0x36, 0x8b, 0x45, 0x04), RD(4, EAX, false) },
	{ "mov %ds:0xfee00000,%eax", BYTES(0x3e, 0xa1, 0x00, 0x00, 0xe0, 0xfe), RD(4, EAX, false) },
	{ "mov %fs:0x10(%ebx),%ecx", BYTES(0x64, 0x8b, 0x4b, 0x10), RD(4, ECX, false) },
	{ "mov %eax,%gs:(%edx)", BYTES(0x65, 0x89, 0x02), WR(4, EAX, false) },
	{ "movzwl %fs:(%eax),%eax", BYTES(0x64, 0x0f, 0xb7, 0x00), EXT(2, EAX, 4, MMIO_EXT_ZERO) },
	{ "mov %si,%es:0x12345678(%ebx,%edx,2)",
	  BYTES(0x26, 0x66, 0x89, 0xb4, 0x53, 0x78, 0x56, 0x34, 0x12), WR(2, ESI, false) },
	{ "mov %fs:(%eax),%ax (66 after 64)", BYTES(0x64, 0x66, 0x8b, 0x00), RD(2, EAX, false) },
	/* the longest: 15 bytes, four prefixes before a 11-byte C7 */
	{ "gs gs gs gs movl $0xcafef00d,0x12345678(%esp)",
	  BYTES(0x65, 0x65, 0x65, 0x65, 0xc7, 0x84, 0x24, 0x78, 0x56, 0x34, 0x12,
		0x0d, 0xf0, 0xfe, 0xca), IMM(4, 0xcafef00d) },
	{ "13 prefixes and mov %al,(%eax)",
	  BYTES(0x66, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x26, 0x2e, 0x36, 0x3e, 0x64,
		0x88, 0x00), WR(1, AL, true) },
};

/* Decodes a copy of the n bytes in a buffer of exactly n bytes, so a
 * read past them is an AddressSanitizer report. */
static const char *decode(const uint8_t *b, uint32_t n, struct mmio_insn *out)
{
	uint8_t *copy = malloc(n ? n : 1);
	const char *why;

	memcpy(copy, b, n);
	why = mmio_decode(copy, n, out);
	free(copy);
	return why;
}

static bool same(const struct mmio_insn *a, const struct mmio_insn *b)
{
	return a->len == b->len && a->size == b->size && a->write == b->write &&
	       a->has_imm == b->has_imm && a->imm == b->imm && a->reg == b->reg &&
	       a->byte_reg == b->byte_reg && a->reg_size == b->reg_size && a->ext == b->ext;
}

static void check_form(const struct form *f)
{
	struct mmio_insn in, more;
	const char *why = decode(f->b, f->n, &in);

	if (why) {
		printf("  \"%s\" refused: %s\n", f->text, why);
		case_failed = 1;
		return;
	}
	if (in.len != f->n || in.size != f->size || in.write != f->write ||
	    in.has_imm != f->has_imm || in.imm != f->imm || in.reg != f->reg ||
	    in.byte_reg != f->byte_reg || in.reg_size != f->reg_size || in.ext != f->ext) {
		printf("  \"%s\": len %u size %u write %d has_imm %d imm %#x reg %u byte_reg %d "
		       "reg_size %u ext %d; want len %u size %u write %d has_imm %d imm %#x reg %u "
		       "byte_reg %d reg_size %u ext %d\n", f->text, in.len, in.size, in.write,
		       in.has_imm, in.imm, in.reg, in.byte_reg, in.reg_size, in.ext, f->n, f->size,
		       f->write, f->has_imm, f->imm, f->reg, f->byte_reg, f->reg_size, f->ext);
		case_failed = 1;
	}
	/* Every shorter prefix of it: unreadable (the page ended there). */
	for (uint32_t k = 0; k < f->n; k++) {
		why = decode(f->b, k, &more);
		if (!why || !strstr(why, "unreadable")) {
			printf("  \"%s\" cut to %u bytes: %s\n", f->text, k, why ? why : "accepted");
			case_failed = 1;
		}
	}
	/* The bytes after it (the next instruction) change nothing. */
	static const uint8_t fill[] = { 0x90, 0xff, 0x00, 0x66, 0x0f };
	for (unsigned i = 0; i < sizeof(fill); i++) {
		uint8_t buf[MMIO_INSN_MAX + 8];
		memset(buf, fill[i], sizeof(buf));
		memcpy(buf, f->b, f->n);
		for (uint32_t n = f->n + 1; n <= sizeof(buf); n++) {
			why = decode(buf, n, &more);
			if (why || !same(&in, &more)) {
				printf("  \"%s\" with %u bytes of %#x after it: %s\n", f->text,
				       n - f->n, fill[i], why ? why : "decoded differently");
				case_failed = 1;
				break;
			}
		}
	}
}

static void accepted_forms(void)
{
	for (unsigned i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		check_form(&forms[i]);
}

/* Refused, with a reason containing `why`. */
struct refusal {
	const char *text;
	uint8_t b[MMIO_INSN_MAX + 4];
	uint32_t n;
	const char *why;
};

static const struct refusal refusals[] = {
	/* register operands: mod 3 */
	{ "mov %eax,%ebx", BYTES(0x89, 0xc3), "not a memory operand" },
	{ "mov %ebx,%eax (8b form)", BYTES(0x8b, 0xc3), "not a memory operand" },
	{ "mov %al,%bl", BYTES(0x88, 0xc3), "not a memory operand" },
	{ "mov %bl,%al (8a form)", BYTES(0x8a, 0xc3), "not a memory operand" },
	{ "mov %ax,%bx", BYTES(0x66, 0x89, 0xc3), "not a memory operand" },
	{ "movzbl %al,%eax", BYTES(0x0f, 0xb6, 0xc0), "not a memory operand" },
	{ "movswl %ax,%eax", BYTES(0x0f, 0xbf, 0xc0), "not a memory operand" },
	{ "movb $5,%al (c6 c0)", BYTES(0xc6, 0xc0, 0x05), "not a mov to memory" },
	{ "movl $5,%eax (c7 c0)", BYTES(0xc7, 0xc0, 0x05, 0x00, 0x00, 0x00), "not a mov to memory" },
	/* not moves at all */
	{ "add %eax,(%ebx)", BYTES(0x01, 0x03), "unknown instruction" },
	{ "rep movsl", BYTES(0xf3, 0xa5), "unknown instruction" },
	{ "movsl", BYTES(0xa5), "unknown instruction" },
	{ "mov %cr0,%eax", BYTES(0x0f, 0x20, 0xc0), "unknown instruction" },
	{ "mov %cr4,%eax", BYTES(0x0f, 0x20, 0xe0), "unknown instruction" },
	{ "addb $0x1,(%eax)", BYTES(0x80, 0x00, 0x01), "unknown instruction" },
	{ "push (%eax)", BYTES(0xff, 0x30), "unknown instruction" },
	{ "xchg %eax,(%ebx)", BYTES(0x87, 0x03), "unknown instruction" },
	{ "movnti %eax,(%ebx)", BYTES(0x0f, 0xc3, 0x03), "unknown instruction" },
	{ "mov (%eax),%ds", BYTES(0x8e, 0x18), "unknown instruction" },
	{ "mov %es,(%eax)", BYTES(0x8c, 0x00), "unknown instruction" },
	{ "mov $0x5,%eax", BYTES(0xb8, 0x05, 0x00, 0x00, 0x00), "unknown instruction" },
	{ "lock addl $0x1,(%eax)", BYTES(0xf0, 0x83, 0x00, 0x01), "unknown instruction" },
	{ "xrelease mov %eax,(%ebx)", BYTES(0xf3, 0x89, 0x03), "unknown instruction" },
	{ "0f 0f", BYTES(0x0f, 0x0f, 0x00), "unknown instruction" },
	{ "movzbl with 0f b5", BYTES(0x0f, 0xb5, 0x00), "unknown instruction" },
	{ "0x66 alone then add", BYTES(0x66, 0x01, 0x00), "unknown instruction" },
	/* the address-size prefix: 16-bit addressing is not decoded */
	{ "mov (%si),%eax (addr16)", BYTES(0x67, 0x8b, 0x04), "unknown instruction" },
	{ "mov %fs:(%si),%eax", BYTES(0x64, 0x67, 0x8b, 0x04), "unknown instruction" },
	/* C6/C7 with a reg field other than 0 (the XABORT/XBEGIN slot and
	 * undefined encodings) */
	{ "c6 /1", BYTES(0xc6, 0x08, 0x05), "not a mov to memory" },
	{ "c6 /7 (f8: xabort)", BYTES(0xc6, 0xf8, 0x05), "not a mov to memory" },
	{ "c6 /4 memory", BYTES(0xc6, 0x20, 0x05), "not a mov to memory" },
	{ "c7 /1", BYTES(0xc7, 0x08, 0x01, 0x00, 0x00, 0x00), "not a mov to memory" },
	{ "c7 /7 (f8: xbegin)", BYTES(0xc7, 0xf8, 0x01, 0x00, 0x00, 0x00), "not a mov to memory" },
	{ "c7 /3 memory", BYTES(0xc7, 0x18, 0x01, 0x00, 0x00, 0x00), "not a mov to memory" },
	/* more than 15 bytes */
	{ "14 prefixes and mov %al,(%eax): 16 bytes",
	  BYTES(0x66, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65,
		0x88, 0x00), "unreadable" },
	{ "five prefixes and an 11-byte C7: 16 bytes",
	  BYTES(0x65, 0x65, 0x65, 0x65, 0x65, 0xc7, 0x84, 0x24, 0x78, 0x56, 0x34, 0x12,
		0x0d, 0xf0, 0xfe, 0xca), "unreadable" },
	{ "16 segment prefixes", BYTES(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
				       0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x8b, 0x00),
	  "unreadable" },
	{ "15 operand-size prefixes", BYTES(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
					    0x66, 0x66, 0x66, 0x66, 0x66, 0x66),
	  "unreadable" },
	/* nothing at all */
	{ "no bytes", { 0 }, 0, "unreadable" },
	{ "a prefix only", BYTES(0x66), "unreadable" },
	{ "0f only", BYTES(0x0f), "unreadable" },
};

static void refused_forms(void)
{
	for (unsigned i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *r = &refusals[i];
		struct mmio_insn in;
		const char *why = decode(r->b, r->n, &in);

		if (!why || !strstr(why, r->why)) {
			printf("  \"%s\": %s, want \"%s\"\n", r->text, why ? why : "accepted", r->why);
			case_failed = 1;
		}
	}
}

/* Every reg field of C6/C7 with every memory mod: only /0 is a move. */
static void c6_c7_reg_field(void)
{
	for (uint8_t op = 0xc6; op <= 0xc7; op++)
		for (uint8_t mod = 0; mod < 4; mod++)
			for (uint8_t reg = 0; reg < 8; reg++) {
				/* rm 0 (%eax), then enough displacement and immediate */
				uint8_t b[] = { op, (uint8_t)(mod << 6 | reg << 3), 1, 2, 3, 4, 5, 6, 7, 8 };
				struct mmio_insn in;
				const char *why = decode(b, sizeof(b), &in);
				uint32_t disp = mod == 1 ? 1 : mod == 2 ? 4 : 0;

				if (reg == 0 && mod != 3) {
					CHECK(!why);
					CHECK_EQ(in.len, 2 + disp + (op == 0xc6 ? 1 : 4));
				} else {
					CHECK(why && strstr(why, "not a mov to memory"));
				}
			}
}

/* Every ModRM byte after 8B: the length follows mod, rm and the SIB. */
static void every_modrm(void)
{
	for (unsigned modrm = 0; modrm < 256; modrm++)
		for (unsigned sib = 0; sib < 256; sib += 1) {
			uint32_t mod = modrm >> 6, rm = modrm & 7, want = 2;
			uint8_t b[] = { 0x8b, (uint8_t)modrm, (uint8_t)sib, 0x11, 0x22, 0x33, 0x44,
					0x55, 0x66 };
			struct mmio_insn in;
			const char *why;

			if (rm != 4 && sib)
				continue;	/* no SIB byte: once is enough */
			why = decode(b, sizeof(b), &in);
			if (mod == 3) {
				CHECK(why && strstr(why, "not a memory operand"));
				continue;
			}
			if (rm == 4) {
				want++;
				if (mod == 0 && (sib & 7) == 5)
					want += 4;
			} else if (mod == 0 && rm == 5) {
				want += 4;
			}
			want += mod == 1 ? 1 : mod == 2 ? 4 : 0;
			if (why || in.len != want || in.reg != ((modrm >> 3) & 7)) {
				printf("  8b %02x %02x: %s len %u, want %u\n", modrm, sib,
				       why ? why : "", why ? 0 : in.len, want);
				case_failed = 1;
			}
		}
}

/* n beyond 15 is cut to 15: a 15-byte instruction decodes in a longer
 * buffer, and nothing past byte 15 is looked at. */
static void n_beyond_15(void)
{
	const struct form *f = &forms[sizeof(forms) / sizeof(forms[0]) - 2];	/* 15 bytes */
	uint8_t buf[64];
	struct mmio_insn in;

	CHECK_EQ(f->n, 15);
	memset(buf, 0x66, sizeof(buf));
	memcpy(buf, f->b, f->n);
	CHECK(!decode(buf, sizeof(buf), &in));
	CHECK_EQ(in.len, 15);
	CHECK_EQ(in.imm, 0xcafef00d);
	memset(buf, 0x3e, sizeof(buf));	/* prefixes for ever */
	const char *why = decode(buf, sizeof(buf), &in);
	CHECK(why && strstr(why, "unreadable"));
}

int main(void)
{
	RUN(accepted_forms);
	RUN(refused_forms);
	RUN(c6_c7_reg_field);
	RUN(every_modrm);
	RUN(n_beyond_15);
	return 0;
}
