#include <stdio.h>
#include <histedit.h>

// el_set and history are C-variadic, which Swift cannot call: one wrapper per use.

typedef char *(*popsh_prompt_fn)(EditLine *);
typedef unsigned char (*popsh_el_fn)(EditLine *, int);

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
static inline int popsh_el_source_default(EditLine *el) {
    return el_source(el, NULL);
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
