dnl The smtp extension: a C++17 SMTP client (src/) with a thin Zend binding (ext/).
dnl Supported: PHP 8.2 to 8.5, NTS and ZTS (tested on 8.2 NTS, 8.2 ZTS debug, 8.4 and 8.5;
dnl 8.3 is in no Debian suite, so untested); POSIX systems only, not Windows yet.
PHP_ARG_ENABLE([smtp],
  [whether to enable the smtp extension],
  [AS_HELP_STRING([--enable-smtp], [Enable the native SMTP client extension])],
  [no])

if test "$PHP_SMTP" != "no"; then
  PHP_REQUIRE_CXX()
  PHP_CXX_COMPILE_STDCXX([17], [mandatory], [SMTP_STDCXX])

  PKG_CHECK_MODULES([OPENSSL], [openssl >= 1.1.1])
  PHP_EVAL_LIBLINE($OPENSSL_LIBS, SMTP_SHARED_LIBADD)
  PHP_EVAL_INCLINE($OPENSSL_CFLAGS)
  dnl libidn2: A-labels for international domains when a server lacks SMTPUTF8.
  PKG_CHECK_MODULES([LIBIDN2], [libidn2])
  PHP_EVAL_LIBLINE($LIBIDN2_LIBS, SMTP_SHARED_LIBADD)
  PHP_EVAL_INCLINE($LIBIDN2_CFLAGS)
  PHP_ADD_LIBRARY(stdc++, 1, SMTP_SHARED_LIBADD)
  PHP_SUBST(SMTP_SHARED_LIBADD)

  SMTP_CXX_SOURCES="src/error.cpp src/data_tables.cpp \
    src/smtp/auth.cpp src/smtp/batch.cpp src/smtp/connector.cpp src/smtp/dot_stuffer.cpp src/smtp/handshake.cpp \
    src/smtp/options.cpp src/smtp/presets.cpp src/smtp/reply.cpp src/smtp/session.cpp src/smtp/tls_context.cpp \
    src/smtp/transaction.cpp src/smtp/transport.cpp src/smtp/wire.cpp \
    src/mime/address.cpp src/mime/encoding.cpp src/mime/header_fields.cpp src/mime/mime.cpp src/mime/raw_message.cpp \
    src/codes/verification_code.cpp \
    ext/exceptions.cpp ext/local_path.cpp ext/config_object.cpp ext/message_object.cpp ext/mailer_object.cpp ext/persistent_sessions.cpp ext/verification_code.cpp"
  SMTP_FLAGS="-DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -I@ext_srcdir@/src -I@ext_srcdir@/ext"

  dnl The module file is C (it includes the generated arginfo); the rest is C++17, as in ext/intl.
  PHP_NEW_EXTENSION(smtp, ext/module.c, $ext_shared,, $SMTP_FLAGS, cxx)
  SMTP_FLAGS="-DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -I$ext_srcdir/src -I$ext_srcdir/ext"
  if test "$ext_shared" = "no"; then
    PHP_ADD_SOURCES(PHP_EXT_DIR(smtp), $SMTP_CXX_SOURCES, [$SMTP_FLAGS $SMTP_STDCXX])
  else
    PHP_ADD_SOURCES_X(PHP_EXT_DIR(smtp), $SMTP_CXX_SOURCES, [$SMTP_FLAGS $SMTP_STDCXX], shared_objects_smtp, yes)
  fi
  PHP_ADD_BUILD_DIR([$ext_builddir/src $ext_builddir/src/smtp $ext_builddir/src/mime $ext_builddir/src/codes $ext_builddir/ext])
fi
