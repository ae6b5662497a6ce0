// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE	/* memmem() */
/*
 * Kernel logs as input (draft for issue 16 item 6).  The kernel prints the
 * snapshot in lockup reports, SysRq-O and panics as
 *
 *	spinlock owner snapshot:
 *	cpu ctx state lock symbol variant pid comm ms site
 *	<entries, as in /proc/lock_owners>
 *	spinlock owner snapshot: N entries, untracked U overflows O ...
 *
 * (or one "spinlock owner snapshot: switched off at boot ..." line), each
 * line behind whatever the log adds: printk's "[  12.345678] ", a syslog
 * "<3>", journalctl's date and host, dmesg -x's "kern  :err   : ".
 * lo_log_split() finds every such block and writes it back in the file's
 * format ("version 2", the header, the entries, the counters), which
 * lo_parse() reads.  A line's part is found from its end: an entry is the
 * last ten space-separated fields when the first three of them are a CPU
 * number, a context and a state; other lines inside a block (another CPU
 * printing meanwhile) are skipped.  A block that a log cuts short (no
 * count line) is kept as truncated, for the caller to report.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lock-owners.h"
#include "log.h"

#define MARK		"spinlock owner snapshot:"
#define HEADER		"cpu ctx state lock symbol variant pid comm ms site"
#define COUNTS		" entries, untracked %llu overflows %llu unmatched %llu stale %llu rescued %llu"

struct text {
	char *p;
	size_t len, size;
};

static int put(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->size) {
		size_t size = t->size ? t->size * 2 : 4096;
		char *p;

		while (size < t->len + n + 1)
			size *= 2;
		p = realloc(t->p, size);
		if (!p)
			return -1;
		t->p = p;
		t->size = size;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
	return 0;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n >= m && !memcmp(s + n - m, suffix, m);
}

static bool word_is(const char *p, size_t n, const char * const *set)
{
	for (; *set; set++)
		if (strlen(*set) == n && !memcmp(p, *set, n))
			return true;
	return false;
}

/* The entry at the end of [s, s + n), or NULL; its length in *len. */
static const char *entry_of(const char *s, size_t n, size_t *len)
{
	static const char * const ctx[] = { "task", "softirq", "hardirq", "nmi", NULL };
	static const char * const state[] = { "held", "wait", "leaked", NULL };
	const char *start[10], *end[10];
	const char *p = s + n;
	int i;

	/* The last ten fields, from the end. */
	for (i = 9; i >= 0; i--) {
		while (p > s && p[-1] == ' ')
			p--;
		end[i] = p;
		while (p > s && p[-1] != ' ')
			p--;
		start[i] = p;
		if (start[i] == end[i])
			return NULL;
	}
	for (p = start[0]; p < end[0]; p++)
		if (!isdigit((unsigned char)*p))
			return NULL;
	if (!word_is(start[1], end[1] - start[1], ctx) ||
	    !word_is(start[2], end[2] - start[2], state))
		return NULL;
	/* The CPU number starts a field of the line, not a word's tail. */
	if (start[0] > s && start[0][-1] != ' ')
		return NULL;
	*len = s + n - start[0];
	return start[0];
}

static int block_end(struct lo_log *log, struct text *t, unsigned int line,
		     bool complete, const unsigned long long *c)
{
	static const char * const names[] = {
		"untracked", "overflows", "unmatched", "stale", "rescued",
	};
	struct lo_log_block *b;
	char buf[96];
	int i;

	if (c)
		for (i = 0; i < 5; i++) {
			int n = snprintf(buf, sizeof(buf), "%s %llu\n", names[i], c[i]);

			if (put(t, buf, n))
				return -1;
		}
	b = realloc(log->blocks, (log->nr + 1) * sizeof(*b));
	if (!b)
		return -1;
	log->blocks = b;
	b += log->nr++;
	b->text = t->p;
	b->len = t->len;
	b->line = line;
	b->complete = complete;
	memset(t, 0, sizeof(*t));
	return 0;
}

int lo_log_split(const char *data, size_t len, struct lo_log *log)
{
	const char *p = data, *end = data + len;
	struct text t = { 0 };
	unsigned int line = 0, first = 0;
	bool open = false;

	memset(log, 0, sizeof(*log));
	while (p < end) {
		const char *eol = memchr(p, '\n', end - p);
		const char *m;
		size_t n;

		if (!eol)
			eol = end;
		n = eol - p;
		if (n && p[n - 1] == '\r')
			n--;
		line++;
		/* A line with a NUL byte is noise (lo_parse() refuses them). */
		if (memchr(p, '\0', n)) {
			p = eol + 1;
			continue;
		}
		m = memmem(p, n, MARK, strlen(MARK));
		if (m && m + strlen(MARK) == p + n) {
			/* A new block; one left open was cut short. */
			if (open && block_end(log, &t, first, false, NULL))
				goto oom;
			if (put(&t, "version 2\n", 10))
				goto oom;
			open = true;
			first = line;
		} else if (m && (size_t)(p + n - m) >= strlen(MARK) + 13 &&
			   !memcmp(m + strlen(MARK), " switched off", 13)) {
			if (open && block_end(log, &t, first, false, NULL))
				goto oom;
			if (put(&t, "version 2\noff\n", 14) ||
			    block_end(log, &t, line, true, NULL))
				goto oom;
			/* "off" has no counters: block_end() added none. */
			log->blocks[log->nr - 1].off = true;
			open = false;
		} else if (open && m) {
			unsigned long long c[5];
			unsigned int entries;
			char tail[256];
			size_t k = p + n - (m + strlen(MARK));

			if (k < sizeof(tail)) {
				memcpy(tail, m + strlen(MARK), k);
				tail[k] = '\0';
				if (sscanf(tail, " %u" COUNTS, &entries, &c[0], &c[1],
					   &c[2], &c[3], &c[4]) == 6) {
					if (block_end(log, &t, first, true, c))
						goto oom;
					open = false;
				}
			}
		} else if (open && ends_with(p, n, HEADER)) {
			if (put(&t, HEADER "\n", strlen(HEADER) + 1))
				goto oom;
		} else if (open) {
			size_t elen;
			const char *e = entry_of(p, n, &elen);

			if (e && (put(&t, e, elen) || put(&t, "\n", 1)))
				goto oom;
		}
		p = eol + 1;
	}
	if (open && block_end(log, &t, first, false, NULL))
		goto oom;
	return 0;
oom:
	free(t.p);
	lo_log_free(log);
	return -1;
}

void lo_log_free(struct lo_log *log)
{
	size_t i;

	for (i = 0; i < log->nr; i++)
		free(log->blocks[i].text);
	free(log->blocks);
	memset(log, 0, sizeof(*log));
}
