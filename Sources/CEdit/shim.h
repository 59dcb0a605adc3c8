// CEdit: the parts of libedit's native API (histedit.h) that popsh's line editor uses.
// el_set and history are C-variadic, which Swift cannot call: one small wrapper per use.

#include <stdio.h>
#include <wchar.h>
#include <histedit.h>

typedef char *(*popsh_prompt_fn)(EditLine *);
typedef unsigned char (*popsh_el_fn)(EditLine *, int);
/// Reads one character for the editor: 1 on success, 0 at end of input, -1 on error.
typedef int (*popsh_read_fn)(EditLine *, wchar_t *);

static inline int popsh_el_set_prompt(EditLine *el, popsh_prompt_fn f) {
    return el_set(el, EL_PROMPT, f);
}
static inline int popsh_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int popsh_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int popsh_el_add_function(EditLine *el, const char *name, const char *help, popsh_el_fn f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int popsh_el_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, NULL);
}
static inline int popsh_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}
static inline int popsh_el_set_read_function(EditLine *el, popsh_read_fn f) {
    return el_set(el, EL_GETCFN, f);
}
static inline int popsh_el_prepare_terminal(EditLine *el, int raw) {
    return el_set(el, EL_PREP_TERM, raw);
}
static inline int popsh_history_set_size(History *h, HistEvent *ev, int size) {
    return history(h, ev, H_SETSIZE, size);
}
static inline int popsh_history_set_unique(History *h, HistEvent *ev, int unique) {
    return history(h, ev, H_SETUNIQUE, unique);
}
static inline int popsh_history_enter(History *h, HistEvent *ev, const char *line) {
    return history(h, ev, H_ENTER, line);
}
static inline int popsh_history_load(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_LOAD, path);
}
static inline int popsh_history_save(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_SAVE, path);
}
