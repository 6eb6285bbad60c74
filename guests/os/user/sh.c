/* sh - the shell: commands from /bin, pipes (a | b), redirection (< in, > out, >> out),
 * background jobs (&), sequences (;), history (history, !!, !N), and built-ins cd, exit. */
#include "user.h"

#define MAXLINE 256
#define MAXCMDS 8
#define HISTORY 16

struct cmd {
    char *argv[MAXARG + 1];
    char *in, *out;
    int append;
};

static char history[HISTORY][MAXLINE];
static int nhistory;

static char *skip_space(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

/* Splits one pipeline (no ';') into commands; returns how many, or -1 on a syntax error.
 * Operators are first spaced out ("a|b>c" -> "a | b > c"), then words split on blanks. */
static int parse(char *line, struct cmd *cmds)
{
    static char buf[MAXLINE * 3];
    char *t = buf;
    for (char *s = line; *s && *s != '\n' && t < buf + sizeof buf - 4; s++) {
        if (*s == '|' || *s == '<') { *t++ = ' '; *t++ = *s; *t++ = ' '; }
        else if (*s == '>') { *t++ = ' '; *t++ = '>'; if (s[1] == '>') *t++ = *++s; *t++ = ' '; }
        else *t++ = *s == '\t' ? ' ' : *s;
    }
    *t = 0;
    int n = 0, argc = 0;
    struct cmd *c = &cmds[0];
    memset(cmds, 0, sizeof(struct cmd) * MAXCMDS);
    char **target = 0;
    for (char *s = buf;;) {
        s = skip_space(s);
        if (!*s) break;
        char *word = s;
        while (*s && *s != ' ') s++;
        if (*s) *s++ = 0;
        if (target) { *target = word; target = 0; continue; }
        if (strcmp(word, "|") == 0) {
            if (argc == 0 || ++n == MAXCMDS) return -1;
            c = &cmds[n];
            argc = 0;
        } else if (strcmp(word, "<") == 0) {
            target = &c->in;
        } else if (strcmp(word, ">") == 0 || strcmp(word, ">>") == 0) {
            target = &c->out;
            c->append = word[1] == '>';
        } else if (argc < MAXARG) {
            c->argv[argc++] = word;
        }
    }
    if (target) return -1;
    if (argc == 0) return n == 0 && !c->in && !c->out ? 0 : -1;
    return n + 1;
}

static void run_child(struct cmd *c, int in_fd, int out_fd, int background)
{
    setintr(background);
    if (in_fd >= 0) { close(0); dup(in_fd); close(in_fd); }
    if (out_fd >= 0) { close(1); dup(out_fd); close(out_fd); }
    if (c->in) {
        close(0);
        if (open(c->in, O_RDONLY) < 0) { fprintf(2, "sh: cannot open %s\n", c->in); exit(1); }
    }
    if (c->out) {
        close(1);
        if (open(c->out, O_WRONLY | O_CREATE | (c->append ? O_APPEND : O_TRUNC)) < 0) {
            fprintf(2, "sh: cannot create %s\n", c->out);
            exit(1);
        }
    }
    char path[MAXPATH];
    if (strchr(c->argv[0], '/')) strcpy(path, c->argv[0]);
    else { strcpy(path, "/bin/"); strcat(path, c->argv[0]); }
    exec(path, c->argv);
    fprintf(2, "sh: %s: command not found\n", c->argv[0]);
    exit(127);
}

static void run_pipeline(char *line, int background)
{
    struct cmd cmds[MAXCMDS];
    int n = parse(line, cmds);
    if (n < 0) { fprintf(2, "sh: syntax error\n"); return; }
    if (n == 0) return;
    char **argv = cmds[0].argv;
    if (strcmp(argv[0], "cd") == 0) {
        if (chdir(argv[1] ? argv[1] : "/") < 0) fprintf(2, "cd: %s: no such directory\n", argv[1]);
        return;
    }
    if (strcmp(argv[0], "exit") == 0) exit(argv[1] ? atoi(argv[1]) : 0);
    if (strcmp(argv[0], "history") == 0) {
        int first = nhistory > HISTORY ? nhistory - HISTORY : 0;
        for (int i = first; i < nhistory; i++) printf("%4d  %s", i + 1, history[i % HISTORY]);
        return;
    }
    int pids[MAXCMDS], prev = -1;
    for (int i = 0; i < n; i++) {
        int fds[2] = { -1, -1 };
        if (i + 1 < n && pipe(fds) < 0) { fprintf(2, "sh: pipe failed\n"); break; }
        int pid = fork();
        if (pid == 0) {
            if (fds[0] >= 0) close(fds[0]);
            run_child(&cmds[i], prev, fds[1], background);
        }
        if (pid < 0) fprintf(2, "sh: fork failed\n");
        pids[i] = pid;
        if (prev >= 0) close(prev);
        if (fds[1] >= 0) close(fds[1]);
        prev = fds[0];
    }
    if (prev >= 0) close(prev);
    if (background) {
        printf("[%d]\n", pids[n - 1]);
        return;
    }
    for (int i = 0; i < n; i++) {
        if (pids[i] < 0) continue;
        int status, w;
        while ((w = wait(&status)) >= 0 && w != pids[i]) {
            int fg = 0;
            for (int j = 0; j < n; j++) if (pids[j] == w) { fg = 1; pids[j] = -1; }
            if (!fg) printf("[%d] done\n", w);
        }
    }
}

/* !! and !N from the history; returns 0 when the reference does not exist. */
static int expand_history(char *line)
{
    if (line[0] != '!') return 1;
    int n = line[1] == '!' ? nhistory : atoi(line + 1);
    if (n < 1 || n > nhistory || n <= nhistory - HISTORY) { fprintf(2, "sh: %s: event not found\n", line); return 0; }
    strcpy(line, history[(n - 1) % HISTORY]);
    printf("%s", line);
    return 1;
}

int main(void)
{
    static char line[MAXLINE];
    setintr(1);
    for (;;) {
        printf("$ ");
        gets(line, sizeof line);
        if (!line[0]) { printf("\n"); exit(0); }         /* Ctrl-D */
        char *s = skip_space(line);
        if (*s == '\n') continue;
        if (!expand_history(s)) continue;
        strcpy(history[nhistory++ % HISTORY], s);
        /* "a ; b & c": ';' and '&' end a pipeline; '&' also puts it in the background */
        for (char *cmd = s; cmd;) {
            char *end = cmd;
            while (*end && *end != ';' && *end != '&') end++;
            char sep = *end;
            *end = 0;
            run_pipeline(cmd, sep == '&');
            cmd = sep ? end + 1 : 0;
        }
    }
}
