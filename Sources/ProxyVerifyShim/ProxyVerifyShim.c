/*
 * ProxyVerifyShim.c — the only file of the gateway that includes OpenSSL headers (see the header for
 * why). It wraps X509_verify_cert with X509_V_FLAG_ALLOW_PROXY_CERTS and reads the DIRAC identity
 * out of the chain OpenSSL built, the way DIRAC's X509Chain does:
 *   - DN: subject of the first certificate (from the leaf) that is not an RFC 3820 proxy, formatted
 *     with X509_NAME_oneline, which is what DIRAC/M2Crypto's X509_Name.__str__ returns;
 *   - group: the DIRAC extension 1.2.42.42 (an IA5String) of the first proxy carrying it;
 *   - limited: a proxy whose policy language is the Globus "limited proxy" OID.
 */
#define _DEFAULT_SOURCE /* timegm */

#include "ProxyVerifyShim.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#define DIRAC_GROUP_OID "1.2.42.42"
#define LIMITED_PROXY_OID "1.3.6.1.4.1.3536.1.1.1.9"

struct pv_verifier {
    pthread_mutex_t lock; /* guards `store` (the pointer, not the store: OpenSSL locks that itself) */
    X509_STORE *store;    /* the verifier owns one reference; each verification takes its own */
    char *ca_dir;
    int check_crls;
};

/* ---------------------------------------------------------------------------------------------- */
/* small helpers */

static void set_err(char *err, size_t err_len, const char *fmt, ...) {
    if (err == NULL || err_len == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
}

/* Text of the most recent OpenSSL error on this thread, for messages. */
static void openssl_reason(char *buf, size_t len) {
    unsigned long e = ERR_peek_last_error();
    const char *reason = e ? ERR_reason_error_string(e) : NULL;
    const char *lib = e ? ERR_lib_error_string(e) : NULL;
    if (reason != NULL && lib != NULL) {
        snprintf(buf, len, "%s (%s)", reason, lib);
    } else if (e != 0) {
        ERR_error_string_n(e, buf, len);
    } else {
        snprintf(buf, len, "unknown error");
    }
}

static char *dup_string(const char *s) {
    if (s == NULL) return NULL;
    size_t n = strlen(s);
    char *copy = malloc(n + 1);
    if (copy != NULL) memcpy(copy, s, n + 1);
    return copy;
}

/* "/C=ch/O=CTAO/CN=x": DIRAC's DN format (M2Crypto's X509_Name.__str__ is X509_NAME_oneline). */
static char *name_string(const X509_NAME *name) {
    char *s = X509_NAME_oneline(name, NULL, 0);
    if (s == NULL) return NULL;
    char *copy = dup_string(s);
    OPENSSL_free(s);
    return copy;
}

static int time_to_epoch(const ASN1_TIME *t, int64_t *out) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
    *out = (int64_t)timegm(&tm);
    return 1;
}

static int is_proxy_cert(X509 *x) { return (X509_get_extension_flags(x) & EXFLAG_PROXY) != 0; }

/* RFC 3820 proxyCertInfo with the Globus "limited proxy" policy language. */
static int is_limited_proxy_cert(X509 *x) {
    PROXY_CERT_INFO_EXTENSION *pci = X509_get_ext_d2i(x, NID_proxyCertInfo, NULL, NULL);
    if (pci == NULL) return 0;
    int limited = 0;
    if (pci->proxyPolicy != NULL && pci->proxyPolicy->policyLanguage != NULL) {
        char oid[128];
        if (OBJ_obj2txt(oid, sizeof oid, pci->proxyPolicy->policyLanguage, 1) > 0)
            limited = strcmp(oid, LIMITED_PROXY_OID) == 0;
    }
    PROXY_CERT_INFO_EXTENSION_free(pci);
    return limited;
}

/* DIRAC group extension 1.2.42.42. Returns 1 (found, *out malloc'd), 0 (absent) or -1 (malformed:
 * not exactly one IA5String of printable ASCII). Malformed is an error, not "no group", because the
 * group decides authorisation and a silent fallback to the user's default group would hide tampering. */
static int read_dirac_group(X509 *x, char **out) {
    *out = NULL;
    ASN1_OBJECT *oid = OBJ_txt2obj(DIRAC_GROUP_OID, 1);
    if (oid == NULL) return -1;
    int idx = X509_get_ext_by_OBJ(x, oid, -1);
    ASN1_OBJECT_free(oid);
    if (idx < 0) return 0;
    ASN1_OCTET_STRING *data = X509_EXTENSION_get_data(X509_get_ext(x, idx));
    if (data == NULL) return -1;
    const unsigned char *p = ASN1_STRING_get0_data(data);
    long len = ASN1_STRING_length(data);
    const unsigned char *end = p + len;
    ASN1_IA5STRING *s = d2i_ASN1_IA5STRING(NULL, &p, len);
    if (s == NULL || p != end) {
        ASN1_IA5STRING_free(s);
        return -1;
    }
    const unsigned char *v = ASN1_STRING_get0_data(s);
    int n = ASN1_STRING_length(s);
    for (int i = 0; i < n; i++) {
        if (v[i] < 0x20 || v[i] > 0x7e) {
            ASN1_IA5STRING_free(s);
            return -1;
        }
    }
    *out = malloc((size_t)n + 1);
    if (*out != NULL) {
        memcpy(*out, v, (size_t)n);
        (*out)[n] = '\0';
    }
    ASN1_IA5STRING_free(s);
    return *out != NULL ? 1 : -1;
}

/* Decodes exactly one DER certificate (trailing bytes are refused). */
static X509 *decode_der(const uint8_t *der, size_t len) {
    if (len == 0 || len > LONG_MAX) return NULL;
    const unsigned char *p = der;
    X509 *x = d2i_X509(NULL, &p, (long)len);
    if (x != NULL && p != der + len) {
        X509_free(x);
        return NULL;
    }
    return x;
}

/* ---------------------------------------------------------------------------------------------- */
/* the store */

static X509_STORE *build_store(const char *dir, int check_crls, char *err, size_t err_len) {
    struct stat st;
    if (strchr(dir, ':') != NULL) {
        /* X509_LOOKUP_add_dir would split the path at ':' and silently look elsewhere. */
        set_err(err, err_len, "CA directory path must not contain ':': %s", dir);
        return NULL;
    }
    if (stat(dir, &st) != 0) {
        set_err(err, err_len, "cannot access CA directory %s: %s", dir, strerror(errno));
        return NULL;
    }
    if (!S_ISDIR(st.st_mode)) {
        set_err(err, err_len, "CA directory %s is not a directory", dir);
        return NULL;
    }
    if (access(dir, R_OK | X_OK) != 0) {
        set_err(err, err_len, "cannot read CA directory %s: %s", dir, strerror(errno));
        return NULL;
    }
    ERR_clear_error();
    X509_STORE *store = X509_STORE_new();
    X509_LOOKUP *lookup = store != NULL ? X509_STORE_add_lookup(store, X509_LOOKUP_hash_dir()) : NULL;
    if (lookup == NULL || X509_LOOKUP_add_dir(lookup, dir, X509_FILETYPE_PEM) != 1) {
        char reason[256];
        openssl_reason(reason, sizeof reason);
        set_err(err, err_len, "cannot set up OpenSSL hash-dir lookup for %s: %s", dir, reason);
        X509_STORE_free(store);
        ERR_clear_error();
        return NULL;
    }
    unsigned long flags = X509_V_FLAG_ALLOW_PROXY_CERTS;
    /* CRL_CHECK alone only covers the leaf, which for DIRAC is a proxy that no CA ever revokes;
     * CRL_CHECK_ALL makes the user certificate (and intermediate CAs) subject to their CA's CRL. */
    if (check_crls) flags |= X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL;
    X509_STORE_set_flags(store, flags);
    return store;
}

/* "CRLs when present" (the grid middleware convention): CRL checking stays on, so a CA's CRL that is in the
 * directory is enforced (revoked, expired or badly signed CRLs still fail), but a CA without any CRL is not
 * a failure. OpenSSL has no flag for this; the verify callback forgives exactly "unable to get CRL". */
static int accept_missing_crl(int ok, X509_STORE_CTX *ctx) {
    if (!ok && X509_STORE_CTX_get_error(ctx) == X509_V_ERR_UNABLE_TO_GET_CRL) {
        X509_STORE_CTX_set_error(ctx, X509_V_OK);
        return 1;
    }
    return ok;
}

/* Takes a reference to the current store so a concurrent reload cannot free it under us. */
static X509_STORE *acquire_store(pv_verifier *v) {
    pthread_mutex_lock(&v->lock);
    X509_STORE *store = v->store;
    if (store != NULL && X509_STORE_up_ref(store) != 1) store = NULL;
    pthread_mutex_unlock(&v->lock);
    return store;
}

pv_verifier *pv_verifier_new(const char *ca_dir, int check_crls, char *err, size_t err_len) {
    if (ca_dir == NULL || ca_dir[0] == '\0') {
        set_err(err, err_len, "no CA directory given");
        return NULL;
    }
    X509_STORE *store = build_store(ca_dir, check_crls, err, err_len);
    if (store == NULL) return NULL;
    pv_verifier *v = calloc(1, sizeof *v);
    if (v == NULL || (v->ca_dir = dup_string(ca_dir)) == NULL || pthread_mutex_init(&v->lock, NULL) != 0) {
        set_err(err, err_len, "out of memory");
        if (v != NULL) free(v->ca_dir);
        free(v);
        X509_STORE_free(store);
        return NULL;
    }
    v->store = store;
    v->check_crls = check_crls;
    return v;
}

void pv_verifier_free(pv_verifier *v) {
    if (v == NULL) return;
    X509_STORE_free(v->store);
    pthread_mutex_destroy(&v->lock);
    free(v->ca_dir);
    free(v);
}

int pv_verifier_reload(pv_verifier *v, char *err, size_t err_len) {
    /* Build outside the lock: verifications continue on the old store meanwhile. */
    X509_STORE *fresh = build_store(v->ca_dir, v->check_crls, err, err_len);
    if (fresh == NULL) return 0;
    pthread_mutex_lock(&v->lock);
    X509_STORE *old = v->store;
    v->store = fresh;
    pthread_mutex_unlock(&v->lock);
    X509_STORE_free(old); /* drops our reference; in-flight verifications hold their own */
    return 1;
}

/* ---------------------------------------------------------------------------------------------- */
/* verification */

static int kind_for_code(int code) {
    switch (code) {
    case X509_V_OK:
        return PV_KIND_NONE;
    case PV_ERR_MALFORMED_CERTIFICATE:
    case PV_ERR_MALFORMED_GROUP:
    case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
    case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
        return PV_KIND_MALFORMED;
    case PV_ERR_EMPTY_CHAIN:
        return PV_KIND_EMPTY_CHAIN;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED:
        return PV_KIND_UNTRUSTED_ISSUER;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
    case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
        return PV_KIND_BAD_SIGNATURE;
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return PV_KIND_EXPIRED;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return PV_KIND_NOT_YET_VALID;
    case X509_V_ERR_CERT_REVOKED:
        return PV_KIND_REVOKED;
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_CRL_NOT_YET_VALID:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
    case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
    case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
    case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
    case X509_V_ERR_DIFFERENT_CRL_SCOPE:
    case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
    case X509_V_ERR_CRL_PATH_VALIDATION_ERROR:
        return PV_KIND_REVOCATION_UNKNOWN;
    case X509_V_ERR_PROXY_SUBJECT_NAME_VIOLATION:
    case X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED:
    case X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED:
        return PV_KIND_PROXY_VIOLATION;
    case X509_V_ERR_INVALID_CA:
    case X509_V_ERR_INVALID_NON_CA:
    case X509_V_ERR_INVALID_PURPOSE:
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
    case X509_V_ERR_CERT_CHAIN_TOO_LONG:
    case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
    case X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE:
    case X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION:
    case X509_V_ERR_INVALID_EXTENSION:
    case X509_V_ERR_EE_KEY_TOO_SMALL:
    case X509_V_ERR_CA_KEY_TOO_SMALL:
    case X509_V_ERR_CA_MD_TOO_WEAK:
        return PV_KIND_UNSUITABLE;
    case PV_ERR_INTERNAL:
    case X509_V_ERR_OUT_OF_MEM:
    case X509_V_ERR_UNSPECIFIED:
        return PV_KIND_INTERNAL;
    default:
        return PV_KIND_OTHER;
    }
}

static void fail(pv_result *out, int code, int depth, const char *message, X509 *cert) {
    out->ok = 0;
    out->error_code = code;
    out->error_kind = kind_for_code(code);
    out->error_depth = depth;
    out->error_message = dup_string(message);
    out->error_subject = cert != NULL ? name_string(X509_get_subject_name(cert)) : NULL;
}

/* Reads the identity from the verified chain (leaf first, trust anchor last). */
static void fill_identity(STACK_OF(X509) *chain, pv_result *out) {
    int n = sk_X509_num(chain);
    X509 *leaf = n > 0 ? sk_X509_value(chain, 0) : NULL;
    if (leaf == NULL) {
        fail(out, PV_ERR_INTERNAL, 0, "OpenSSL returned an empty verified chain", NULL);
        return;
    }
    int64_t not_after = INT64_MAX;
    for (int i = 0; i < n; i++) {
        int64_t t;
        X509 *x = sk_X509_value(chain, i);
        if (!time_to_epoch(X509_get0_notAfter(x), &t)) {
            fail(out, PV_ERR_MALFORMED_CERTIFICATE, i, "unreadable notAfter", x);
            return;
        }
        if (t < not_after) not_after = t;
    }
    char *dn = NULL, *group = NULL;
    int limited = 0;
    for (int i = 0; i < n && dn == NULL; i++) {
        X509 *x = sk_X509_value(chain, i);
        if (!is_proxy_cert(x)) {
            dn = name_string(X509_get_subject_name(x));
            break;
        }
        limited |= is_limited_proxy_cert(x);
        if (group == NULL && read_dirac_group(x, &group) < 0) {
            free(group);
            fail(out, PV_ERR_MALFORMED_GROUP, i,
                 "DIRAC group extension 1.2.42.42 is not a printable IA5String", x);
            return;
        }
    }
    if (dn == NULL) {
        free(group);
        fail(out, PV_ERR_INTERNAL, 0, "verified chain has no end-entity certificate", NULL);
        return;
    }
    out->ok = 1;
    out->dn = dn;
    out->dirac_group = group;
    out->leaf_subject = name_string(X509_get_subject_name(leaf));
    out->leaf_issuer = name_string(X509_get_issuer_name(leaf));
    out->is_proxy = is_proxy_cert(leaf);
    out->is_limited_proxy = limited;
    out->chain_length = n;
    out->not_after = not_after;
    if (out->leaf_subject == NULL || out->leaf_issuer == NULL) {
        pv_result_clear(out);
        fail(out, PV_ERR_INTERNAL, 0, "out of memory", NULL);
    }
}

void pv_verify(pv_verifier *v, const uint8_t *der, const size_t *lengths, size_t count, int has_time,
               int64_t at_time, pv_result *out) {
    pv_result_clear(out);
    ERR_clear_error();
    if (count == 0) {
        fail(out, PV_ERR_EMPTY_CHAIN, 0, "no certificate was presented", NULL);
        return;
    }
    if (count > INT_MAX) {
        fail(out, PV_ERR_MALFORMED_CERTIFICATE, 0, "too many certificates", NULL);
        return;
    }

    X509 *leaf = NULL;
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    X509_STORE *store = NULL;
    X509_STORE_CTX *ctx = NULL;
    if (untrusted == NULL) {
        fail(out, PV_ERR_INTERNAL, 0, "out of memory", NULL);
        goto done;
    }
    size_t offset = 0;
    for (size_t i = 0; i < count; i++) {
        X509 *x = decode_der(der + offset, lengths[i]);
        offset += lengths[i];
        if (x == NULL) {
            char reason[256], message[320];
            openssl_reason(reason, sizeof reason);
            snprintf(message, sizeof message, "certificate %zu is not a single DER certificate: %s", i, reason);
            fail(out, PV_ERR_MALFORMED_CERTIFICATE, (int)i, message, NULL);
            goto done;
        }
        if (i == 0) {
            leaf = x;
        } else if (!sk_X509_push(untrusted, x)) {
            X509_free(x);
            fail(out, PV_ERR_INTERNAL, 0, "out of memory", NULL);
            goto done;
        }
    }

    store = acquire_store(v);
    ctx = X509_STORE_CTX_new();
    if (store == NULL || ctx == NULL || X509_STORE_CTX_init(ctx, store, leaf, untrusted) != 1 ||
        X509_STORE_CTX_set_default(ctx, "ssl_client") != 1) {
        fail(out, PV_ERR_INTERNAL, 0, "cannot set up an OpenSSL verification context", NULL);
        goto done;
    }
    if (has_time) X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), (time_t)at_time);
    if (v->check_crls == PV_CRL_IF_PRESENT) X509_STORE_CTX_set_verify_cb(ctx, accept_missing_crl);

    if (X509_verify_cert(ctx) == 1) {
        fill_identity(X509_STORE_CTX_get0_chain(ctx), out);
    } else {
        int code = X509_STORE_CTX_get_error(ctx);
        if (code == X509_V_OK) {
            char reason[256];
            openssl_reason(reason, sizeof reason);
            fail(out, PV_ERR_INTERNAL, 0, reason, NULL);
        } else {
            fail(out, code, X509_STORE_CTX_get_error_depth(ctx), X509_verify_cert_error_string(code),
                 X509_STORE_CTX_get_current_cert(ctx));
        }
    }

done:
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    X509_free(leaf);
    sk_X509_pop_free(untrusted, X509_free);
    ERR_clear_error();
}

void pv_result_clear(pv_result *r) {
    if (r == NULL) return;
    free(r->error_message);
    free(r->error_subject);
    free(r->dn);
    free(r->leaf_subject);
    free(r->leaf_issuer);
    free(r->dirac_group);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------------------------------------- */
/* PEM */

/* Certificates are never encrypted; never prompt on a terminal for anything. */
static int no_password(char *buf, int size, int rwflag, void *u) {
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

static int der_list_append(pv_der_list *list, const unsigned char *der, size_t len) {
    uint8_t **items = realloc(list->items, (list->count + 1) * sizeof *items);
    if (items == NULL) return 0;
    list->items = items;
    size_t *lengths = realloc(list->lengths, (list->count + 1) * sizeof *lengths);
    if (lengths == NULL) return 0;
    list->lengths = lengths;
    uint8_t *copy = malloc(len);
    if (copy == NULL) return 0;
    memcpy(copy, der, len);
    list->items[list->count] = copy;
    list->lengths[list->count] = len;
    list->count++;
    return 1;
}

int pv_pem_certificates(const char *text, size_t text_len, pv_der_list *out, char *err, size_t err_len) {
    pv_der_list_clear(out);
    if (text_len > INT_MAX) {
        set_err(err, err_len, "PEM text too large");
        return 0;
    }
    ERR_clear_error();
    BIO *bio = BIO_new_mem_buf(text, (int)text_len);
    if (bio == NULL) {
        set_err(err, err_len, "out of memory");
        return 0;
    }
    int ok = 1;
    for (;;) {
        /* PEM_read_bio_X509 skips blocks of other types, e.g. the private key of a proxy file. */
        X509 *x = PEM_read_bio_X509(bio, NULL, no_password, NULL);
        if (x == NULL) break;
        unsigned char *der = NULL;
        int n = i2d_X509(x, &der);
        X509_free(x);
        if (n <= 0 || !der_list_append(out, der, (size_t)n)) {
            OPENSSL_free(der);
            set_err(err, err_len, "cannot re-encode certificate %zu", out->count);
            ok = 0;
            break;
        }
        OPENSSL_free(der);
    }
    if (ok) {
        /* The loop ends with "no start line" once the text is used up; anything else is damage. */
        unsigned long e = ERR_peek_last_error();
        int clean_end = e == 0 || (ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE);
        if (!clean_end) {
            char reason[256];
            openssl_reason(reason, sizeof reason);
            set_err(err, err_len, "PEM certificate %zu is damaged: %s", out->count + 1, reason);
            ok = 0;
        } else if (out->count == 0) {
            set_err(err, err_len, "no PEM certificate (-----BEGIN CERTIFICATE-----) found in %zu bytes of text",
                    text_len);
            ok = 0;
        }
    }
    BIO_free(bio);
    ERR_clear_error();
    if (!ok) pv_der_list_clear(out);
    return ok;
}

void pv_der_list_clear(pv_der_list *list) {
    if (list == NULL) return;
    for (size_t i = 0; i < list->count; i++) free(list->items[i]);
    free(list->items);
    free(list->lengths);
    memset(list, 0, sizeof *list);
}

/* ---------------------------------------------------------------------------------------------- */
/* single certificate */

int pv_cert_info_read(const uint8_t *der, size_t der_len, pv_cert_info *out, char *err, size_t err_len) {
    pv_cert_info_clear(out);
    ERR_clear_error();
    X509 *x = decode_der(der, der_len);
    if (x == NULL) {
        char reason[256];
        openssl_reason(reason, sizeof reason);
        set_err(err, err_len, "not a single DER certificate: %s", reason);
        ERR_clear_error();
        return 0;
    }
    int ok = 1;
    out->subject = name_string(X509_get_subject_name(x));
    out->issuer = name_string(X509_get_issuer_name(x));
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
    char *dec = bn != NULL ? BN_bn2dec(bn) : NULL;
    out->serial = dup_string(dec);
    OPENSSL_free(dec);
    BN_free(bn);
    out->is_proxy = is_proxy_cert(x);
    out->is_limited_proxy = out->is_proxy && is_limited_proxy_cert(x);
    if (out->subject == NULL || out->issuer == NULL || out->serial == NULL) {
        set_err(err, err_len, "out of memory");
        ok = 0;
    } else if (!time_to_epoch(X509_get0_notBefore(x), &out->not_before) ||
               !time_to_epoch(X509_get0_notAfter(x), &out->not_after)) {
        set_err(err, err_len, "unreadable validity period");
        ok = 0;
    } else if (read_dirac_group(x, &out->dirac_group) < 0) {
        set_err(err, err_len, "DIRAC group extension 1.2.42.42 is not a printable IA5String");
        ok = 0;
    }
    X509_free(x);
    ERR_clear_error();
    if (!ok) pv_cert_info_clear(out);
    return ok;
}

void pv_cert_info_clear(pv_cert_info *info) {
    if (info == NULL) return;
    free(info->subject);
    free(info->issuer);
    free(info->dirac_group);
    free(info->serial);
    memset(info, 0, sizeof *info);
}
