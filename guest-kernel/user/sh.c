/*
 * sh.c - the shell. One line at a time from fd 0 (a terminal or a
 * script), prompt "$ " on fd 2 when fd 0 is the console. The grammar:
 *
 *   list     := pipeline { (';' | '&') pipeline } [';' | '&']
 *   pipeline := command { '|' command }
 *   command  := word { word | redir }  |  '(' list ')' { redir }
 *   redir    := ('<' | '>' | '>>') word
 *
 * A word may contain "double-quoted" parts (spaces and | ; & < > ( )
 * lose their meaning there); '#' outside quotes starts a comment.
 * Builtins: cd, exit.
 *
 * The line is parsed into a tree of nodes, then run: the shell itself
 * walks lists and runs builtins, so "cd dir; ls" works, and forks a
 * child for everything else.
 */
#include "user.h"

#define MAXLINE  512
#define MAXARGS  24     /* the kernel takes up to 32 */
#define MAXREDIR 4
#define MAXNODES 64

enum nodetype { EXEC, GROUP, PIPE, LIST, BACK };

struct redir {
    int fd;             /* 0 for <, 1 for > and >>  */
    int flags;          /* open() flags             */
    int append;         /* >>: start at the end     */
    char *file;
};

struct node {
    enum nodetype type;
    int argc;                       /* EXEC                       */
    char *argv[MAXARGS + 1];
    int nredir;                     /* EXEC, GROUP                */
    struct redir redir[MAXREDIR];
    struct node *left, *right;      /* PIPE, LIST; GROUP, BACK: left */
};

/* Everything a line needs lives here and is reused by the next line. */
static char line[MAXLINE];
static char words[MAXLINE * 2];     /* each word, NUL-terminated */
static int nwords_used;
static struct node nodes[MAXNODES];
static int nnodes;

/* ---------------------------------------------------------------------
 * Tokens
 */

enum token { T_END, T_WORD, T_PIPE, T_SEMI, T_AMP, T_LPAREN, T_RPAREN,
             T_IN, T_OUT, T_APPEND, T_ERROR };

static const char *pos;     /* next character of the line     */
static enum token tok;      /* current token                  */
static char *tokword;       /* its text, when tok == T_WORD   */
static const char *error;   /* first parse error of the line  */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v';
}

static int is_special(char c)
{
    return c != 0 && strchr("|;&()<>#", c) != 0;
}

static void fail(const char *msg)
{
    if (error == 0)
        error = msg;
}

/* Copies one word (quotes removed) into the words arena. */
static char *scan_word(void)
{
    char *w = words + nwords_used;
    char *end = words + sizeof(words) - 1;
    char *out = w;

    while (*pos && !is_space(*pos) && !is_special(*pos)) {
        if (*pos == '"') {
            const char *close = strchr(pos + 1, '"');
            if (close == 0) {
                fail("missing closing quote");
                return 0;
            }
            for (pos++; pos < close && out < end; )
                *out++ = *pos++;
            pos++;
        } else if (out < end) {
            *out++ = *pos++;
        } else {
            pos++;
        }
    }
    *out++ = 0;
    nwords_used = out - words;
    return w;
}

static void advance(void)
{
    while (is_space(*pos))
        pos++;
    char c = *pos;
    if (c == 0 || c == '#') {
        tok = T_END;
        return;
    }
    pos++;
    switch (c) {
    case '|': tok = T_PIPE; return;
    case ';': tok = T_SEMI; return;
    case '&': tok = T_AMP; return;
    case '(': tok = T_LPAREN; return;
    case ')': tok = T_RPAREN; return;
    case '<': tok = T_IN; return;
    case '>':
        if (*pos == '>') {
            pos++;
            tok = T_APPEND;
        } else {
            tok = T_OUT;
        }
        return;
    }
    pos--;
    tokword = scan_word();
    tok = tokword ? T_WORD : T_ERROR;
}

/* ---------------------------------------------------------------------
 * Parser: each function returns 0 after calling fail().
 */

static struct node *newnode(enum nodetype type)
{
    if (nnodes == MAXNODES) {
        fail("line too complex");
        return 0;
    }
    struct node *n = &nodes[nnodes++];
    memset(n, 0, sizeof(*n));
    n->type = type;
    return n;
}

static struct node *pair(enum nodetype type, struct node *left, struct node *right)
{
    struct node *n = newnode(type);
    if (n) {
        n->left = left;
        n->right = right;
    }
    return n;
}

static int is_redir(enum token t)
{
    return t == T_IN || t == T_OUT || t == T_APPEND;
}

static int parse_redir(struct node *n)
{
    enum token kind = tok;
    advance();
    if (tok != T_WORD) {
        fail("redirection without a file name");
        return -1;
    }
    if (n->nredir == MAXREDIR) {
        fail("too many redirections");
        return -1;
    }
    struct redir *r = &n->redir[n->nredir++];
    r->file = tokword;
    r->fd = kind == T_IN ? 0 : 1;
    r->append = kind == T_APPEND;
    if (kind == T_IN)
        r->flags = O_RDONLY;
    else if (kind == T_OUT)
        r->flags = O_WRONLY | O_CREATE | O_TRUNC;
    else
        r->flags = O_RDWR | O_CREATE;   /* read to the end, then write */
    advance();
    return 0;
}

static struct node *parse_list(void);

static struct node *parse_command(void)
{
    struct node *n;

    if (tok == T_LPAREN) {
        advance();
        if (tok == T_RPAREN) {
            fail("empty ( )");
            return 0;
        }
        struct node *body = parse_list();
        if (body == 0)
            return 0;
        if (tok != T_RPAREN) {
            fail("missing )");
            return 0;
        }
        advance();
        n = pair(GROUP, body, 0);
        while (n && is_redir(tok)) {
            if (parse_redir(n) < 0)
                return 0;
        }
        return n;
    }

    n = newnode(EXEC);
    if (n == 0)
        return 0;
    for (;;) {
        if (tok == T_WORD) {
            if (n->argc == MAXARGS) {
                fail("too many arguments");
                return 0;
            }
            n->argv[n->argc++] = tokword;
            advance();
        } else if (is_redir(tok)) {
            if (parse_redir(n) < 0)
                return 0;
        } else {
            break;
        }
    }
    if (n->argc == 0) {
        fail("missing command");
        return 0;
    }
    return n;
}

static struct node *parse_pipeline(void)
{
    struct node *n = parse_command();
    if (n == 0)
        return 0;
    if (tok != T_PIPE)
        return n;
    advance();
    struct node *rest = parse_pipeline();
    return rest ? pair(PIPE, n, rest) : 0;
}

static struct node *parse_list(void)
{
    struct node *n = parse_pipeline();
    if (n == 0)
        return 0;
    if (tok == T_AMP) {
        advance();
        n = pair(BACK, n, 0);
        if (n == 0)
            return 0;
    } else if (tok == T_SEMI) {
        advance();
    } else {
        return n;
    }
    if (tok == T_END || tok == T_RPAREN)
        return n;
    struct node *rest = parse_list();
    return rest ? pair(LIST, n, rest) : 0;
}

/* The tree for one line; 0 for an empty line or an error (reported). */
static struct node *parse(const char *s)
{
    pos = s;
    error = 0;
    nnodes = 0;
    nwords_used = 0;
    advance();
    if (tok == T_END)
        return 0;
    struct node *n = parse_list();
    if (n && tok != T_END)
        fail(tok == T_RPAREN ? "unexpected )" : "unexpected symbol");
    if (error) {
        fprintf(2, "sh: syntax error: %s\n", error);
        return 0;
    }
    return n;
}

/* ---------------------------------------------------------------------
 * Running
 */

static int execute(struct node *n);
static void run_here(struct node *n) __attribute__((noreturn));

/* fork, saying so when it fails */
static int try_fork(void)
{
    int pid = fork();
    if (pid < 0)
        fprintf(2, "sh: fork failed\n");
    return pid;
}

/* Waits until child pid exits and returns its status (-1 if it was
 * killed or is not our child). */
static int wait_for(int pid)
{
    int status, w;
    while ((w = wait(&status)) >= 0) {
        if (w == pid)
            return status;
    }
    return -1;
}

/* Moves file descriptor from onto to (lowest-free allocation means the
 * usual close-then-open trick fails when a lower fd is closed). */
static int move_fd(int from, int to)
{
    if (from == to)
        return 0;
    close(to);
    int d = dup(from);
    close(from);
    return d == to ? 0 : -1;
}

static int apply_redirs(struct node *n)
{
    static char skip[512];

    for (int i = 0; i < n->nredir; i++) {
        struct redir *r = &n->redir[i];
        int fd = open(r->file, r->flags);
        if (fd < 0) {
            fprintf(2, "sh: cannot open %s\n", r->file);
            return -1;
        }
        struct stat st;
        if (r->append && fstat(fd, &st) == 0 && st.type == T_FILE) {
            /* no lseek: reading moves the offset to the end */
            while (read(fd, skip, sizeof(skip)) > 0)
                ;
        }
        if (move_fd(fd, r->fd) < 0) {
            fprintf(2, "sh: cannot redirect to %s\n", r->file);
            return -1;
        }
    }
    return 0;
}

/* Builtins run in the shell itself; returns -1 if argv[0] is none. */
static int builtin(struct node *n)
{
    if (strcmp(n->argv[0], "cd") == 0) {
        const char *dir = n->argc > 1 ? n->argv[1] : "/";
        if (chdir(dir) < 0) {
            fprintf(2, "sh: cd: cannot enter %s\n", dir);
            return 1;
        }
        return 0;
    }
    if (strcmp(n->argv[0], "exit") == 0)
        exit(n->argc > 1 ? atoi(n->argv[1]) : 0);
    return -1;
}

static void __attribute__((noreturn)) run_exec(struct node *n)
{
    if (apply_redirs(n) < 0)
        exit(1);
    int r = builtin(n);
    if (r >= 0)
        exit(r);
    exec(n->argv[0], n->argv);
    if (strchr(n->argv[0], '/') == 0) {
        /* programs live in the root: find them from any directory */
        char path[64];
        if (strlen(n->argv[0]) + 2 <= sizeof(path)) {
            path[0] = '/';
            strcpy(path + 1, n->argv[0]);
            exec(path, n->argv);
        }
    }
    fprintf(2, "sh: %s: cannot execute\n", n->argv[0]);
    exit(1);
}

static void __attribute__((noreturn)) run_pipe(struct node *n)
{
    int p[2];
    if (pipe(p) < 0) {
        fprintf(2, "sh: pipe failed\n");
        exit(1);
    }
    int left = try_fork();
    if (left == 0) {
        move_fd(p[1], 1);
        close(p[0]);
        run_here(n->left);
    }
    int right = try_fork();
    if (right == 0) {
        move_fd(p[0], 0);
        close(p[1]);
        run_here(n->right);     /* a | b | c is a | (b | c) */
    }
    close(p[0]);
    close(p[1]);
    int status = 1, w, st;
    for (int children = (left > 0) + (right > 0); children > 0; children--) {
        if ((w = wait(&st)) < 0)
            break;
        if (w == right)
            status = st;
    }
    exit(status);
}

/* Runs n in this process, which is a child made for it, and exits. */
static void run_here(struct node *n)
{
    switch (n->type) {
    case EXEC:
        run_exec(n);
        break;
    case PIPE:
        run_pipe(n);
        break;
    case GROUP:
        if (apply_redirs(n) < 0)
            exit(1);
        exit(execute(n->left));
    case LIST:
    case BACK:
        break;
    }
    exit(execute(n));
}

/* Runs n in a forked child and returns its exit status. */
static int run_in_child(struct node *n)
{
    int pid = try_fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        run_here(n);
    return wait_for(pid);
}

/* Runs n in this process (forking only what must be forked) and
 * returns the exit status of its last command. */
static int execute(struct node *n)
{
    switch (n->type) {
    case LIST:
        execute(n->left);
        return execute(n->right);
    case BACK: {
        /* The middle process exits at once, so the job becomes init's
         * child and is reaped there, not left as our zombie. */
        int pid = try_fork();
        if (pid == 0) {
            int job = try_fork();
            if (job == 0)
                run_here(n->left);
            if (job > 0)
                fprintf(2, "[%d]\n", job);
            exit(0);
        }
        if (pid > 0)
            wait_for(pid);
        return 0;
    }
    case EXEC:
        if (n->nredir == 0) {
            int r = builtin(n);
            if (r >= 0)
                return r;
        }
        return run_in_child(n);
    case PIPE:
    case GROUP:
        return run_in_child(n);
    }
    return -1;
}

/* Reads the rest of a line that did not fit in the buffer. */
static void discard_line(void)
{
    char c;
    while (read(0, &c, 1) == 1 && c != '\n')
        ;
}

int main(void)
{
    /* Prompt only at a terminal: a script (sh < file) runs quietly. */
    struct stat st;
    int interactive = fstat(0, &st) == 0 && st.type == T_DEVICE;

    for (;;) {
        if (interactive)
            fprintf(2, "$ ");
        gets(line, sizeof(line));
        int len = strlen(line);
        if (len == 0)
            break;              /* end of input */
        if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
            discard_line();
            fprintf(2, "sh: line too long\n");
            continue;
        }
        struct node *n = parse(line);
        if (n)
            execute(n);
    }
    exit(0);
}
