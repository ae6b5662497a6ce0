// SPDX-License-Identifier: GPL-2.0
/*
 * lock-owners - show who holds the spinlocks others are waiting for
 *
 * Reads the spinlock owner snapshot (/proc/lock_owners, or a saved copy)
 * and prints it grouped by lock, the holder first, then its waiters; or
 * samples it and prints the most held and most contended locks.  Tasks
 * waiting for each other in a cycle are reported as a possible deadlock.
 * See Documentation/lock-owners.md in the repository.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lock-owners.h"
#include "log.h"

#define PROC_FILE	"/proc/lock_owners"

static const char *prog = "lock-owners";
static volatile sig_atomic_t stop;

struct options {
	const char *file;		/* NULL: stdin */
	const char *name;		/* for messages */
	bool json;
	bool quiet;
	double watch;			/* seconds, 0: no */
	bool sampling;
	unsigned long top;
	unsigned long samples;
	unsigned long interval;		/* ms */
	unsigned long max_entries;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--json] [FILE|-]\n"
		"       %s [--json] --watch SECONDS [FILE]\n"
		"       %s [--json] [--top N] [--samples K] [--interval MS] [-q] [FILE]\n"
		"\n"
		"Show /proc/lock_owners (or FILE, or - for stdin) grouped by lock:\n"
		"each holder, then its waiters, longest wait first.  FILE may also be\n"
		"a kernel log (dmesg, journalctl -k, a console capture, a panic log):\n"
		"then every snapshot in it is shown on its own, oldest first.\n"
		"\n"
		"  -j, --json           print JSON instead of a table\n"
		"  -w, --watch SECONDS  read and print again every SECONDS until interrupted\n"
		"  -t, --top N          sampling mode: show the first N of each list (10)\n"
		"  -n, --samples K      sampling mode: read K snapshots (10)\n"
		"  -i, --interval MS    sampling mode: MS milliseconds apart (100)\n"
		"  -q, --quiet          sampling mode: no progress line on stderr\n"
		"      --max-entries N  refuse input with more than N entries (%d)\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit status: 0 ok, 1 error or malformed input, 2 usage, 3 possible deadlock.\n",
		prog, prog, prog, LO_DEFAULT_MAX_ENTRIES);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", prog);
	exit(LO_EXIT_USAGE);
}

static unsigned long ularg(const char *opt, const char *arg,
			   unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (!*arg || *end || errno || arg[0] == '-' || arg[0] == '+' ||
	    v < min || v > max)
		usage_error("%s: '%s' is not a number from %lu to %lu", opt,
			    arg, min, max);
	return v;
}

static double secarg(const char *opt, const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (!*arg || *end || errno || !isfinite(v) || v < 0.01 || v > 86400)
		usage_error("%s: '%s' is not a number of seconds from 0.01 to 86400",
			    opt, arg);
	return v;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Sleep, or less if a signal arrives. */
static void sleep_ms(double ms)
{
	struct timespec ts;

	if (ms <= 0 || stop)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)((ms - ts.tv_sec * 1000.0) * 1e6);
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_nsec = 999999999L;
	while (!stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * The whole input.  /proc files report a size of 0, so read until the end,
 * growing the buffer, but no further than LO_MAX_INPUT.
 */
static int read_input(const struct options *o, char **data, size_t *len)
{
	size_t size = 65536, n = 0;
	char *buf = NULL;
	int fd = 0, ret = -1;

	if (o->file) {
		fd = open(o->file, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;

			fprintf(stderr, "%s: cannot open %s: %s", prog, o->file,
				strerror(e));
			if (!strcmp(o->file, PROC_FILE) && e == ENOENT)
				fputs(" (a kernel without CONFIG_SPINLOCK_OWNER_SNAPSHOT?)",
				      stderr);
			else if (!strcmp(o->file, PROC_FILE) && e == EACCES)
				fputs(" (it is readable by root only)", stderr);
			fputc('\n', stderr);
			return -1;
		}
	}
	for (;;) {
		ssize_t r;

		if (!buf || n == size) {
			char *p;

			if (buf)
				size *= 2;
			p = realloc(buf, size);
			if (!p) {
				fprintf(stderr, "%s: %s: out of memory\n", prog,
					o->name);
				goto out;
			}
			buf = p;
		}
		r = read(fd, buf + n, size - n);
		if (r < 0) {
			if (errno == EINTR && !stop)
				continue;
			fprintf(stderr, "%s: cannot read %s: %s\n", prog,
				o->name, strerror(errno));
			goto out;
		}
		if (!r)
			break;
		n += r;
		if (n > LO_MAX_INPUT) {
			fprintf(stderr, "%s: %s: input larger than %lu bytes\n",
				prog, o->name, LO_MAX_INPUT);
			goto out;
		}
	}
	*data = buf;
	*len = n;
	buf = NULL;
	ret = 0;
out:
	free(buf);
	if (o->file)
		close(fd);
	return ret;
}

static void report_error(const struct options *o, const struct lo_error *err)
{
	if (err->line)
		fprintf(stderr, "%s: %s: line %u: %s\n", prog, o->name,
			err->line, err->msg);
	else
		fprintf(stderr, "%s: %s: %s\n", prog, o->name, err->msg);
}

/* Parse and analyse one snapshot, read already. */
static int load_data(const struct options *o, struct lo_snapshot *s,
		     const char *data, size_t len)
{
	struct lo_error err;
	int ret;

	ret = lo_parse(s, data, len, o->max_entries, &err);
	if (!ret)
		ret = lo_analyze(s, &err);
	if (ret) {
		report_error(o, &err);
		lo_free(s);
	}
	return ret;
}

/* Read, parse and analyse one snapshot. */
static int load(const struct options *o, struct lo_snapshot *s)
{
	size_t len;
	char *data;
	int ret;

	memset(s, 0, sizeof(*s));
	if (read_input(o, &data, &len))
		return -1;
	ret = load_data(o, s, data, len);
	free(data);
	return ret;
}

/*
 * A kernel log rather than the file: its first line that is not empty is
 * not "version N".
 */
static bool is_log(const char *data, size_t len)
{
	const char *p = data, *end = data + len;

	while (p < end && (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t'))
		p++;
	return p < end && (size_t)(end - p) >= 8 && memcmp(p, "version ", 8);
}

/*
 * Every snapshot in a kernel log (lockup reports, SysRq-O, panics), oldest
 * first, each on its own: its table and cycles after a line that says
 * where it starts, or, with --json, a JSON array of the usual objects,
 * whose "source" is "FILE:LINE".  A snapshot that the log cuts short is
 * reported and skipped; one that says the snapshot is switched off gets
 * its line (none in JSON).  The status is 3 if any snapshot has a cycle, 1
 * if one could not be read and none has a cycle.
 */
static int show_log(const struct options *o, const char *data, size_t len)
{
	int ret = LO_EXIT_OK, bad = 0;
	struct lo_log log;
	size_t i, shown = 0;

	if (lo_log_split(data, len, &log)) {
		fprintf(stderr, "%s: %s: out of memory, or more than %d snapshots\n",
			prog, o->name, LO_LOG_MAX_BLOCKS);
		return LO_EXIT_ERROR;
	}
	if (!log.nr) {
		lo_log_free(&log);
		return -1;	/* not a log: the file parser says why */
	}
	if (o->json)
		fputs("[\n", stdout);
	for (i = 0; i < log.nr; i++) {
		const struct lo_log_block *b = &log.blocks[i];
		struct lo_snapshot s;
		struct lo_error err;
		char where[4096];

		snprintf(where, sizeof(where), "%s:%u", o->name, b->line);
		if (b->off) {
			/* No table: a line in the text output, nothing in JSON. */
			if (!o->json)
				printf("%s== snapshot %zu of %zu, %s: switched off at boot ==\n",
				       shown ? "\n" : "", i + 1, log.nr, where);
			shown += !o->json;
			continue;
		}
		if (!b->complete) {
			fprintf(stderr, "%s: %s: the snapshot is cut short (no count line): skipped\n",
				prog, where);
			bad = 1;
			continue;
		}
		if (b->entries != b->count) {
			fprintf(stderr, "%s: %s: the count line says %u entries, the log has %u (lines lost?): skipped\n",
				prog, where, b->count, b->entries);
			bad = 1;
			continue;
		}
		if (lo_parse(&s, b->text, b->len, o->max_entries, &err) ||
		    lo_analyze(&s, &err)) {
			fprintf(stderr, "%s: %s: snapshot line %u: %s\n", prog,
				where, err.line, err.msg);
			lo_free(&s);
			bad = 1;
			continue;
		}
		if (o->json) {
			if (shown)
				fputs(",\n", stdout);
			lo_print_json(stdout, &s, where);
		} else {
			printf("%s== snapshot %zu of %zu, %s ==\n\n",
			       shown ? "\n" : "", i + 1, log.nr, where);
			lo_print_table(stdout, &s);
			lo_print_cycles(stdout, &s);
		}
		shown++;
		if (s.nr_cycles)
			ret = LO_EXIT_DEADLOCK;
		lo_free(&s);
	}
	if (o->json)
		fputs("]\n", stdout);
	lo_log_free(&log);
	return ret == LO_EXIT_OK && bad ? LO_EXIT_ERROR : ret;
}

static int show_once(const struct options *o)
{
	struct lo_snapshot s;
	size_t len;
	char *data;
	int ret;

	if (read_input(o, &data, &len))
		return LO_EXIT_ERROR;
	if (!o->watch && is_log(data, len)) {
		ret = show_log(o, data, len);
		if (ret >= 0) {
			free(data);
			return ret;
		}
	}
	memset(&s, 0, sizeof(s));
	ret = load_data(o, &s, data, len);
	free(data);
	if (ret)
		return LO_EXIT_ERROR;
	if (o->json) {
		lo_print_json(stdout, &s, o->name);
	} else {
		lo_print_table(stdout, &s);
		lo_print_cycles(stdout, &s);
	}
	ret = s.nr_cycles ? LO_EXIT_DEADLOCK : LO_EXIT_OK;
	lo_free(&s);
	return ret;
}

/* Until interrupted; the status is that of the last snapshot. */
static int watch(const struct options *o)
{
	bool tty = isatty(STDOUT_FILENO);
	int ret = LO_EXIT_OK;

	while (!stop) {
		if (!o->json) {
			char when[64];
			time_t now = time(NULL);
			struct tm tm;

			if (tty)
				fputs("\033[H\033[2J", stdout);
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S",
				 localtime_r(&now, &tm));
			printf("%s every %gs: %s, %s\n\n", prog, o->watch,
			       o->name, when);
		}
		ret = show_once(o);
		if (!o->json && !tty)
			putchar('\n');
		fflush(stdout);
		sleep_ms(o->watch * 1000);
	}
	return ret;
}

static void progress(const struct options *o, size_t i, bool tty,
		     const struct lo_snapshot *s)
{
	size_t step = o->samples >= 10 ? o->samples / 10 : 1;

	if (o->quiet)
		return;
	if (!tty && i % step && i != o->samples)
		return;
	fprintf(stderr, "%ssample %zu/%lu: %zu entries, %zu locks%s%s",
		tty ? "\r" : "", i, o->samples, s->nr_entries, s->nr_groups,
		s->nr_cycles ? ", possible deadlock" : "",
		tty ? (i == o->samples ? "\n" : "\033[K") : "\n");
}

static int sample(const struct options *o)
{
	struct lo_snapshot first = { 0 };
	bool tty = isatty(STDERR_FILENO), have_first = false;
	struct lo_top *t = lo_top_new();
	int ret = LO_EXIT_OK;
	struct lo_error err;
	size_t i;

	if (!t) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return LO_EXIT_ERROR;
	}
	for (i = 1; i <= o->samples && !stop; i++) {
		struct lo_snapshot s;

		if (i > 1)
			sleep_ms(o->interval);
		if (stop)
			break;
		if (load(o, &s)) {
			ret = LO_EXIT_ERROR;
			goto out;
		}
		if (lo_top_add(t, &s, &err)) {
			report_error(o, &err);
			lo_free(&s);
			ret = LO_EXIT_ERROR;
			goto out;
		}
		progress(o, i, tty, &s);
		if (s.nr_cycles && !have_first) {
			first = s;
			have_first = true;
		} else {
			lo_free(&s);
		}
	}
	if (stop && !o->quiet)
		fprintf(stderr, "%s%s: interrupted after %zu of %lu samples\n",
			tty ? "\n" : "", prog, lo_top_samples(t), o->samples);
	if (o->json) {
		lo_top_print_json(stdout, t, o->top, o->name, o->interval,
				  have_first ? &first : NULL);
	} else {
		lo_top_print(stdout, t, o->top);
		if (have_first)
			lo_print_cycles(stdout, &first);
	}
	if (lo_top_deadlocks(t))
		ret = LO_EXIT_DEADLOCK;
out:
	if (have_first)
		lo_free(&first);
	lo_top_free(t);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	 no_argument,	    NULL, 'j' },
		{ "watch",	 required_argument, NULL, 'w' },
		{ "top",	 required_argument, NULL, 't' },
		{ "samples",	 required_argument, NULL, 'n' },
		{ "interval",	 required_argument, NULL, 'i' },
		{ "quiet",	 no_argument,	    NULL, 'q' },
		{ "max-entries", required_argument, NULL, 'M' },
		{ "help",	 no_argument,	    NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct options o = {
		.top = 10, .samples = 10, .interval = 100,
		.max_entries = LO_DEFAULT_MAX_ENTRIES,
	};
	struct sigaction sa = { .sa_handler = on_signal };
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jw:t:n:i:qh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'w':
			o.watch = secarg("--watch", optarg);
			break;
		case 't':
			o.top = ularg("--top", optarg, 1, 100000);
			o.sampling = true;
			break;
		case 'n':
			o.samples = ularg("--samples", optarg, 1, 1000000);
			o.sampling = true;
			break;
		case 'i':
			o.interval = ularg("--interval", optarg, 0, 86400000);
			o.sampling = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'M':
			o.max_entries = ularg("--max-entries", optarg, 1,
					      LONG_MAX);
			break;
		case 'h':
			usage(stdout);
			return LO_EXIT_OK;
		case ':':
			usage_error("option '%s' needs an argument",
				    argv[optind - 1]);
		default:
			if (optopt)
				usage_error("unknown option '-%c'", optopt);
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		usage_error("more than one FILE");
	o.file = optind < argc ? argv[optind] : PROC_FILE;
	if (!strcmp(o.file, "-")) {
		o.file = NULL;
		o.name = "<stdin>";
	} else {
		o.name = o.file;
	}
	if (o.watch && o.sampling)
		usage_error("--watch excludes sampling (--top, --samples, --interval)");
	if (!o.file && (o.watch || o.sampling))
		usage_error("--watch and sampling need a file to read again, not stdin");

	/* Stop between reads, and still print what was sampled. */
	if (o.watch || o.sampling) {
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}

	if (o.watch)
		ret = watch(&o);
	else if (o.sampling)
		ret = sample(&o);
	else
		ret = show_once(&o);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", prog, strerror(errno));
		ret = LO_EXIT_ERROR;
	}
	return ret;
}
