/* ls.c - list files: name, type (1 dir, 2 file, 3 device), inode number
 * and size. A directory lists its entries. */
#include "user.h"
#include "../kernel/fs.h"
#include "../kernel/param.h"

/* name padded to DIRSIZ columns so the numbers line up */
static void show(const char *name, const struct stat *st)
{
    char line[DIRSIZ + 1];
    int n = strlen(name);
    if (n > DIRSIZ)
        n = DIRSIZ;
    memmove(line, name, n);
    memset(line + n, ' ', DIRSIZ - n);
    line[DIRSIZ] = 0;
    printf("%s %d %d %d\n", line, st->type, st->ino, (int)st->size);
}

static const char *basename(const char *path)
{
    const char *p = path + strlen(path);
    while (p > path && p[-1] != '/')
        p--;
    return *p ? p : path;    /* "/" stays "/" */
}

static int list_dir(int fd, const char *path)
{
    char buf[MAXPATH];
    struct dirent de;
    int len = strlen(path);

    if (len + 1 + DIRSIZ + 1 > sizeof(buf)) {
        fprintf(2, "ls: path too long: %s\n", path);
        return -1;
    }
    strcpy(buf, path);
    if (len == 0 || buf[len - 1] != '/')
        buf[len++] = '/';

    while (read(fd, &de, sizeof(de)) == sizeof(de)) {
        if (de.inum == 0)
            continue;
        char name[DIRSIZ + 1];
        memmove(name, de.name, DIRSIZ);     /* may lack a NUL */
        name[DIRSIZ] = 0;
        strcpy(buf + len, name);
        struct stat st;
        if (stat(buf, &st) < 0) {
            fprintf(2, "ls: cannot stat %s\n", buf);
            continue;
        }
        show(name, &st);
    }
    return 0;
}

static int ls(const char *path)
{
    struct stat st;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(2, "ls: cannot open %s\n", path);
        return -1;
    }
    if (fstat(fd, &st) < 0) {
        fprintf(2, "ls: cannot stat %s\n", path);
        close(fd);
        return -1;
    }
    int r = 0;
    if (st.type == T_DIR)
        r = list_dir(fd, path);
    else
        show(basename(path), &st);
    close(fd);
    return r;
}

int main(int argc, char **argv)
{
    int status = 0;
    if (argc < 2)
        return ls(".") < 0;
    for (int i = 1; i < argc; i++) {
        if (ls(argv[i]) < 0)
            status = 1;
    }
    return status;
}
