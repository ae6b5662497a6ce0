// SPDX-License-Identifier: GPL-2.0
/*
 * msgbench: a small hackbench-like fork/pipe/futex messaging benchmark.
 *
 * For each of GROUPS groups and each of PAIRS pairs in a group it forks
 * a sender and a receiver joined by a pipe (the sender writes MESSAGES
 * messages of SIZE bytes, one operation each) and two processes that
 * ping-pong ROUNDS times through a futex word in a shared anonymous page
 * (one round trip is one operation).  All children are forked first and
 * released together; the time from release to the last waitpid() is taken
 * from CLOCK_MONOTONIC, which under qemu -icount counts guest instructions.
 *
 * Run: msgbench [-g GROUPS] [-p PAIRS] [-m MESSAGES] [-s SIZE] [-f ROUNDS]
 * (defaults 2, 2, 2000, 100, 2000).  It prints a single line
 *   msgbench: groups G pairs P messages M size S futex F ops N ns T \
 *   ops_per_sec X
 * (N operations in T ns, X = N * 1e9 / T) and exits 0; it exits 1 when a
 * child fails and 2 on bad usage.
 */
#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PAIRS	256		/* groups * pairs (4 tasks a pair) */
#define MAX_COUNT	10000000L	/* messages, futex rounds */
#define MAX_SIZE	(1L << 20)	/* message bytes */
#define WORD_STRIDE	16		/* one futex word per 64 bytes */

static pid_t *pids;
static int npids;
static int barrier[2];		/* start barrier: children read EOF */
static long groups = 2, pairs = 2, messages = 2000, size = 100, rounds = 2000;

static void usage(FILE *f)
{
	fputs("usage: msgbench [-g GROUPS] [-p PAIRS] [-m MESSAGES] [-s SIZE]\n"
	      "                [-f ROUNDS]\n"
	      "  -g GROUPS    groups (default 2)\n"
	      "  -p PAIRS     pipe pairs and futex pairs a group (default 2)\n"
	      "  -m MESSAGES  messages a pipe pair (default 2000)\n"
	      "  -s SIZE      message bytes (default 100)\n"
	      "  -f ROUNDS    futex round trips a futex pair (default 2000)\n",
	      f);
}

static long parse(int opt, const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > max) {
		fprintf(stderr, "msgbench: -%c: bad value '%s' (want 1..%ld)\n",
			opt, s, max);
		exit(2);
	}
	return v;
}

static void kill_children(void)
{
	int i;

	for (i = 0; i < npids; i++)
		if (pids[i] > 0)	/* not yet reaped */
			kill(pids[i], SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
}

static void wait_start(void)
{
	char c;

	while (read(barrier[0], &c, 1) < 0 && errno == EINTR)
		;
	close(barrier[0]);
}

/* Move all len bytes of buf through fd, across short reads and writes. */
static int xfer(int fd, char *buf, long len, int out)
{
	ssize_t n;
	long done;

	for (done = 0; done < len; done += n) {
		n = out ? write(fd, buf + done, len - done) :
			  read(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			n = 0;
		else if (n <= 0)
			return -1;	/* error or early EOF */
	}
	return 0;
}

/* The sender (out) or receiver of messages on one pipe. */
static int pipe_child(int fd, int out)
{
	char *buf = malloc(size);
	long i;

	if (!buf)
		return 1;
	memset(buf, out ? 'm' : 0, size);
	wait_start();
	for (i = 0; i < messages; i++) {
		if (xfer(fd, buf, size, out))
			return 1;
		if (!out && (buf[0] != 'm' || buf[size - 1] != 'm'))
			return 1;
	}
	/* The receiver checks that nothing more was sent. */
	return !out && xfer(fd, buf, 1, 0) == 0;
}

/* me 0 starts; each round it hands the word to !me and waits for it back. */
static int futex_player(int *word, int me)
{
	long i;

	wait_start();
	for (i = 0; i < rounds; i++) {
		while (__atomic_load_n(word, __ATOMIC_ACQUIRE) != me)
			if (syscall(SYS_futex, word, FUTEX_WAIT, !me,
				    NULL, NULL, 0) < 0 &&
			    errno != EAGAIN && errno != EINTR)
				return 1;
		__atomic_store_n(word, !me, __ATOMIC_RELEASE);
		if (syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0) < 0)
			return 1;
	}
	return 0;
}

enum role { SENDER, RECEIVER, PING, PONG };

/* Fork a child for role on fd (or word); it closes other_fd unless -1. */
static void spawn(enum role role, int fd, int other_fd, int *word)
{
	pid_t pid = fork();
	int ret = 1;

	if (pid < 0) {
		perror("msgbench: fork");
		kill_children();
		exit(1);
	}
	if (pid) {
		pids[npids++] = pid;
		return;
	}
	close(barrier[1]);
	if (other_fd >= 0)
		close(other_fd);
	switch (role) {
	case SENDER:
	case RECEIVER:
		ret = pipe_child(fd, role == SENDER);
		break;
	case PING:
	case PONG:
		ret = futex_player(word, role == PONG);
		break;
	}
	_exit(ret);
}

int main(int argc, char **argv)
{
	unsigned long long ops, ns;
	struct timespec t0, t1;
	int fds[2], *words;
	int opt, i, j, status;
	long npairs;
	pid_t pid;

	while ((opt = getopt(argc, argv, "g:p:m:s:f:h")) != -1) {
		switch (opt) {
		case 'g':
			groups = parse(opt, optarg, MAX_PAIRS);
			break;
		case 'p':
			pairs = parse(opt, optarg, MAX_PAIRS);
			break;
		case 'm':
			messages = parse(opt, optarg, MAX_COUNT);
			break;
		case 's':
			size = parse(opt, optarg, MAX_SIZE);
			break;
		case 'f':
			rounds = parse(opt, optarg, MAX_COUNT);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "msgbench: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return 2;
	}
	npairs = groups * pairs;
	if (npairs > MAX_PAIRS) {
		fprintf(stderr, "msgbench: groups * pairs %ld exceeds %d\n",
			npairs, MAX_PAIRS);
		return 2;
	}

	pids = calloc(4 * npairs, sizeof(*pids));
	words = mmap(NULL, npairs * WORD_STRIDE * sizeof(int),
		     PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!pids || words == MAP_FAILED || pipe(barrier)) {
		perror("msgbench: setup");
		return 1;
	}

	for (i = 0; i < npairs; i++) {
		int *w = words + i * WORD_STRIDE;

		if (pipe(fds)) {
			perror("msgbench: pipe");
			kill_children();
			return 1;
		}
		spawn(SENDER, fds[1], fds[0], NULL);
		spawn(RECEIVER, fds[0], fds[1], NULL);
		close(fds[0]);
		close(fds[1]);
		spawn(PING, -1, -1, w);
		spawn(PONG, -1, -1, w);
	}
	close(barrier[0]);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	close(barrier[1]);		/* go */
	for (i = 0; i < npids; i++) {
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			perror("msgbench: waitpid");
			kill_children();
			return 1;
		}
		for (j = 0; j < npids; j++)
			if (pids[j] == pid)
				pids[j] = 0;
		if (WIFEXITED(status) && !WEXITSTATUS(status))
			continue;
		if (WIFSIGNALED(status))
			fprintf(stderr, "msgbench: child %d got signal %d\n",
				(int)pid, WTERMSIG(status));
		else
			fprintf(stderr, "msgbench: child %d exited with %d\n",
				(int)pid, WEXITSTATUS(status));
		kill_children();
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	ns = (t1.tv_sec - t0.tv_sec) * 1000000000ULL + t1.tv_nsec - t0.tv_nsec;
	if (!ns)
		ns = 1;
	ops = (unsigned long long)npairs * (messages + rounds);
	printf("msgbench: groups %ld pairs %ld messages %ld size %ld futex %ld ops %llu ns %llu ops_per_sec %llu\n",
	       groups, pairs, messages, size, rounds, ops, ns,
	       ops * 1000000000ULL / ns);
	return 0;
}
