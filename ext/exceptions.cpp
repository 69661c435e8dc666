// smtp::Error -> the Smtp\Exception subclass for its category, carrying the
// category, the SMTP and enhanced codes, the server's reply and the hint.
#include "glue.h"

extern "C" {
#include "ext/spl/spl_exceptions.h"
}


static zend_class_entry* class_for(smtp::ErrorCategory c) {
    using C = smtp::ErrorCategory;
    switch (c) {
    case C::InvalidArgument: return smtp_ce_invalid_argument;
    case C::Connect: case C::Dns: case C::Timeout: return smtp_ce_connection;
    case C::TlsHandshake: case C::TlsCertificate: case C::StartTlsUnavailable: return smtp_ce_tls;
    case C::AuthFailed: case C::AppPasswordRequired: case C::OAuthRequired: case C::AuthMechanismUnsupported:
        return smtp_ce_authentication;
    case C::SenderRejected: return smtp_ce_sender;
    case C::RecipientRejected: return smtp_ce_recipient;
    case C::MessageRejected: case C::RateLimited: return smtp_ce_message_exception;
    case C::Protocol: return smtp_ce_protocol;
    case C::AttachmentChanged: return smtp_ce_attachment_changed;
    }
    return smtp_ce_exception;
}

static void set_string(zend_object* obj, zend_class_entry* scope, const char* name, const std::string& value) {
    zend_update_property_stringl(scope, obj, name, strlen(name), value.data(), value.size());
}

void smtp_error_to_zval(zval* out, const smtp::Error& e) {
    object_init_ex(out, class_for(e.category()));
    zend_object* obj = Z_OBJ_P(out);
    zend_update_property_stringl(zend_ce_exception, obj, "message", sizeof("message") - 1, e.what(), strlen(e.what()));
    zend_update_property_long(zend_ce_exception, obj, "code", sizeof("code") - 1, e.smtp_code());
    set_string(obj, smtp_ce_exception, "category", smtp::category_name(e.category()));
    zend_update_property_long(smtp_ce_exception, obj, "smtpCode", sizeof("smtpCode") - 1, e.smtp_code());
    set_string(obj, smtp_ce_exception, "enhancedCode", e.enhanced_code());
    set_string(obj, smtp_ce_exception, "serverReply", e.server_reply());
    set_string(obj, smtp_ce_exception, "hint", e.hint());
    zend_update_property_bool(smtp_ce_exception, obj, "transient", sizeof("transient") - 1, e.transient());
}

void smtp_throw(const smtp::Error& e) {
    zval ex;
    smtp_error_to_zval(&ex, e);
    zend_throw_exception_object(&ex);
}

#define SMTP_EXCEPTION_GETTER(method, prop)                                        \
    SMTP_METHOD(Smtp_Exception, method) {                                          \
        ZEND_PARSE_PARAMETERS_NONE();                                              \
        zval rv;                                                                   \
        zval* v = zend_read_property(smtp_ce_exception, Z_OBJ_P(ZEND_THIS), prop,  \
                                     sizeof(prop) - 1, 1, &rv);                    \
        RETURN_COPY_DEREF(v);                                                      \
    }

SMTP_EXCEPTION_GETTER(getCategory, "category")
SMTP_EXCEPTION_GETTER(getSmtpCode, "smtpCode")
SMTP_EXCEPTION_GETTER(getEnhancedCode, "enhancedCode")
SMTP_EXCEPTION_GETTER(getServerReply, "serverReply")
SMTP_EXCEPTION_GETTER(getHint, "hint")
SMTP_EXCEPTION_GETTER(isTransient, "transient")
