#include "JanssonShim.h"

json_type jshim_typeof(const json_t *json) { return json_typeof(json); }

size_t jshim_dump_flags(int indent, int sortKeys) {
    size_t flags = JSON_ENCODE_ANY | JSON_REAL_PRECISION(17);
    if (indent > 0) {
        flags |= JSON_INDENT(indent);
    } else {
        flags |= JSON_COMPACT;
    }
    if (sortKeys) flags |= JSON_SORT_KEYS;
    return flags;
}

size_t jshim_load_flags(void) { return JSON_DECODE_ANY | JSON_ALLOW_NUL; }

void jshim_decref(json_t *json) { json_decref(json); }
