/* What the C module file (module.c, which includes the generated arginfo)
 * and the C++ glue share: the class entries, set once in MINIT, and the
 * C++ side's setup hooks. */
#ifndef SMTP_PHP_GLUE_H
#define SMTP_PHP_GLUE_H

#include "php.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ZTS: every file reads the executor globals through one cached pointer (as in php-src's extensions). */
#if defined(ZTS) && defined(COMPILE_DL_SMTP)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

extern zend_class_entry *smtp_ce_encryption, *smtp_ce_config, *smtp_ce_message, *smtp_ce_result, *smtp_ce_mailer,
    *smtp_ce_verification_result, *smtp_ce_verification_code, *smtp_ce_exception, *smtp_ce_invalid_argument,
    *smtp_ce_connection, *smtp_ce_tls, *smtp_ce_authentication, *smtp_ce_sender, *smtp_ce_recipient,
    *smtp_ce_message_exception, *smtp_ce_protocol, *smtp_ce_attachment_changed;

/* Object handlers of the classes that hold C++ state. */
void smtp_register_config(void);
void smtp_register_mailer(void);
/* MSHUTDOWN: QUIT on the sessions kept across requests (persistent_sessions.cpp). */
void smtp_persistent_shutdown(void);

#ifdef __cplusplus
}
/* The generated arginfo declares the methods with C linkage; definitions in
 * C++ must match. Each body runs inside smtp_entry() (glue.h), so no C++
 * exception, std::bad_alloc included, can reach the engine from any entry point. */
#define SMTP_ENTRY_(zend_name, impl)                                              \
    static void impl(INTERNAL_FUNCTION_PARAMETERS);                              \
    extern "C" ZEND_NAMED_FUNCTION(zend_name) { smtp_entry(impl, INTERNAL_FUNCTION_PARAM_PASSTHRU); } \
    static void impl(INTERNAL_FUNCTION_PARAMETERS)
#define SMTP_METHOD(cls, name) SMTP_ENTRY_(zim_##cls##_##name, smtp_impl_##cls##_##name)
#define SMTP_FUNCTION(name) SMTP_ENTRY_(zif_##name, smtp_impl_##name)
#endif

#endif
