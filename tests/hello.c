/*
 * hello.c: the benchmark's baseline, a hello-world libfcgi responder.
 *
 * It does the least a FastCGI program can do: accept, write a fixed
 * page, finish. Started exactly like tessera's programs (its own Unix
 * socket, --workers N prefork processes), so that `make bench` compares
 * tessera's pages with this on the same nginx in the same run.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

static const char page[] =
    "Status: 200 OK\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Length: 12\r\n"
    "\r\n"
    "Hello world\n";

static pid_t	kids[64];
static int	nkids;

static void
on_term(int sig)
{
	int	 i;

	for (i = 0; i < nkids; i++)
		kill(kids[i], SIGTERM);
	_exit(0);
}

static int
serve(int fd)
{
	FCGX_Request	 r;

	if (FCGX_InitRequest(&r, fd, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&r) >= 0) {
		FCGX_PutStr(page, (int)sizeof(page) - 1, r.out);
		FCGX_Finish_r(&r);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct sockaddr_un	 sa;
	int			 fd, i, n = 1;

	if (argc < 2 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: hello.fcgi SOCKET [WORKERS]\n");
		return 2;
	}
	if (argc > 2 && ((n = atoi(argv[2])) < 1 || n > 64))
		return 2;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, argv[1], strlen(argv[1]) + 1);
	unlink(argv[1]);
	umask(0117);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(fd, 128) == -1) {
		perror(argv[1]);
		return 1;
	}
	FCGX_Init();
	for (i = 0; i < n; i++)
		if ((kids[nkids++] = fork()) == 0)
			_exit(serve(fd));
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	while (wait(NULL) > 0)
		;
	return 0;
}
