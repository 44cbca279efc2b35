/*
 * ProxyVerifyShim — verification of RFC 3820 proxy certificate chains with the system OpenSSL.
 *
 * Why a C shim: the HTTPS server (swift-nio-ssl) links BoringSSL, which refuses proxy certificates,
 * so the gateway verifies the client chain itself with OpenSSL's X509_verify_cert and
 * X509_V_FLAG_ALLOW_PROXY_CERTS. BoringSSL and OpenSSL live in the same process; BoringSSL's symbols
 * are prefixed, but their C *types* (X509, X509_STORE, ...) share names. This header therefore
 * exposes no OpenSSL type at all: an opaque verifier, DER bytes in, plain C structs out. Only
 * ProxyVerifyShim.c includes OpenSSL headers.
 *
 * Memory: every char* in a result struct is malloc'd by the shim and released by the matching
 * *_clear function; structs may be zero-initialised by the caller and cleared more than once.
 * Thread safety: one pv_verifier may be used by any number of threads at once, including
 * concurrently with pv_verifier_reload.
 */
#ifndef PROXY_VERIFY_SHIM_H
#define PROXY_VERIFY_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque verifier: a CA directory, the CRL setting and a reference-counted X509_STORE. */
typedef struct pv_verifier pv_verifier;

/* Error codes produced by the shim itself. Positive codes are OpenSSL's X509_V_ERR_* values;
 * these are negative so that the two never collide. */
#define PV_ERR_MALFORMED_CERTIFICATE (-1) /* a chain element is not a single DER certificate */
#define PV_ERR_EMPTY_CHAIN (-2)           /* no certificate was presented */
#define PV_ERR_MALFORMED_GROUP (-3)       /* the DIRAC group extension is not an IA5String */
#define PV_ERR_INTERNAL (-4)              /* allocation or library failure */

/* Classification of a failure, so callers need no OpenSSL constants. */
#define PV_KIND_NONE 0
#define PV_KIND_MALFORMED 1          /* undecodable certificate or extension */
#define PV_KIND_EMPTY_CHAIN 2
#define PV_KIND_UNTRUSTED_ISSUER 3   /* chain does not lead to a CA in the directory */
#define PV_KIND_BAD_SIGNATURE 4
#define PV_KIND_EXPIRED 5
#define PV_KIND_NOT_YET_VALID 6
#define PV_KIND_REVOKED 7
#define PV_KIND_REVOCATION_UNKNOWN 8 /* CRL checking is on but no usable CRL was found */
#define PV_KIND_PROXY_VIOLATION 9    /* RFC 3820 rule broken (subject naming, path length) */
#define PV_KIND_UNSUITABLE 10        /* key usage / purpose / CA constraints not met */
#define PV_KIND_INTERNAL 11
#define PV_KIND_OTHER 12

/** Outcome of pv_verify. On success (ok == 1) the identity fields are set; otherwise the error ones. */
typedef struct pv_result {
    int ok;
    /* failure */
    int error_code;      /* X509_V_ERR_* (> 0) or PV_ERR_* (< 0) */
    int error_kind;      /* PV_KIND_* */
    int error_depth;     /* index in the chain, 0 = leaf */
    char *error_message; /* X509_verify_cert_error_string or shim text */
    char *error_subject; /* subject of the certificate at error_depth, if known */
    /* identity (from the chain OpenSSL built, never from unverified input) */
    char *dn;            /* subject of the first non-proxy certificate, "/C=../CN=.." form */
    char *leaf_subject;
    char *leaf_issuer;
    char *dirac_group;   /* first 1.2.42.42 extension among the proxies, leaf first; NULL if none */
    int is_proxy;        /* the leaf is an RFC 3820 proxy */
    int is_limited_proxy;/* some proxy in the chain uses the Globus "limited" policy language */
    int chain_length;    /* certificates in the verified chain, trust anchor included */
    int64_t not_after;   /* earliest notAfter in the verified chain, seconds since the epoch */
} pv_result;

/** A list of DER certificates. */
typedef struct pv_der_list {
    size_t count;
    uint8_t **items;
    size_t *lengths;
} pv_der_list;

/** Fields of one certificate, read without any verification. */
typedef struct pv_cert_info {
    char *subject;
    char *issuer;
    char *dirac_group;   /* NULL if the 1.2.42.42 extension is absent */
    char *serial;        /* decimal */
    int is_proxy;
    int is_limited_proxy;
    int64_t not_before;
    int64_t not_after;
} pv_cert_info;

/** CRL policies for `pv_verifier_new`. */
#define PV_CRL_IGNORE 0     /* CRLs are not consulted */
#define PV_CRL_REQUIRE 1    /* every non-proxy certificate must be covered by a valid CRL of its issuer */
#define PV_CRL_IF_PRESENT 2 /* a CA's CRL is enforced when the directory has one; no CRL is not an error */

/**
 * Creates a verifier for the hashed CA directory `ca_dir` (`<hash>.0` CA certificates, `<hash>.r0`
 * CRLs) with one of the `PV_CRL_*` policies. Returns NULL and writes a message into `err` if the
 * directory is unusable.
 */
pv_verifier *pv_verifier_new(const char *ca_dir, int check_crls, char *err, size_t err_len);

/** Releases the verifier; in-flight verifications must have returned. */
void pv_verifier_free(pv_verifier *verifier);

/**
 * Rebuilds the X509_STORE from the directory and swaps it in. Verifications already running keep
 * the store they started with. Returns 1 on success, 0 (and a message) if the directory is unusable,
 * in which case the previous store stays in use.
 */
int pv_verifier_reload(pv_verifier *verifier, char *err, size_t err_len);

/**
 * Verifies a chain given as `count` DER certificates stored back to back in `der` (element i has
 * `lengths[i]` bytes), leaf first. If `has_time` is non-zero the chain is checked at `at_time`
 * (seconds since the epoch) instead of now. `out` must be zeroed or cleared; it is overwritten.
 */
void pv_verify(pv_verifier *verifier, const uint8_t *der, const size_t *lengths, size_t count,
               int has_time, int64_t at_time, pv_result *out);

void pv_result_clear(pv_result *result);

/**
 * Extracts the certificates of a PEM text in order, skipping every other block (private keys).
 * Returns 1 and fills `out`, or 0 with a message if the text holds no certificate or a damaged one.
 */
int pv_pem_certificates(const char *text, size_t text_len, pv_der_list *out, char *err, size_t err_len);

void pv_der_list_clear(pv_der_list *list);

/** Reads one DER certificate. Returns 1, or 0 with a message if it cannot be decoded. */
int pv_cert_info_read(const uint8_t *der, size_t der_len, pv_cert_info *out, char *err, size_t err_len);

void pv_cert_info_clear(pv_cert_info *info);

#ifdef __cplusplus
}
#endif

#endif /* PROXY_VERIFY_SHIM_H */
