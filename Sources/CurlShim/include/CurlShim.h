// CurlShim: fixed-signature wrappers around libcurl's variadic entry points.
//
// Swift cannot call C variadic functions such as curl_easy_setopt() and curl_easy_getinfo(),
// whose third argument's type depends on the option (long, char *, void *, curl_off_t,
// function pointer). Each wrapper below pins one argument type, so the Swift side calls a plain
// C function and the compiler checks the type that libcurl expects for that option family:
//
//   CURLOPTTYPE_LONG          -> cs_setopt_long
//   CURLOPTTYPE_OFF_T         -> cs_setopt_off
//   CURLOPTTYPE_STRINGPOINT   -> cs_setopt_str   (libcurl copies the string, since 7.17.0)
//   CURLOPTTYPE_OBJECTPOINT / CBPOINT -> cs_setopt_ptr (libcurl does NOT copy: keep it alive)
//   CURLOPTTYPE_SLISTPOINT    -> cs_setopt_slist (libcurl does NOT copy the list)
//   CURLOPTTYPE_FUNCTIONPOINT -> the cs_setopt_*_function helpers
//
// Everything that is not variadic (curl_easy_init, curl_easy_perform, curl_easy_reset,
// curl_slist_append, curl_easy_strerror, ...) is called from Swift directly through CCurl.
#ifndef CURL_SHIM_H
#define CURL_SHIM_H

#include <curl/curl.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Calls curl_global_init(CURL_GLOBAL_DEFAULT) exactly once per process, whatever the number of
/// threads racing to call this (pthread_once). curl_global_init is not guaranteed thread-safe on
/// every build of libcurl, and it must run before any other thread uses libcurl (it initialises
/// OpenSSL). Returns the CURLcode of that single call on every invocation.
CURLcode cs_global_init_once(void);

/// Size of the buffer that CURLOPT_ERRORBUFFER must point to (CURL_ERROR_SIZE, 256 bytes in
/// current libcurl): libcurl writes up to this many bytes there, so the Swift side allocates
/// exactly the size of the curl.h it was built against.
size_t cs_error_buffer_size(void);

// MARK: curl_easy_setopt, one per argument type

CURLcode cs_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode cs_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
/// String options: libcurl copies the string (NULL restores "no value" for that option).
CURLcode cs_setopt_str(CURL *handle, CURLoption option, const char *value);
/// Pointer options (CURLOPT_POSTFIELDS, *DATA userdata, CURLOPT_ERRORBUFFER): not copied.
CURLcode cs_setopt_ptr(CURL *handle, CURLoption option, void *value);
/// List options (CURLOPT_HTTPHEADER, ...): the list must outlive the transfer.
CURLcode cs_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);

// MARK: Callbacks

/// Shape of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks. libcurl passes
/// size * nmemb bytes (size is always 1); returning any other count makes the transfer fail
/// with CURLE_WRITE_ERROR, which is how a consumer aborts a download.
typedef size_t (*cs_data_callback)(char *data, size_t size, size_t nmemb, void *userdata);

/// Shape of CURLOPT_XFERINFOFUNCTION: returning non-zero aborts with CURLE_ABORTED_BY_CALLBACK.
/// libcurl calls it frequently during a transfer and at least about once per second while idle,
/// which bounds how long a cancellation takes to be noticed.
typedef int (*cs_progress_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                    curl_off_t ultotal, curl_off_t ulnow);

/// Sets CURLOPT_WRITEFUNCTION and CURLOPT_WRITEDATA (body bytes, after any content decoding).
CURLcode cs_setopt_write_function(CURL *handle, cs_data_callback callback, void *userdata);
/// Sets CURLOPT_HEADERFUNCTION and CURLOPT_HEADERDATA (one complete header line per call,
/// status lines of every response, including 1xx ones, and the empty line ending each block).
CURLcode cs_setopt_header_function(CURL *handle, cs_data_callback callback, void *userdata);
/// Sets CURLOPT_XFERINFOFUNCTION and CURLOPT_XFERINFODATA, and turns CURLOPT_NOPROGRESS off
/// (the callback is never called otherwise).
CURLcode cs_setopt_progress_function(CURL *handle, cs_progress_callback callback, void *userdata);

// MARK: curl_easy_getinfo, one per result type

CURLcode cs_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode cs_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode cs_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value);
/// The returned string belongs to the handle and is valid until the next transfer or cleanup.
CURLcode cs_getinfo_str(CURL *handle, CURLINFO info, const char **value);

#ifdef __cplusplus
}
#endif

#endif /* CURL_SHIM_H */
