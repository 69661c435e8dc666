/* What the C module file (module.c, which includes the generated arginfo)
 * and the C++ glue share: the class entries, set once in MINIT, and the
 * C++ side's setup hooks. */
#ifndef SMTP_PHP_GLUE_H
#define SMTP_PHP_GLUE_H

#include "php.h"

#ifdef __cplusplus
extern "C" {
#endif

extern zend_class_entry *smtp_ce_encryption, *smtp_ce_config, *smtp_ce_message, *smtp_ce_result, *smtp_ce_mailer,
    *smtp_ce_verification_result, *smtp_ce_verification_code, *smtp_ce_exception, *smtp_ce_invalid_argument,
    *smtp_ce_connection, *smtp_ce_tls, *smtp_ce_authentication, *smtp_ce_sender, *smtp_ce_recipient,
    *smtp_ce_message_exception, *smtp_ce_protocol;

/* Object handlers of the classes that hold C++ state. */
void smtp_register_config(void);
void smtp_register_mailer(void);

#ifdef __cplusplus
}
/* The generated arginfo declares the methods with C linkage; definitions in C++ must match. */
#define SMTP_METHOD(cls, name) extern "C" ZEND_METHOD(cls, name)
#define SMTP_FUNCTION(name) extern "C" ZEND_FUNCTION(name)
#endif

#endif
