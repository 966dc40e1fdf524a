// SPDX-License-Identifier: GPL-2.0
/* Atomic file replacement; see atomicfile.h. */
#include "core/atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

size_t atomicfile_temp_name(const char *path, long pid, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	const char *name = slash ? slash + 1 : path;
	int n = snprintf(buf, len, "%.*s.%s.tmp.%ld", dirlen, path, name, pid);

	return n > 0 ? (size_t)n : 0;
}

/* The directory holding @path, so the rename itself can be made durable. */
static int fsync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	int fd, ret = 0;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd))
		ret = -errno;
	close(fd);
	return ret;
}

/* Run @writer on an open temp file and make its bytes durable. */
static int fill_temp(const char *tmp, atomicfile_writer writer, void *arg)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	FILE *f;
	int ret;

	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		ret = -errno;
		close(fd);
		return ret;
	}
	ret = writer(f, arg);
	errno = 0;
	if (ret == 0 && (fflush(f) || ferror(f)))
		ret = errno ? -errno : -EIO;
	if (ret == 0 && fsync(fileno(f)))
		ret = -errno;
	if (fclose(f) && ret == 0)
		ret = -errno;
	return ret;
}

int atomicfile_write(const char *path, atomicfile_writer writer, void *arg)
{
	char tmp[PATH_MAX];
	int ret;

	if (atomicfile_temp_name(path, (long)getpid(), tmp, sizeof(tmp)) >=
	    sizeof(tmp))
		return -ENAMETOOLONG;
	ret = fill_temp(tmp, writer, arg);
	if (ret == 0 && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		return ret;
	}
	return fsync_parent(path);
}

struct bytes {
	const void *data;
	size_t len;
};

static int write_bytes(FILE *f, void *arg)
{
	const struct bytes *b = arg;

	errno = 0;
	if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
		return errno ? -errno : -EIO;
	return 0;
}

int atomicfile_write_bytes(const char *path, const void *data, size_t len)
{
	struct bytes b = { .data = data, .len = len };

	return atomicfile_write(path, write_bytes, &b);
}

int mkdir_p(const char *dir)
{
	char path[PATH_MAX];
	size_t len = strlen(dir);

	if (!len || len >= sizeof(path))
		return -ENAMETOOLONG;
	memcpy(path, dir, len + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(path, 0777) && errno != EEXIST ? -errno : 0;
}
