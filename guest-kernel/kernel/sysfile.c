/*
 * sysfile.c - the file system calls. Each checks its arguments (bad
 * descriptors, pointers and over-long paths give -1) and then works
 * through file.c and fs.c; anything that may change the disk runs
 * inside begin_op()/end_op().
 */
#include "types.h"
#include "riscv.h"
#include "param.h"
#include "stat.h"
#include "spinlock.h"
#include "proc.h"
#include "fs.h"
#include "sleeplock.h"
#include "file.h"
#include "fcntl.h"
#include "defs.h"

/* The open file for descriptor argument n: 0, or -1 if the descriptor
 * is not open. pfd and pf may be 0. */
static int argfd(int n, int *pfd, struct file **pf)
{
    int fd;
    struct file *f;

    argint(n, &fd);
    if (fd < 0 || fd >= NOFILE || (f = myproc()->ofile[fd]) == 0)
        return -1;
    if (pfd)
        *pfd = fd;
    if (pf)
        *pf = f;
    return 0;
}

/* Give f the lowest free descriptor of this process; -1 if none. */
static int fdalloc(struct file *f)
{
    struct proc *p = myproc();
    for (int fd = 0; fd < NOFILE; fd++) {
        if (p->ofile[fd] == 0) {
            p->ofile[fd] = f;
            return fd;
        }
    }
    return -1;
}

uint64 sys_dup(void)
{
    struct file *f;
    int fd;

    if (argfd(0, 0, &f) < 0)
        return -1;
    if ((fd = fdalloc(f)) < 0)
        return -1;
    filedup(f);
    return fd;
}

uint64 sys_read(void)
{
    struct file *f;
    uint64 addr;
    int n;

    argaddr(1, &addr);
    argint(2, &n);
    if (argfd(0, 0, &f) < 0 || n < 0)
        return -1;
    return fileread(f, addr, n);
}

uint64 sys_write(void)
{
    struct file *f;
    uint64 addr;
    int n;

    argaddr(1, &addr);
    argint(2, &n);
    if (argfd(0, 0, &f) < 0 || n < 0)
        return -1;
    return filewrite(f, addr, n);
}

uint64 sys_close(void)
{
    struct file *f;
    int fd;

    if (argfd(0, &fd, &f) < 0)
        return -1;
    myproc()->ofile[fd] = 0;
    fileclose(f);
    return 0;
}

uint64 sys_fstat(void)
{
    struct file *f;
    uint64 st;

    argaddr(1, &st);
    if (argfd(0, 0, &f) < 0)
        return -1;
    return filestat(f, st);
}

/* link(old, new): another name for the file old. */
uint64 sys_link(void)
{
    char old[MAXPATH], new[MAXPATH], name[DIRSIZ];
    struct inode *ip, *dp;

    if (argstr(0, old, MAXPATH) < 0 || argstr(1, new, MAXPATH) < 0)
        return -1;

    begin_op();
    if ((ip = namei(old)) == 0) {
        end_op();
        return -1;
    }
    ilock(ip);
    if (ip->type == T_DIR) {
        /* Directory links would allow cycles. */
        iunlockput(ip);
        end_op();
        return -1;
    }
    /* Count the link first: the inode must not be freed meanwhile. */
    ip->nlink++;
    iupdate(ip);
    iunlock(ip);

    if ((dp = nameiparent(new, name)) == 0)
        goto undo;
    ilock(dp);
    if (dp->dev != ip->dev || dirlink(dp, name, ip->inum) < 0) {
        iunlockput(dp);
        goto undo;
    }
    iunlockput(dp);
    iput(ip);
    end_op();
    return 0;

undo:
    ilock(ip);
    ip->nlink--;
    iupdate(ip);
    iunlockput(ip);
    end_op();
    return -1;
}

/* Does directory dp hold nothing but "." and ".."? */
static int isdirempty(struct inode *dp)
{
    struct dirent de;

    for (uint off = 2 * sizeof(de); off < dp->size; off += sizeof(de)) {
        if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
            panic("isdirempty: short read");
        if (de.inum != 0)
            return 0;
    }
    return 1;
}

uint64 sys_unlink(void)
{
    char path[MAXPATH], name[DIRSIZ];
    struct inode *ip, *dp;
    struct dirent de;
    uint off;

    if (argstr(0, path, MAXPATH) < 0)
        return -1;

    begin_op();
    if ((dp = nameiparent(path, name)) == 0) {
        end_op();
        return -1;
    }
    ilock(dp);

    if (namecmp(name, ".") == 0 || namecmp(name, "..") == 0)
        goto fail;
    if ((ip = dirlookup(dp, name, &off)) == 0)
        goto fail;
    ilock(ip);
    if (ip->nlink < 1)
        panic("unlink: inode with no links");
    if (ip->type == T_DIR && !isdirempty(ip)) {
        iunlockput(ip);
        goto fail;
    }

    memset(&de, 0, sizeof(de));
    if (writei(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
        panic("unlink: cannot clear the entry");
    if (ip->type == T_DIR) {
        dp->nlink--;   /* the child's ".." named dp */
        iupdate(dp);
    }
    iunlockput(dp);

    ip->nlink--;
    iupdate(ip);
    iunlockput(ip);   /* frees it if that was the last name and reference */
    end_op();
    return 0;

fail:
    iunlockput(dp);
    end_op();
    return -1;
}

/*
 * A new inode named path, returned locked. Opening an existing file with
 * O_CREATE comes here too: an existing file or device is returned
 * instead when a file was asked for. 0 on failure. Caller is inside a
 * transaction.
 */
static struct inode *create(char *path, short type, short major, short minor)
{
    char name[DIRSIZ];
    struct inode *ip, *dp;

    if ((dp = nameiparent(path, name)) == 0)
        return 0;
    ilock(dp);

    if ((ip = dirlookup(dp, name, 0)) != 0) {
        iunlockput(dp);
        ilock(ip);
        if (type == T_FILE && (ip->type == T_FILE || ip->type == T_DEVICE))
            return ip;
        iunlockput(ip);
        return 0;
    }

    if ((ip = ialloc(dp->dev, type)) == 0) {
        iunlockput(dp);
        return 0;
    }
    ilock(ip);
    ip->major = major;
    ip->minor = minor;
    ip->nlink = 1;
    iupdate(ip);

    if (type == T_DIR) {
        /* "." is not counted in nlink: a directory would never reach 0. */
        if (dirlink(ip, ".", ip->inum) < 0 || dirlink(ip, "..", dp->inum) < 0)
            goto fail;
    }
    if (dirlink(dp, name, ip->inum) < 0)
        goto fail;
    if (type == T_DIR) {
        dp->nlink++;   /* for the child's ".." */
        iupdate(dp);
    }
    iunlockput(dp);
    return ip;

fail:
    /* Give the half-made inode back: iput frees it with nlink 0. */
    ip->nlink = 0;
    iupdate(ip);
    iunlockput(ip);
    iunlockput(dp);
    return 0;
}

uint64 sys_open(void)
{
    char path[MAXPATH];
    int omode, fd;
    struct file *f;
    struct inode *ip;

    argint(1, &omode);
    if (argstr(0, path, MAXPATH) < 0)
        return -1;

    begin_op();
    if (omode & O_CREATE) {
        if ((ip = create(path, T_FILE, 0, 0)) == 0) {
            end_op();
            return -1;
        }
    } else {
        if ((ip = namei(path)) == 0) {
            end_op();
            return -1;
        }
        ilock(ip);
        if (ip->type == T_DIR && (omode & (O_WRONLY | O_RDWR))) {
            iunlockput(ip);
            end_op();
            return -1;
        }
    }

    if (ip->type == T_DEVICE && (ip->major < 0 || ip->major >= NDEV)) {
        iunlockput(ip);
        end_op();
        return -1;
    }

    if ((f = filealloc()) == 0 || (fd = fdalloc(f)) < 0) {
        if (f)
            fileclose(f);
        iunlockput(ip);
        end_op();
        return -1;
    }

    if (ip->type == T_DEVICE) {
        f->type = FD_DEVICE;
        f->major = ip->major;
    } else {
        f->type = FD_INODE;
        f->off = 0;
    }
    f->ip = ip;
    f->readable = !(omode & O_WRONLY);
    f->writable = (omode & O_WRONLY) || (omode & O_RDWR);

    if ((omode & O_TRUNC) && ip->type == T_FILE)
        itrunc(ip);

    iunlock(ip);
    end_op();
    return fd;
}

uint64 sys_mkdir(void)
{
    char path[MAXPATH];
    struct inode *ip;

    if (argstr(0, path, MAXPATH) < 0)
        return -1;
    begin_op();
    if ((ip = create(path, T_DIR, 0, 0)) == 0) {
        end_op();
        return -1;
    }
    iunlockput(ip);
    end_op();
    return 0;
}

uint64 sys_mknod(void)
{
    char path[MAXPATH];
    struct inode *ip;
    int major, minor;

    argint(1, &major);
    argint(2, &minor);
    if (argstr(0, path, MAXPATH) < 0)
        return -1;
    if (major < 0 || major >= NDEV || minor < 0 || minor > 0x7fff)
        return -1;
    begin_op();
    if ((ip = create(path, T_DEVICE, major, minor)) == 0) {
        end_op();
        return -1;
    }
    iunlockput(ip);
    end_op();
    return 0;
}

uint64 sys_chdir(void)
{
    char path[MAXPATH];
    struct inode *ip;
    struct proc *p = myproc();

    if (argstr(0, path, MAXPATH) < 0)
        return -1;
    begin_op();
    if ((ip = namei(path)) == 0) {
        end_op();
        return -1;
    }
    ilock(ip);
    if (ip->type != T_DIR) {
        iunlockput(ip);
        end_op();
        return -1;
    }
    iunlock(ip);
    iput(p->cwd);
    end_op();
    p->cwd = ip;
    return 0;
}

/*
 * exec(path, argv): the argument strings are copied into kernel pages
 * first, since exec() replaces the user memory they live in. At most
 * MAXARG arguments, then the null pointer.
 */
uint64 sys_exec(void)
{
    char path[MAXPATH];
    char *argv[MAXARG + 1];
    uint64 uargv, uarg;
    int ret = -1;

    argaddr(1, &uargv);
    if (argstr(0, path, MAXPATH) < 0)
        return -1;

    memset(argv, 0, sizeof(argv));
    for (int i = 0;; i++) {
        if (fetchaddr(uargv + sizeof(uint64) * i, &uarg) < 0)
            goto out;
        if (uarg == 0)
            break;
        if (i >= MAXARG)
            goto out;
        if ((argv[i] = kalloc()) == 0)
            goto out;
        if (fetchstr(uarg, argv[i], PGSIZE) < 0)
            goto out;
    }
    ret = exec(path, argv);

out:
    for (int i = 0; i < MAXARG && argv[i] != 0; i++)
        kfree(argv[i]);
    return ret;
}

/* pipe(fds): fds[0] reads, fds[1] writes. */
uint64 sys_pipe(void)
{
    uint64 fdarray;
    struct file *rf, *wf;
    int fd0, fd1;
    struct proc *p = myproc();

    argaddr(0, &fdarray);
    if (pipealloc(&rf, &wf) < 0)
        return -1;
    fd0 = -1;
    if ((fd0 = fdalloc(rf)) < 0 || (fd1 = fdalloc(wf)) < 0) {
        if (fd0 >= 0)
            p->ofile[fd0] = 0;
        fileclose(rf);
        fileclose(wf);
        return -1;
    }
    if (copyout(p->pagetable, fdarray, (char *)&fd0, sizeof(fd0)) < 0 ||
        copyout(p->pagetable, fdarray + sizeof(fd0), (char *)&fd1, sizeof(fd1)) < 0) {
        p->ofile[fd0] = 0;
        p->ofile[fd1] = 0;
        fileclose(rf);
        fileclose(wf);
        return -1;
    }
    return 0;
}
