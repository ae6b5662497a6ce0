// SPDX-License-Identifier: GPL-2.0
/*
 * Parse /proc/lock_owners (version 1) from a buffer, group its entries by
 * lock and look for cycles in the wait-for graph.
 *
 *	version 1
 *	cpu ctx state lock symbol variant pid comm ms site
 *	3 task held 00000000f3a1c2d5 lock_me_up[lkdtm] spin 82 sh 2040 \
 *		lkdtm_do_action+0x15/0x18 [lkdtm]
 *	1 task wait 00000000f3a1c2d5 lock_me_up[lkdtm] spin 293 sh 1020 -
 *	untracked 0
 *	...
 *
 * Fields are separated by blanks.  The first seven never contain one.  The
 * site is the last column and is "-" or printed with %pS, which for a
 * module adds " [module]": it is taken from the end of the line, then the
 * field before it is ms, and whatever lies between pid and ms is comm.  The
 * kernel replaces blanks in comm with '?', but a comm with blanks (another
 * kernel, a hand-written file) still parses.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lock-owners.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char * const columns[] = {
	"cpu", "ctx", "state", "lock", "symbol", "variant", "pid", "comm",
	"ms", "site",
};

#define NR_COLUMNS	ARRAY_SIZE(columns)

static const char * const ctxs[] = { "task", "softirq", "hardirq", "nmi" };

static const char * const variants[] = {
	"spin", "spin_irq", "spin_irqsave", "spin_bh",
	"read", "read_irq", "read_irqsave", "read_bh",
	"write", "write_irq", "write_irqsave", "write_bh",
	/* spin_lock_irq_disable() (Linux 7.x, patches/mainline/) */
	"spin_irq_disable",
};

/* What %pK prints when it does not print the address. */
static const char * const unusable_locks[] = {
	"(____ptrval____)",	/* 64-bit, before the hash key is ready */
	"(ptrval)",		/* 32-bit, likewise */
	"pK-error",		/* kptr_restrict=1 in interrupt context */
	"(null)",
};

struct field {
	char *s;
	size_t len;
};

enum parse_state { WANT_VERSION, WANT_HEADER, ENTRIES, COUNTERS };

static int fail(struct lo_error *err, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct lo_error *err, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* For messages: "%.*s", shown(f), f->s shows up to 40 bytes of a field. */
static int shown(const struct field *f)
{
	return f->len < 40 ? (int)f->len : 40;
}

static bool field_is(const struct field *f, const char *s)
{
	return f->len == strlen(s) && !memcmp(f->s, s, f->len);
}

static const char *field_in(const struct field *f, const char * const *set,
			    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (field_is(f, set[i]))
			return set[i];
	return NULL;
}

/*
 * A decimal number with no sign, at most @max.
 * Return: 0, -EINVAL if it is not a number, -ERANGE if it is too large.
 */
static int parse_uint(const struct field *f, unsigned long long max,
		      unsigned long long *val)
{
	unsigned long long v = 0;
	size_t i;

	if (!f->len)
		return -EINVAL;
	for (i = 0; i < f->len; i++) {
		unsigned int d = (unsigned char)f->s[i] - '0';

		if (d > 9)
			return -EINVAL;
		if (v > (max - d) / 10) {
			/* Still tell "12x" (not a number) from too large. */
			for (; i < f->len; i++)
				if ((unsigned char)f->s[i] - '0' > 9)
					return -EINVAL;
			return -ERANGE;
		}
		v = v * 10 + d;
	}
	*val = v;
	return 0;
}

static int number(const struct field *f, unsigned long long max,
		  unsigned long long *val, const char *name,
		  struct lo_error *err, unsigned int line)
{
	switch (parse_uint(f, max, val)) {
	case 0:
		return 0;
	case -ERANGE:
		return fail(err, line, "%s: '%.*s' is out of range (at most %llu)",
			    name, shown(f), f->s, max);
	default:
		return fail(err, line, "%s: '%.*s' is not a number", name,
			    shown(f), f->s);
	}
}

/*
 * The lock column: hex digits (hashed or, with kptr_restrict=1 and
 * CAP_SYSLOG, the real address), or something that does not identify the
 * lock: all zeros (kptr_restrict), or one of unusable_locks[].
 */
static int parse_lock(struct lo_entry *e, const struct field *f,
		      struct lo_error *err, unsigned int line)
{
	unsigned long long v = 0;
	size_t i;

	e->addr_ok = false;
	if (field_in(f, unusable_locks, ARRAY_SIZE(unusable_locks)))
		return 0;
	if (!f->len || f->len > 16)
		goto bad;
	for (i = 0; i < f->len; i++) {
		char c = f->s[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			goto bad;
		v = v << 4 | d;
	}
	e->addr = v;
	e->addr_ok = v != 0;
	return 0;
bad:
	return fail(err, line, "lock: '%.*s' is not an address", shown(f), f->s);
}

/* Split @p at blanks; reject control characters. */
static int split(char *p, struct field *f, size_t *nr, struct lo_error *err,
		 unsigned int line)
{
	size_t n = 0;
	char *q;

	*nr = 0;
	for (q = p; *q; q++) {
		unsigned char c = *q;

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return fail(err, line,
				    "control character 0x%02x at column %zu",
				    c, (size_t)(q - p) + 1);
	}
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (n == LO_MAX_FIELDS)
			return fail(err, line, "more than %d fields",
				    LO_MAX_FIELDS);
		f[n].s = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		f[n].len = p - f[n].s;
		n++;
	}
	*nr = n;
	return 0;
}

/* A field as a string: terminate it in place (a blank or the end follows). */
static const char *term(struct field *f)
{
	f->s[f->len] = '\0';
	return f->s;
}

/* Fields @a to @b as one string, blanks between them kept. */
static const char *term_span(struct field *a, struct field *b)
{
	b->s[b->len] = '\0';
	return a->s;
}

static int parse_version(struct lo_snapshot *s, struct field *f, size_t n,
			 struct lo_error *err, unsigned int line)
{
	unsigned long long v;

	if (!field_is(&f[0], "version"))
		return fail(err, line, "expected 'version %d', got '%.*s'",
			    LO_VERSION, shown(&f[0]), f[0].s);
	if (n != 2)
		return fail(err, line, "expected 'version %d', got %zu fields",
			    LO_VERSION, n);
	if (number(&f[1], UINT32_MAX, &v, "version", err, line))
		return -1;
	if (v < 1 || v > LO_VERSION)
		return fail(err, line,
			    "unsupported version %llu (this tool reads versions 1 to %d)",
			    v, LO_VERSION);
	s->version = v;
	return 0;
}

static int parse_header(struct field *f, size_t n, struct lo_error *err,
			unsigned int line)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!field_in(&f[i], columns, NR_COLUMNS))
			return fail(err, line, "unknown column '%.*s' in header",
				    shown(&f[i]), f[i].s);
		if (i >= NR_COLUMNS)
			return fail(err, line,
				    "header has %zu columns, expected %zu", n,
				    NR_COLUMNS);
		if (!field_is(&f[i], columns[i]))
			return fail(err, line,
				    "header column %zu is '%.*s', expected '%s'",
				    i + 1, shown(&f[i]), f[i].s, columns[i]);
	}
	if (n != NR_COLUMNS)
		return fail(err, line,
			    "header has %zu columns, expected %zu (missing '%s')",
			    n, NR_COLUMNS, columns[n]);
	return 0;
}

static int parse_counter(struct lo_snapshot *s, struct field *f,
			 struct lo_error *err, unsigned int line)
{
	struct lo_counter *c;
	size_t i;

	for (i = 0; i < f[0].len; i++) {
		char ch = f[0].s[i];

		if (!(ch >= 'a' && ch <= 'z') && ch != '_' &&
		    !(i && ch >= '0' && ch <= '9'))
			return fail(err, line,
				    "'%.*s' is neither an entry nor a counter",
				    shown(&f[0]), f[0].s);
	}
	if (s->nr_counters == LO_MAX_COUNTERS)
		return fail(err, line, "more than %d counters", LO_MAX_COUNTERS);
	for (i = 0; i < s->nr_counters; i++)
		if (field_is(&f[0], s->counters[i].name))
			return fail(err, line,
				    "counter '%s' repeated (first on line %u)",
				    s->counters[i].name, s->counters[i].line);
	c = &s->counters[s->nr_counters];
	if (number(&f[1], UINT64_MAX, &c->value, "counter", err, line))
		return -1;
	c->name = term(&f[0]);
	c->line = line;
	s->nr_counters++;
	return 0;
}

/* Where the site starts: "-", "sym+0x1/0x2", "sym+0x1/0x2 [mod]". */
static size_t site_start(const struct field *f, size_t n)
{
	size_t i = n - 1;

	if (f[i].s[f[i].len - 1] != ']')
		return i;
	/* "[mod]" or "[mod buildid]": one or two fields. */
	for (; i + 2 >= n && i > 0; i--)
		if (f[i].s[0] == '[')
			return f[i - 1].len == 1 && f[i - 1].s[0] == '-' ?
				n - 1 : i - 1;
	return n - 1;
}

static int parse_entry(struct lo_snapshot *s, struct field *f, size_t n,
		       struct lo_error *err, unsigned int line)
{
	unsigned long long v;
	struct lo_entry *e;
	size_t site;

	if (n < NR_COLUMNS)
		return fail(err, line,
			    "truncated entry: %zu fields, expected %zu", n,
			    NR_COLUMNS);
	site = site_start(f, n);
	/* cpu ... pid, at least one field of comm, ms. */
	if (site < NR_COLUMNS - 1)
		return fail(err, line,
			    "truncated entry: %zu fields before the site, expected %zu",
			    site, NR_COLUMNS - 1);
	if (s->nr_entries == s->max_entries)
		return fail(err, line,
			    "more than %zu entries; input too large",
			    s->max_entries);
	if (s->nr_entries == s->alloc_entries) {
		size_t alloc = s->alloc_entries ? 2 * s->alloc_entries : 64;
		struct lo_entry *p;

		if (alloc > s->max_entries)
			alloc = s->max_entries;
		p = realloc(s->entries, alloc * sizeof(*p));
		if (!p)
			return fail(err, line, "out of memory");
		s->entries = p;
		s->alloc_entries = alloc;
	}
	e = &s->entries[s->nr_entries];
	memset(e, 0, sizeof(*e));
	e->line = line;

	if (number(&f[0], LO_MAX_CPU, &v, "cpu", err, line))
		return -1;
	e->cpu = v;
	e->ctx = field_in(&f[1], ctxs, ARRAY_SIZE(ctxs));
	if (!e->ctx)
		return fail(err, line,
			    "ctx: '%.*s' is not task, softirq, hardirq or nmi",
			    shown(&f[1]), f[1].s);
	if (field_is(&f[2], "wait"))
		e->wait = true;
	else if (field_is(&f[2], "leaked") && s->version >= 2)
		e->leaked = true;
	else if (!field_is(&f[2], "held"))
		return fail(err, line, "state: '%.*s' is not held, wait%s",
			    shown(&f[2]), f[2].s,
			    s->version >= 2 ? " or leaked" : " (leaked needs version 2)");
	if (parse_lock(e, &f[3], err, line))
		return -1;
	e->variant = field_in(&f[5], variants, ARRAY_SIZE(variants));
	if (!e->variant)
		return fail(err, line, "variant: unknown variant '%.*s'",
			    shown(&f[5]), f[5].s);
	if (number(&f[6], LO_MAX_PID, &v, "pid", err, line))
		return -1;
	e->pid = v;
	if (number(&f[site - 1], UINT32_MAX, &v, "ms", err, line))
		return -1;
	e->ms = v;

	/* Only now that the line is good: terminate the fields. */
	e->lock = term(&f[3]);
	e->symbol = field_is(&f[4], "-") ? NULL : term(&f[4]);
	e->comm = term_span(&f[7], &f[site - 2]);
	e->site = site == n - 1 && field_is(&f[site], "-") ? NULL :
		  term_span(&f[site], &f[n - 1]);
	s->nr_entries++;
	return 0;
}

static int parse_line(struct lo_snapshot *s, char *p, enum parse_state *state,
		      struct lo_error *err, unsigned int line)
{
	struct field f[LO_MAX_FIELDS];
	size_t n;

	if (split(p, f, &n, err, line))
		return -1;
	if (!n)
		return 0;	/* blank lines are ignored */

	switch (*state) {
	case WANT_VERSION:
		if (parse_version(s, f, n, err, line))
			return -1;
		*state = WANT_HEADER;
		return 0;
	case WANT_HEADER:
		/* A kernel booted with spinlock_owner=off says just that. */
		if (n == 1 && field_is(&f[0], "off") && s->version >= 2)
			return fail(err, line,
				    "the snapshot is switched off on this kernel (booted with spinlock_owner=off, or built with CONFIG_SPINLOCK_OWNER_SNAPSHOT_DEFAULT_ON=n)");
		if (parse_header(f, n, err, line))
			return -1;
		*state = ENTRIES;
		return 0;
	case ENTRIES:
	case COUNTERS:
		break;
	}
	/* An entry starts with the CPU number; so does a truncated one. */
	if ((f[0].s[0] >= '0' && f[0].s[0] <= '9') || n >= NR_COLUMNS) {
		if (*state == COUNTERS)
			return fail(err, line, "entry after the counters");
		return parse_entry(s, f, n, err, line);
	}
	if (n != 2)
		return fail(err, line,
			    "'%.*s...' has %zu fields: neither an entry (%zu) nor a counter (2)",
			    shown(&f[0]), f[0].s, n, NR_COLUMNS);
	*state = COUNTERS;
	return parse_counter(s, f, err, line);
}

static int cmp_cpu(const void *a, const void *b)
{
	const struct lo_entry *x = *(struct lo_entry * const *)a;
	const struct lo_entry *y = *(struct lo_entry * const *)b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	if (x->wait != y->wait)
		return x->wait ? 1 : -1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* A CPU spins on one lock at a time: its wait slot holds one entry. */
static int check_waits(struct lo_snapshot *s, struct lo_error *err)
{
	struct lo_entry **v;
	size_t i;
	int ret = 0;

	if (s->nr_entries < 2)
		return 0;
	v = malloc(s->nr_entries * sizeof(*v));
	if (!v)
		return fail(err, 0, "out of memory");
	for (i = 0; i < s->nr_entries; i++)
		v[i] = &s->entries[i];
	qsort(v, s->nr_entries, sizeof(*v), cmp_cpu);
	for (i = 1; i < s->nr_entries; i++) {
		if (v[i]->wait && v[i - 1]->wait && v[i]->cpu == v[i - 1]->cpu) {
			unsigned int a = v[i - 1]->line, b = v[i]->line;

			ret = fail(err, a > b ? a : b,
				   "second wait entry for cpu %d (the other is on line %u)",
				   v[i]->cpu, a > b ? b : a);
			break;
		}
	}
	free(v);
	return ret;
}

/**
 * lo_parse - parse the text of /proc/lock_owners
 * @s: filled in; lo_free() it, whatever the result
 * @data: the text, which need not be terminated
 * @len: its length
 * @max_entries: fail if there are more held and wait lines than this
 * @err: the line and the problem, on failure
 *
 * Return: 0 or -1.
 */
int lo_parse(struct lo_snapshot *s, const char *data, size_t len,
	     size_t max_entries, struct lo_error *err)
{
	enum parse_state state = WANT_VERSION;
	unsigned int line = 0;
	char *p, *end;

	memset(s, 0, sizeof(*s));
	memset(err, 0, sizeof(*err));
	s->max_entries = max_entries;
	if (len > LO_MAX_INPUT)
		return fail(err, 0, "input larger than %lu bytes", LO_MAX_INPUT);
	s->buf = malloc(len + 1);
	if (!s->buf)
		return fail(err, 0, "out of memory");
	if (len)
		memcpy(s->buf, data, len);
	s->buf[len] = '\0';

	for (p = s->buf, end = p + len; p < end; ) {
		char *eol = memchr(p, '\n', end - p);
		char *next;

		if (!eol)
			eol = end;
		next = eol + 1;
		line++;
		if (eol - p > LO_MAX_LINE)
			return fail(err, line, "line longer than %d bytes",
				    LO_MAX_LINE);
		if (memchr(p, '\0', eol - p))
			return fail(err, line, "NUL byte in line");
		*eol = '\0';
		/* A file saved with CRLF line ends. */
		if (eol > p && eol[-1] == '\r')
			eol[-1] = '\0';
		if (parse_line(s, p, &state, err, line))
			return -1;
		p = next;
	}

	switch (state) {
	case WANT_VERSION:
		return fail(err, line + 1, "no 'version %d' line: empty input",
			    LO_VERSION);
	case WANT_HEADER:
		return fail(err, line + 1,
			    "unexpected end of input: no header line");
	case ENTRIES:
		return fail(err, line + 1,
			    "unexpected end of input: no counters (truncated?)");
	case COUNTERS:
		break;
	}
	return check_waits(s, err);
}

void lo_free(struct lo_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->nr_cycles; i++)
		free(s->cycles[i].links);
	free(s->nodes);
	free(s->groups);
	free(s->order);
	free(s->entries);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

const struct lo_counter *lo_counter(const struct lo_snapshot *s,
				    const char *name)
{
	size_t i;

	for (i = 0; i < s->nr_counters; i++)
		if (!strcmp(s->counters[i].name, name))
			return &s->counters[i];
	return NULL;
}

/*
 * Matching: two entries are about the same lock if both addresses are
 * usable and equal (a hashed %pK value is the same for the same lock), or
 * if neither address is usable and both have the same symbol.  An entry
 * with neither is about a lock of its own.
 */
static enum lo_match match_of(const struct lo_entry *e)
{
	if (e->addr_ok)
		return LO_MATCH_ADDR;
	return e->symbol ? LO_MATCH_SYMBOL : LO_MATCH_NONE;
}

/**
 * lo_key - a string that names an entry's lock, the same in every snapshot
 * of one boot (the hash key of %p does not change)
 * @e: the entry
 * @buf: where to put it
 * @size: its size
 *
 * Return: the key's length, or 0 for a lock that cannot be named.
 */
size_t lo_key(const struct lo_entry *e, char *buf, size_t size)
{
	int n;

	switch (match_of(e)) {
	case LO_MATCH_ADDR:
		n = snprintf(buf, size, "a%llx", e->addr);
		break;
	case LO_MATCH_SYMBOL:
		n = snprintf(buf, size, "s%s", e->symbol);
		break;
	default:
		n = 0;
		if (size)
			buf[0] = '\0';
		break;
	}
	return n < 0 ? 0 : (size_t)n;
}

static int cmp_key(const struct lo_entry *x, const struct lo_entry *y)
{
	enum lo_match mx = match_of(x), my = match_of(y);
	int c;

	if (mx != my)
		return mx < my ? -1 : 1;
	switch (mx) {
	case LO_MATCH_ADDR:
		if (x->addr != y->addr)
			return x->addr < y->addr ? -1 : 1;
		return 0;
	case LO_MATCH_SYMBOL:
		c = strcmp(x->symbol, y->symbol);
		return c < 0 ? -1 : c > 0;
	default:
		/* Each on its own. */
		return x->line < y->line ? -1 : x->line > y->line;
	}
}

/* By lock, holders before waiters, each longest first. */
static int cmp_order(const void *a, const void *b)
{
	const struct lo_entry *x = *(struct lo_entry * const *)a;
	const struct lo_entry *y = *(struct lo_entry * const *)b;
	int c = cmp_key(x, y);

	if (c)
		return c;
	if (x->wait != y->wait)
		return x->wait ? 1 : -1;
	if (x->ms != y->ms)
		return x->ms > y->ms ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Locks with waiters first, longest wait first, then longest held. */
static int cmp_group(const void *a, const void *b)
{
	const struct lo_group *x = a, *y = b;

	if (!x->nr_waiters != !y->nr_waiters)
		return x->nr_waiters ? -1 : 1;
	if (x->max_wait != y->max_wait)
		return x->max_wait > y->max_wait ? -1 : 1;
	if (x->max_held != y->max_held)
		return x->max_held > y->max_held ? -1 : 1;
	return x->first_line < y->first_line ? -1 :
	       x->first_line > y->first_line;
}

static int group(struct lo_snapshot *s, struct lo_error *err)
{
	size_t i, j, n = s->nr_entries;

	s->order = malloc((n ? n : 1) * sizeof(*s->order));
	s->groups = malloc((n ? n : 1) * sizeof(*s->groups));
	if (!s->order || !s->groups)
		return fail(err, 0, "out of memory");
	for (i = 0; i < n; i++)
		s->order[i] = &s->entries[i];
	qsort(s->order, n, sizeof(*s->order), cmp_order);

	for (i = 0; i < n; i = j) {
		struct lo_group *g = &s->groups[s->nr_groups++];

		memset(g, 0, sizeof(*g));
		g->match = match_of(s->order[i]);
		g->lock = s->order[i]->lock;
		g->start = i;
		g->first_line = s->order[i]->line;
		for (j = i; j < n && !cmp_key(s->order[i], s->order[j]); j++) {
			struct lo_entry *e = s->order[j];

			if (!g->symbol)
				g->symbol = e->symbol;
			if (e->line < g->first_line)
				g->first_line = e->line;
			if (e->wait) {
				if (!g->nr_waiters++)
					g->max_wait = e->ms;
			} else {
				if (!g->nr_holders++)
					g->max_held = e->ms;
			}
		}
	}
	qsort(s->groups, s->nr_groups, sizeof(*s->groups), cmp_group);
	for (i = 0; i < s->nr_groups; i++) {
		struct lo_group *g = &s->groups[i];

		for (j = 0; j < g->nr_holders + g->nr_waiters; j++)
			s->order[g->start + j]->group = i;
	}
	return 0;
}

static int cmp_task(const void *a, const void *b)
{
	const struct lo_entry *x = *(struct lo_entry * const *)a;
	const struct lo_entry *y = *(struct lo_entry * const *)b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * The tasks: one per (cpu, pid).  Each line is read on its own, so the
 * lines of one CPU show the task running there when each was read; if that
 * changed between lines, they are different nodes and no edge joins them.
 */
static int make_nodes(struct lo_snapshot *s, struct lo_error *err)
{
	struct lo_entry **v;
	size_t i, n = s->nr_entries;

	if (!n)
		return 0;
	v = malloc(n * sizeof(*v));
	s->nodes = malloc(n * sizeof(*s->nodes));
	if (!v || !s->nodes) {
		free(v);
		return fail(err, 0, "out of memory");
	}
	for (i = 0; i < n; i++)
		v[i] = &s->entries[i];
	qsort(v, n, sizeof(*v), cmp_task);
	for (i = 0; i < n; i++) {
		struct lo_node *nd;

		if (!i || v[i]->cpu != v[i - 1]->cpu ||
		    v[i]->pid != v[i - 1]->pid) {
			nd = &s->nodes[s->nr_nodes++];
			nd->cpu = v[i]->cpu;
			nd->pid = v[i]->pid;
			nd->comm = v[i]->comm;
			nd->wait = NULL;
		}
		nd = &s->nodes[s->nr_nodes - 1];
		v[i]->node = s->nr_nodes - 1;
		if (v[i]->wait) {
			nd->wait = v[i];
			nd->comm = v[i]->comm;
		}
	}
	free(v);
	return 0;
}

struct frame {
	size_t node;
	size_t next;			/* next holder to visit */
	struct lo_entry *via;		/* held entry we came in by */
};

static int add_cycle(struct lo_snapshot *s, struct frame *stack, size_t from,
		     size_t top, struct lo_entry *closing)
{
	size_t len = top - from, i, first = 0;
	struct lo_cycle *c;

	if (s->nr_cycles == LO_MAX_CYCLES) {
		s->more_cycles = true;
		return 0;
	}
	c = &s->cycles[s->nr_cycles];
	c->links = calloc(len, sizeof(*c->links));
	if (!c->links)
		return -1;
	c->len = len;
	/* Start at the lowest (cpu, pid), for a stable output. */
	for (i = 1; i < len; i++)
		if (stack[from + i].node < stack[from + first].node)
			first = i;
	for (i = 0; i < len; i++) {
		size_t k = (first + i) % len;
		struct frame *fr = &stack[from + k];

		c->links[i].node = &s->nodes[fr->node];
		c->links[i].wait = s->nodes[fr->node].wait;
		c->links[i].held = k ? fr->via : closing;
	}
	s->nr_cycles++;
	return 0;
}

/*
 * The wait-for graph: a task that waits for a lock has an edge to each
 * task holding it (several for a rwlock held for reading), itself
 * included.  A depth-first search finds a back edge, and so a cycle, in
 * every strongly connected set of tasks that has one.
 */
static int find_cycles(struct lo_snapshot *s, struct lo_error *err)
{
	size_t n = s->nr_nodes, start, top;
	unsigned char *color;		/* 0 new, 1 on the stack, 2 done */
	size_t *pos;
	struct frame *stack;
	int ret = 0;

	if (!n)
		return 0;
	color = calloc(n, 1);
	pos = calloc(n, sizeof(*pos));
	stack = calloc(n, sizeof(*stack));
	if (!color || !pos || !stack) {
		ret = fail(err, 0, "out of memory");
		goto out;
	}
	for (start = 0; start < n; start++) {
		if (color[start])
			continue;
		top = 0;
		stack[top++] = (struct frame){ .node = start };
		color[start] = 1;
		pos[start] = 0;
		while (top) {
			struct frame *fr = &stack[top - 1];
			struct lo_entry *w = s->nodes[fr->node].wait;
			struct lo_group *g = w ? &s->groups[w->group] : NULL;
			struct lo_entry *h;
			size_t m;

			if (!g || fr->next == g->nr_holders) {
				color[fr->node] = 2;
				top--;
				continue;
			}
			h = s->order[g->start + fr->next++];
			m = h->node;
			if (!color[m]) {
				color[m] = 1;
				pos[m] = top;
				stack[top++] = (struct frame){ .node = m, .via = h };
			} else if (color[m] == 1) {
				if (add_cycle(s, stack, pos[m], top, h)) {
					ret = fail(err, 0, "out of memory");
					goto out;
				}
			}
		}
	}
out:
	free(stack);
	free(pos);
	free(color);
	return ret;
}

/**
 * lo_analyze - group a parsed snapshot by lock and find wait-for cycles
 * @s: the snapshot, parsed by lo_parse()
 * @err: the problem, on failure (only running out of memory)
 *
 * Return: 0 or -1.
 */
int lo_analyze(struct lo_snapshot *s, struct lo_error *err)
{
	memset(err, 0, sizeof(*err));
	if (group(s, err) || make_nodes(s, err))
		return -1;
	return find_cycles(s, err);
}
