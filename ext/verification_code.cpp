// Smtp\VerificationCode: the core's one-time codes for PHP callers.
#include "glue.h"

#include "codes/verification_code.h"

#include <ctime>


static std::string_view view(zend_string* s) { return std::string_view(ZSTR_VAL(s), ZSTR_LEN(s)); }

SMTP_METHOD(Smtp_VerificationCode, __construct) { ZEND_PARSE_PARAMETERS_NONE(); }

SMTP_METHOD(Smtp_VerificationCode, issue) {
    zend_string *secret, *purpose, *email;
    zend_long ttl = 600, length = 6, max_attempts = 5, now = 0;
    bool alphanumeric = false, now_null = true;
    ZEND_PARSE_PARAMETERS_START(3, 8)
        Z_PARAM_STR(secret)
        Z_PARAM_STR(purpose)
        Z_PARAM_STR(email)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(ttl)
        Z_PARAM_LONG(length)
        Z_PARAM_BOOL(alphanumeric)
        Z_PARAM_LONG(max_attempts)
        Z_PARAM_LONG_OR_NULL(now, now_null)
    ZEND_PARSE_PARAMETERS_END();
    if (length < 4 || length > 12) {
        zend_argument_value_error(5, "must be between 4 and 12");
        RETURN_THROWS();
    }
    if (ttl <= 0) {
        zend_argument_value_error(4, "must be greater than 0");
        RETURN_THROWS();
    }
    if (max_attempts < 1 || max_attempts > 1000) {
        zend_argument_value_error(7, "must be between 1 and 1000");
        RETURN_THROWS();
    }
    smtp::IssuedCode issued;
    smtp::CodeOptions o;
    o.ttl = ttl;
    o.length = static_cast<int>(length);
    o.alphanumeric = alphanumeric;
    o.max_attempts = static_cast<int>(max_attempts);
    if (!smtp_guard([&] { issued = smtp::issue_code(view(secret), view(purpose), view(email), o, now_null ? std::time(nullptr) : now); }))
        RETURN_THROWS();
    array_init(return_value);
    add_assoc_stringl(return_value, "code", issued.code.data(), issued.code.size());
    add_assoc_stringl(return_value, "token", issued.token.data(), issued.token.size());
    add_assoc_long(return_value, "expires", issued.expires);
}

SMTP_METHOD(Smtp_VerificationCode, verify) {
    zend_string *secret, *purpose, *email, *code;
    zval* token_ref;
    zend_long now = 0;
    bool now_null = true;
    ZEND_PARSE_PARAMETERS_START(5, 6)
        Z_PARAM_STR(secret)
        Z_PARAM_STR(purpose)
        Z_PARAM_STR(email)
        Z_PARAM_STR(code)
        Z_PARAM_ZVAL(token_ref)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG_OR_NULL(now, now_null)
    ZEND_PARSE_PARAMETERS_END();
    zval* token = Z_REFVAL_P(token_ref);
    if (Z_TYPE_P(token) != IS_STRING) {
        zend_argument_type_error(5, "must be of type string, %s given", zend_zval_type_name(token));
        RETURN_THROWS();
    }
    std::string updated(Z_STRVAL_P(token), Z_STRLEN_P(token));
    smtp::VerifyStatus status{};
    if (!smtp_guard([&] { status = smtp::verify_code(view(secret), view(purpose), view(email), view(code), updated, now_null ? std::time(nullptr) : now); }))
        RETURN_THROWS();
    ZEND_TRY_ASSIGN_REF_STRINGL(token_ref, updated.data(), updated.size());
    static const char* const cases[] = {"Valid", "Invalid", "Expired", "TooManyAttempts", "Malformed"};
    RETURN_OBJ_COPY(zend_enum_get_case_cstr(smtp_ce_verification_result, cases[static_cast<int>(status)]));
}

SMTP_METHOD(Smtp_VerificationCode, cooldownRemaining) {
    zend_long last, cooldown = 60, now = 0;
    bool now_null = true;
    ZEND_PARSE_PARAMETERS_START(1, 3)
        Z_PARAM_LONG(last)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(cooldown)
        Z_PARAM_LONG_OR_NULL(now, now_null)
    ZEND_PARSE_PARAMETERS_END();
    RETURN_LONG(smtp::cooldown_remaining(last, cooldown, now_null ? std::time(nullptr) : now));
}
