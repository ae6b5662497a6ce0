// SPDX-License-Identifier: GPL-2.0
/*
 * The sampling mode: add up many snapshots, then show the locks held in
 * the most samples, the locks with the most waiters and the acquire sites
 * seen most often.
 *
 * A lock is named across snapshots by lo_key(): its address (the hash
 * of %p is the same for the whole boot) or, when that is unusable, its
 * symbol.  Locks with neither are counted together as "(unidentified)".
 */
#include <stdlib.h>
#include <string.h>

#include "lock-owners.h"

#define MAX_KEYS	(1UL << 20)	/* distinct locks or sites per table */

struct stat {
	char *key;
	char *lock;
	char *symbol;			/* or NULL */
	unsigned long long seen;	/* samples held, waiters, site seen */
	unsigned long long count;	/* holders, samples with waiters */
	unsigned int max_ms;
	size_t last;			/* the last sample counted in @seen */
};

struct table {
	const char *what;
	struct stat **slot;
	size_t size;			/* a power of two */
	size_t used;
};

struct lo_top {
	struct table held;
	struct table waited;
	struct table sites;
	size_t samples;
	size_t deadlocks;
};

static size_t hash(const char *s)
{
	size_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int grow(struct table *t)
{
	size_t size = t->size ? 2 * t->size : 64, i;
	struct stat **slot = calloc(size, sizeof(*slot));

	if (!slot)
		return -1;
	for (i = 0; i < t->size; i++) {
		size_t j;

		if (!t->slot[i])
			continue;
		for (j = hash(t->slot[i]->key) & (size - 1); slot[j];
		     j = (j + 1) & (size - 1))
			;
		slot[j] = t->slot[i];
	}
	free(t->slot);
	t->slot = slot;
	t->size = size;
	return 0;
}

static char *dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static struct stat *get(struct table *t, const char *key, const char *lock,
			const char *symbol, struct lo_error *err)
{
	struct stat *st;
	size_t i;

	if (t->size) {
		for (i = hash(key) & (t->size - 1); t->slot[i];
		     i = (i + 1) & (t->size - 1))
			if (!strcmp(t->slot[i]->key, key))
				return t->slot[i];
	}
	if (t->used == MAX_KEYS) {
		snprintf(err->msg, sizeof(err->msg),
			 "more than %lu distinct %s", MAX_KEYS, t->what);
		return NULL;
	}
	if (2 * (t->used + 1) > t->size && grow(t))
		goto oom;
	st = calloc(1, sizeof(*st));
	if (!st)
		goto oom;
	st->key = strdup(key);
	st->lock = dup(lock);
	st->symbol = dup(symbol);
	st->last = (size_t)-1;
	if (!st->key || (lock && !st->lock) || (symbol && !st->symbol)) {
		free(st->key);
		free(st->lock);
		free(st->symbol);
		free(st);
		goto oom;
	}
	for (i = hash(key) & (t->size - 1); t->slot[i];
	     i = (i + 1) & (t->size - 1))
		;
	t->slot[i] = st;
	t->used++;
	return st;
oom:
	snprintf(err->msg, sizeof(err->msg), "out of memory");
	return NULL;
}

static void table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->size; i++) {
		if (!t->slot[i])
			continue;
		free(t->slot[i]->key);
		free(t->slot[i]->lock);
		free(t->slot[i]->symbol);
		free(t->slot[i]);
	}
	free(t->slot);
}

struct lo_top *lo_top_new(void)
{
	struct lo_top *t = calloc(1, sizeof(*t));

	if (t) {
		t->held.what = "held locks";
		t->waited.what = "contended locks";
		t->sites.what = "acquire sites";
	}
	return t;
}

void lo_top_free(struct lo_top *t)
{
	if (!t)
		return;
	table_free(&t->held);
	table_free(&t->waited);
	table_free(&t->sites);
	free(t);
}

size_t lo_top_samples(const struct lo_top *t)
{
	return t->samples;
}

size_t lo_top_deadlocks(const struct lo_top *t)
{
	return t->deadlocks;
}

static unsigned int max_uint(unsigned int a, unsigned int b)
{
	return a > b ? a : b;
}

/**
 * lo_top_add - count one more snapshot
 * @t: the counts
 * @s: an analysed snapshot
 * @err: the problem, on failure
 *
 * Return: 0 or -1.
 */
int lo_top_add(struct lo_top *t, const struct lo_snapshot *s,
	       struct lo_error *err)
{
	/* "a" or "s", the address or symbol, a NUL. */
	char key[LO_MAX_LINE + 2];
	size_t i, j;

	memset(err, 0, sizeof(*err));
	t->samples++;
	if (s->nr_cycles)
		t->deadlocks++;
	for (i = 0; i < s->nr_groups; i++) {
		const struct lo_group *g = &s->groups[i];
		const char *lock = g->lock, *symbol = g->symbol;
		struct stat *st;

		if (!lo_key(s->order[g->start], key, sizeof(key))) {
			memcpy(key, "?", 2);
			lock = "(unidentified)";
			symbol = NULL;
		}
		if (g->nr_holders) {
			st = get(&t->held, key, lock, symbol, err);
			if (!st)
				return -1;
			if (st->last != t->samples) {
				st->last = t->samples;
				st->seen++;
			}
			st->count += g->nr_holders;
			st->max_ms = max_uint(st->max_ms, g->max_held);
		}
		if (g->nr_waiters) {
			st = get(&t->waited, key, lock, symbol, err);
			if (!st)
				return -1;
			if (st->last != t->samples) {
				st->last = t->samples;
				st->count++;
			}
			st->seen += g->nr_waiters;
			st->max_ms = max_uint(st->max_ms, g->max_wait);
		}
		for (j = 0; j < g->nr_holders; j++) {
			const struct lo_entry *e = s->order[g->start + j];
			const char *site = e->site ? e->site : "-";

			st = get(&t->sites, site, NULL, NULL, err);
			if (!st)
				return -1;
			st->seen++;
			st->max_ms = max_uint(st->max_ms, e->ms);
		}
	}
	return 0;
}

/* Most seen first, then most counted, longest, and by key for a stable order. */
static int cmp_stat(const void *a, const void *b)
{
	const struct stat *x = *(struct stat * const *)a;
	const struct stat *y = *(struct stat * const *)b;

	if (x->seen != y->seen)
		return x->seen > y->seen ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->max_ms != y->max_ms)
		return x->max_ms > y->max_ms ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* The first @n of @t, sorted; NULL-terminated, NULL if out of memory. */
static struct stat **sorted(const struct table *t, size_t *n)
{
	struct stat **v = malloc((t->used + 1) * sizeof(*v));
	size_t i, k = 0;

	if (!v)
		return NULL;
	for (i = 0; i < t->size; i++)
		if (t->slot[i])
			v[k++] = t->slot[i];
	qsort(v, k, sizeof(*v), cmp_stat);
	if (*n > k)
		*n = k;
	v[*n] = NULL;
	return v;
}

static int wmax(int a, size_t b)
{
	return b > (size_t)a ? (int)(b > 1000 ? 1000 : b) : a;
}

static void print_locks(FILE *f, const struct table *t, size_t n,
			const char *title, const char *seen, const char *count)
{
	int ws = strlen(seen), wc = strlen(count), wm = 6, wl = 4;
	struct stat **v = sorted(t, &n);
	size_t i;

	fprintf(f, "%s:\n", title);
	if (!v || !n) {
		fputs(v ? "  (none)\n" : "  (out of memory)\n", f);
		free(v);
		return;
	}
	for (i = 0; i < n; i++) {
		ws = wmax(ws, lo_ulen(v[i]->seen));
		wc = wmax(wc, lo_ulen(v[i]->count));
		wm = wmax(wm, lo_ulen(v[i]->max_ms));
		wl = wmax(wl, strlen(v[i]->lock));
	}
	fprintf(f, "  %*s  %*s  %*s  %-*s  %s\n", ws, seen, wc, count, wm,
		"MAX_MS", wl, "LOCK", "SYMBOL");
	for (i = 0; i < n; i++)
		fprintf(f, "  %*llu  %*llu  %*u  %-*s  %s\n", ws, v[i]->seen,
			wc, v[i]->count, wm, v[i]->max_ms, wl, v[i]->lock,
			v[i]->symbol ? v[i]->symbol : "-");
	free(v);
}

static void print_sites(FILE *f, const struct table *t, size_t n)
{
	int ws = 4, wm = 6;
	struct stat **v = sorted(t, &n);
	size_t i;

	fputs("most frequent acquire sites (SEEN: held entries):\n", f);
	if (!v || !n) {
		fputs(v ? "  (none)\n" : "  (out of memory)\n", f);
		free(v);
		return;
	}
	for (i = 0; i < n; i++) {
		ws = wmax(ws, lo_ulen(v[i]->seen));
		wm = wmax(wm, lo_ulen(v[i]->max_ms));
	}
	fprintf(f, "  %*s  %*s  %s\n", ws, "SEEN", wm, "MAX_MS", "SITE");
	for (i = 0; i < n; i++)
		fprintf(f, "  %*llu  %*u  %s\n", ws, v[i]->seen, wm,
			v[i]->max_ms, v[i]->key);
	free(v);
}

/**
 * lo_top_print - the first @n of each list
 * @f: where to
 * @t: the counts
 * @n: how many of each
 */
void lo_top_print(FILE *f, const struct lo_top *t, size_t n)
{
	fprintf(f, "%zu samples\n\n", t->samples);
	print_locks(f, &t->held, n,
		    "most held locks (SAMPLES: samples in which it was held)",
		    "SAMPLES", "HOLDERS");
	fputc('\n', f);
	print_locks(f, &t->waited, n,
		    "most contended locks (WAITERS: waiters seen in all samples)",
		    "WAITERS", "SAMPLES");
	fputc('\n', f);
	print_sites(f, &t->sites, n);
	if (t->deadlocks)
		fprintf(f, "\npossible deadlock in %zu of %zu samples; the first:\n",
			t->deadlocks, t->samples);
}

static void json_list(FILE *f, const struct table *t, size_t n,
		      const char *seen, const char *count, const char *max)
{
	struct stat **v = sorted(t, &n);
	size_t i;

	if (!v || !n) {
		fputs("[]", f);
		free(v);
		return;
	}
	fputs("[\n", f);
	for (i = 0; i < n; i++) {
		fputs("    {", f);
		if (count) {
			fputs("\"lock\": ", f);
			lo_json_string(f, v[i]->lock);
			fputs(", \"symbol\": ", f);
			lo_json_string(f, v[i]->symbol);
		} else {
			fputs("\"site\": ", f);
			lo_json_string(f, v[i]->key);
		}
		fprintf(f, ", \"%s\": %llu", seen, v[i]->seen);
		if (count)
			fprintf(f, ", \"%s\": %llu", count, v[i]->count);
		fprintf(f, ", \"%s\": %u}%s\n", max, v[i]->max_ms,
			i + 1 < n ? "," : "");
	}
	fputs("  ]", f);
	free(v);
}

/**
 * lo_top_print_json - the same as one JSON document (see Documentation/lock-owners.md)
 * @f: where to
 * @t: the counts
 * @n: how many of each
 * @source: the file sampled
 * @interval_ms: the time between samples
 * @deadlocked: the first sample with a possible deadlock, or NULL
 */
void lo_top_print_json(FILE *f, const struct lo_top *t, size_t n,
		       const char *source, unsigned int interval_ms,
		       const struct lo_snapshot *deadlocked)
{
	fputs("{\n  \"schema\": 1,\n  \"source\": ", f);
	lo_json_string(f, source);
	fprintf(f, ",\n  \"samples\": %zu,\n  \"interval_ms\": %u,\n  \"held\": ",
		t->samples, interval_ms);
	json_list(f, &t->held, n, "samples", "holders", "max_ms");
	fputs(",\n  \"contended\": ", f);
	json_list(f, &t->waited, n, "waiters", "samples", "max_wait_ms");
	fputs(",\n  \"sites\": ", f);
	json_list(f, &t->sites, n, "seen", NULL, "max_ms");
	fprintf(f, ",\n  \"deadlock_samples\": %zu,\n  \"deadlocks\": ",
		t->deadlocks);
	if (deadlocked)
		lo_print_json_cycles(f, deadlocked, "  ");
	else
		fputs("[]", f);
	fputs("\n}\n", f);
}
