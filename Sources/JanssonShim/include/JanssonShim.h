// Functions wrapping jansson's macros, which Swift cannot import (function-like macros).
#ifndef JANSSON_SHIM_H
#define JANSSON_SHIM_H

#include <jansson.h>
#include <stddef.h>

/// The type tag of a value (`json_typeof` is a macro).
json_type jshim_typeof(const json_t *json);

/// Flags for `json_dumpb`: compact output, shortest round-trip precision for reals, optional indent
/// (`JSON_INDENT` and `JSON_REAL_PRECISION` are macros).
size_t jshim_dump_flags(int indent, int sortKeys);

/// Parse flags: accept any top-level value and strings with embedded NUL, reject duplicate keys
/// as Python's `json` would not (it keeps the last one; jansson keeps the last one too without the flag).
size_t jshim_load_flags(void);

/// Drop one reference (`json_decref` is a static inline function with a NULL check; exported here so
/// Swift code needs no knowledge of jansson's reference-count layout).
void jshim_decref(json_t *json);

#endif
