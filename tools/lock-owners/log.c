// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE	/* memmem() */
/*
 * Kernel logs as input.  The kernel prints the snapshot in lockup reports,
 * SysRq-O and panics as
 *
 *	spinlock owner snapshot:
 *	cpu ctx state lock symbol variant pid comm ms site
 *	<entries, as in /proc/lock_owners>
 *	spinlock owner snapshot: N entries, untracked U overflows O ...
 *
 * (or one "spinlock owner snapshot: switched off at boot ..." line), each
 * line behind whatever the log adds: printk's "[  12.345678] ", a syslog
 * "<3>", /dev/kmsg's "3,102,2665958,-;", journalctl's date and host,
 * dmesg -x's "kern  :err   : ".  lo_log_split() finds every such block
 * and writes it back in the file's format ("version 2", the header, the
 * entries, the counters), which lo_parse() reads.
 *
 * A line's part is found from its end: an entry is the last ten fields
 * when the first three are a CPU number, a context and a state.  What
 * comes before the part is the line's prefix; with its digits and runs
 * of blanks squeezed it is the block's key, which every line of the
 * block has: the lines of another block printed at the same time (two
 * hosts in one journal) or of another report (the long spin report's
 * "spinlock_owner: holder: ..." lines) have another key and go
 * elsewhere.  A block's count line says how many entries it printed; a
 * block that lost some (printk dropped lines, a line mangled on a serial
 * line) or has no count line (the log ends, or was cut) is kept as
 * broken, for the caller to report.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lock-owners.h"
#include "log.h"

#define MARK		"spinlock owner snapshot:"
#define MARK_LEN	(sizeof(MARK) - 1)
#define OFF		" switched off"
#define HEADER		"cpu ctx state lock symbol variant pid comm ms site"
#define COUNTS		" entries, untracked %llu overflows %llu unmatched %llu stale %llu rescued %llu"
#define KEY_LEN		128	/* of a squeezed prefix; longer ones are cut */
#define MAX_OPEN	8	/* blocks being read at once */

struct text {
	char *p;
	size_t len, size;
};

struct open_block {
	char key[KEY_LEN];
	struct text t;
	unsigned int line;
	unsigned int entries;
	bool header;
};

static int put(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->size) {
		size_t size = t->size ? t->size * 2 : 1024;
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

/* @s (@n bytes) squeezed: digit runs to "0", blank runs to " ". */
static void squeeze(char *key, const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k < KEY_LEN - 2; i++) {
		char c = s[i];

		if (isdigit((unsigned char)c)) {
			if (k && key[k - 1] == '0' && i && isdigit((unsigned char)s[i - 1]))
				continue;
			c = '0';
		} else if (c == ' ' || c == '\t') {
			if (k && key[k - 1] == ' ')
				continue;
			c = ' ';
		}
		key[k++] = c;
	}
	key[k] = '\0';
}

static bool ends_with(const char *s, size_t n, const char *suffix, size_t m)
{
	return n >= m && !memcmp(s + n - m, suffix, m);
}

static bool word_is(const char *p, size_t n, const char * const *set)
{
	for (; *set; set++)
		if (strlen(*set) == n && !memcmp(p, *set, n))
			return true;
	return false;
}

/*
 * The entry at the end of [s, s + n), or NULL; its length in *len.  The
 * CPU number may be glued to the prefix ("<3>2", "...,-;2"): its digits
 * are the end of the first field, after a character that ends a prefix.
 */
static const char *entry_of(const char *s, size_t n, size_t *len)
{
	static const char * const ctx[] = { "task", "softirq", "hardirq", "nmi", NULL };
	static const char * const state[] = { "held", "wait", "leaked", NULL };
	const char *start[10], *end[10];
	const char *p = s + n;
	int i;

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
	if (!word_is(start[1], end[1] - start[1], ctx) ||
	    !word_is(start[2], end[2] - start[2], state))
		return NULL;
	for (p = end[0]; p > start[0] && isdigit((unsigned char)p[-1]); p--)
		;
	if (p == end[0] || (p > s && !strchr(" ;>]:", p[-1])))
		return NULL;
	if (memchr(p, '\0', s + n - p))
		return NULL;
	*len = s + n - p;
	return p;
}

static int add_block(struct lo_log *log, struct lo_log_block *b)
{
	if (log->nr == log->size) {
		size_t size = log->size ? log->size * 2 : 16;
		struct lo_log_block *p;

		if (log->nr >= LO_LOG_MAX_BLOCKS)
			return -1;
		p = realloc(log->blocks, size * sizeof(*p));
		if (!p)
			return -1;
		log->blocks = p;
		log->size = size;
	}
	log->blocks[log->nr++] = *b;
	return 0;
}

/* Close @o: complete if @c (the five counters) is there. */
static int close_block(struct lo_log *log, struct open_block *o,
		       const unsigned long long *c, unsigned int count)
{
	static const char * const names[] = {
		"untracked", "overflows", "unmatched", "stale", "rescued",
	};
	struct lo_log_block b = { 0 };
	char buf[96];
	char *p;
	int i;

	if (c)
		for (i = 0; i < 5; i++) {
			int n = snprintf(buf, sizeof(buf), "%s %llu\n", names[i], c[i]);

			if (put(&o->t, buf, n))
				return -1;
		}
	/* Only what it needs: a log may hold many blocks. */
	p = realloc(o->t.p, o->t.len + 1);
	if (p)
		o->t.p = p;
	b.text = o->t.p;
	b.len = o->t.len;
	b.line = o->line;
	b.complete = c != NULL;
	b.entries = o->entries;
	b.count = count;
	memset(&o->t, 0, sizeof(o->t));
	o->key[0] = '\0';
	if (add_block(log, &b)) {
		free(b.text);
		return -1;
	}
	return 0;
}

static struct open_block *find(struct open_block *open, const char *key)
{
	int i;

	for (i = 0; i < MAX_OPEN; i++)
		if (open[i].t.p && !strcmp(open[i].key, key))
			return &open[i];
	return NULL;
}

static int cmp_line(const void *a, const void *b)
{
	const struct lo_log_block *x = a, *y = b;

	return x->line < y->line ? -1 : x->line > y->line;
}

int lo_log_split(const char *data, size_t len, struct lo_log *log)
{
	struct open_block open[MAX_OPEN] = { 0 }, *o;
	const char *p = data, *end = data + len;
	unsigned int line = 0, oldest;
	char key[KEY_LEN];
	int i;

	memset(log, 0, sizeof(*log));
	while (p < end) {
		const char *eol = memchr(p, '\n', end - p), *m, *e;
		size_t n, elen;

		if (!eol)
			eol = end;
		n = eol - p;
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		line++;
		m = memmem(p, n, MARK, MARK_LEN);
		if (ends_with(p, n, MARK, MARK_LEN)) {
			/* A new block; one open with the same key was cut short. */
			squeeze(key, p, n - MARK_LEN);
			o = find(open, key);
			if (o && close_block(log, o, NULL, 0))
				goto oom;
			for (i = 0, o = NULL, oldest = ~0u; i < MAX_OPEN; i++) {
				if (!open[i].t.p) {
					o = &open[i];
					break;
				}
				if (open[i].line < oldest) {
					oldest = open[i].line;
					o = &open[i];
				}
			}
			/* All slots taken: the oldest open block was cut short. */
			if (o->t.p && close_block(log, o, NULL, 0))
				goto oom;
			if (put(&o->t, "version 2\n", 10))
				goto oom;
			strcpy(o->key, key);
			o->line = line;
			o->entries = 0;
			o->header = false;
		} else if (m && (size_t)(p + n - m) >= MARK_LEN + strlen(OFF) &&
			   !memcmp(m + MARK_LEN, OFF, strlen(OFF))) {
			struct open_block off = { 0 };

			squeeze(key, p, m - p);
			o = find(open, key);
			if (o && close_block(log, o, NULL, 0))
				goto oom;
			if (put(&off.t, "version 2\noff\n", 14))
				goto oom;
			off.line = line;
			if (close_block(log, &off, NULL, 0))
				goto oom;
			log->blocks[log->nr - 1].off = true;
		} else if (m) {
			unsigned long long c[5];
			unsigned int count;
			char tail[512];
			size_t k = p + n - (m + MARK_LEN);

			squeeze(key, p, m - p);
			o = find(open, key);
			if (o && k < sizeof(tail)) {
				memcpy(tail, m + MARK_LEN, k);
				tail[k] = '\0';
				if (sscanf(tail, " %u" COUNTS, &count, &c[0], &c[1],
					   &c[2], &c[3], &c[4]) == 6 &&
				    close_block(log, o, c, count))
					goto oom;
			}
		} else if (ends_with(p, n, HEADER, strlen(HEADER))) {
			squeeze(key, p, n - strlen(HEADER));
			o = find(open, key);
			if (o && !o->header) {
				if (put(&o->t, HEADER "\n", strlen(HEADER) + 1))
					goto oom;
				o->header = true;
			}
		} else if ((e = entry_of(p, n, &elen))) {
			squeeze(key, p, e - p);
			o = find(open, key);
			if (o && o->header) {
				if (put(&o->t, e, elen) || put(&o->t, "\n", 1))
					goto oom;
				o->entries++;
			}
		}
		p = eol + 1;
	}
	/* Still open at the end of the log, oldest first. */
	for (;;) {
		for (i = 0, o = NULL, oldest = ~0u; i < MAX_OPEN; i++)
			if (open[i].t.p && open[i].line < oldest) {
				oldest = open[i].line;
				o = &open[i];
			}
		if (!o)
			break;
		if (close_block(log, o, NULL, 0))
			goto oom;
	}
	/* Oldest first: interleaved blocks end in another order. */
	if (log->nr)
		qsort(log->blocks, log->nr, sizeof(*log->blocks), cmp_line);
	return 0;
oom:
	for (i = 0; i < MAX_OPEN; i++)
		free(open[i].t.p);
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
