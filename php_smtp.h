/* The smtp extension: a PHP binding of the native SMTP core in src/. */
#ifndef PHP_SMTP_H
#define PHP_SMTP_H

extern zend_module_entry smtp_module_entry;
#define phpext_smtp_ptr &smtp_module_entry

#define PHP_SMTP_VERSION "0.1.0"

#endif
