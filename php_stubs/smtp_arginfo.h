/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 10177e5eebc4d9599211e5e253c096137f51525a */

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_smtp_send, 0, 2, Smtp\\Result, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, config, Smtp\\Config, MAY_BE_ARRAY, NULL)
	ZEND_ARG_OBJ_TYPE_MASK(0, message, Smtp\\Message, MAY_BE_ARRAY, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Smtp_Config___construct, 0, 0, 1)
	ZEND_ARG_TYPE_INFO(0, host, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, port, IS_LONG, 0, "0")
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, encryption, Smtp\\Encryption, 0, "Smtp\\Encryption::StartTls")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, username, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, password, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, fromAddress, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, fromName, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_DOUBLE, 0, "30.0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, verifyPeer, _IS_BOOL, 0, "true")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, caFile, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, heloName, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, authMechanism, IS_STRING, 0, "\"auto\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, dataTimeout, IS_DOUBLE, 0, "600.0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, totalTimeout, IS_DOUBLE, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Smtp_Config_fromArray, 0, 1, Smtp\\Config, 0)
	ZEND_ARG_TYPE_INFO(0, config, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Smtp_Config_preset, 0, 3, Smtp\\Config, 0)
	ZEND_ARG_TYPE_INFO(0, provider, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, username, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, password, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, overrides, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Smtp_Config_presets, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Smtp_Config_effectivePort, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Smtp_Config_hasPassword, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Smtp_Message___construct, 0, 0, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, from, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_MASK(0, to, MAY_BE_STRING|MAY_BE_ARRAY, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, subject, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, text, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, html, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Smtp_Message_fromArray, 0, 1, Smtp\\Message, 0)
	ZEND_ARG_TYPE_INFO(0, message, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Smtp_Result___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Smtp_Mailer___construct, 0, 0, 1)
	ZEND_ARG_OBJ_INFO(0, config, Smtp\\Config, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, persistent, _IS_BOOL, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, maxIdleSeconds, IS_DOUBLE, 0, "60.0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Smtp_Mailer_send, 0, 1, Smtp\\Result, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, message, Smtp\\Message, MAY_BE_ARRAY, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Smtp_Mailer_sendMany, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, messages, Traversable, MAY_BE_ARRAY, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Smtp_Mailer_close, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Smtp_Mailer_isConnected arginfo_class_Smtp_Config_hasPassword

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Smtp_Mailer_transcript, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Smtp_VerificationCode___construct arginfo_class_Smtp_Result___construct

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Smtp_VerificationCode_issue, 0, 3, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, secret, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, purpose, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, email, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, ttl, IS_LONG, 0, "600")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, length, IS_LONG, 0, "6")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, alphanumeric, _IS_BOOL, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, maxAttempts, IS_LONG, 0, "5")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, now, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Smtp_VerificationCode_verify, 0, 5, Smtp\\VerificationResult, 0)
	ZEND_ARG_TYPE_INFO(0, secret, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, purpose, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, email, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, code, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(1, token, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, now, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Smtp_VerificationCode_cooldownRemaining, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, lastSentAt, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, cooldown, IS_LONG, 0, "60")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, now, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_Smtp_Exception_getCategory arginfo_class_Smtp_Mailer_transcript

#define arginfo_class_Smtp_Exception_getSmtpCode arginfo_class_Smtp_Config_effectivePort

#define arginfo_class_Smtp_Exception_getEnhancedCode arginfo_class_Smtp_Mailer_transcript

#define arginfo_class_Smtp_Exception_getServerReply arginfo_class_Smtp_Mailer_transcript

#define arginfo_class_Smtp_Exception_getHint arginfo_class_Smtp_Mailer_transcript

#define arginfo_class_Smtp_Exception_isTransient arginfo_class_Smtp_Config_hasPassword

ZEND_FUNCTION(smtp_send);
ZEND_METHOD(Smtp_Config, __construct);
ZEND_METHOD(Smtp_Config, fromArray);
ZEND_METHOD(Smtp_Config, preset);
ZEND_METHOD(Smtp_Config, presets);
ZEND_METHOD(Smtp_Config, effectivePort);
ZEND_METHOD(Smtp_Config, hasPassword);
ZEND_METHOD(Smtp_Message, __construct);
ZEND_METHOD(Smtp_Message, fromArray);
ZEND_METHOD(Smtp_Result, __construct);
ZEND_METHOD(Smtp_Mailer, __construct);
ZEND_METHOD(Smtp_Mailer, send);
ZEND_METHOD(Smtp_Mailer, sendMany);
ZEND_METHOD(Smtp_Mailer, close);
ZEND_METHOD(Smtp_Mailer, isConnected);
ZEND_METHOD(Smtp_Mailer, transcript);
ZEND_METHOD(Smtp_VerificationCode, __construct);
ZEND_METHOD(Smtp_VerificationCode, issue);
ZEND_METHOD(Smtp_VerificationCode, verify);
ZEND_METHOD(Smtp_VerificationCode, cooldownRemaining);
ZEND_METHOD(Smtp_Exception, getCategory);
ZEND_METHOD(Smtp_Exception, getSmtpCode);
ZEND_METHOD(Smtp_Exception, getEnhancedCode);
ZEND_METHOD(Smtp_Exception, getServerReply);
ZEND_METHOD(Smtp_Exception, getHint);
ZEND_METHOD(Smtp_Exception, isTransient);

static const zend_function_entry ext_functions[] = {
	ZEND_FE(smtp_send, arginfo_smtp_send)
	ZEND_FE_END
};

static const zend_function_entry class_Smtp_Config_methods[] = {
	ZEND_ME(Smtp_Config, __construct, arginfo_class_Smtp_Config___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Config, fromArray, arginfo_class_Smtp_Config_fromArray, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Smtp_Config, preset, arginfo_class_Smtp_Config_preset, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Smtp_Config, presets, arginfo_class_Smtp_Config_presets, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Smtp_Config, effectivePort, arginfo_class_Smtp_Config_effectivePort, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Config, hasPassword, arginfo_class_Smtp_Config_hasPassword, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static const zend_function_entry class_Smtp_Message_methods[] = {
	ZEND_ME(Smtp_Message, __construct, arginfo_class_Smtp_Message___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Message, fromArray, arginfo_class_Smtp_Message_fromArray, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};

static const zend_function_entry class_Smtp_Result_methods[] = {
	ZEND_ME(Smtp_Result, __construct, arginfo_class_Smtp_Result___construct, ZEND_ACC_PRIVATE)
	ZEND_FE_END
};

static const zend_function_entry class_Smtp_Mailer_methods[] = {
	ZEND_ME(Smtp_Mailer, __construct, arginfo_class_Smtp_Mailer___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Mailer, send, arginfo_class_Smtp_Mailer_send, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Mailer, sendMany, arginfo_class_Smtp_Mailer_sendMany, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Mailer, close, arginfo_class_Smtp_Mailer_close, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Mailer, isConnected, arginfo_class_Smtp_Mailer_isConnected, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Mailer, transcript, arginfo_class_Smtp_Mailer_transcript, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static const zend_function_entry class_Smtp_VerificationCode_methods[] = {
	ZEND_ME(Smtp_VerificationCode, __construct, arginfo_class_Smtp_VerificationCode___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Smtp_VerificationCode, issue, arginfo_class_Smtp_VerificationCode_issue, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Smtp_VerificationCode, verify, arginfo_class_Smtp_VerificationCode_verify, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Smtp_VerificationCode, cooldownRemaining, arginfo_class_Smtp_VerificationCode_cooldownRemaining, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};

static const zend_function_entry class_Smtp_Exception_methods[] = {
	ZEND_ME(Smtp_Exception, getCategory, arginfo_class_Smtp_Exception_getCategory, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Exception, getSmtpCode, arginfo_class_Smtp_Exception_getSmtpCode, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Exception, getEnhancedCode, arginfo_class_Smtp_Exception_getEnhancedCode, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Exception, getServerReply, arginfo_class_Smtp_Exception_getServerReply, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Exception, getHint, arginfo_class_Smtp_Exception_getHint, ZEND_ACC_PUBLIC)
	ZEND_ME(Smtp_Exception, isTransient, arginfo_class_Smtp_Exception_isTransient, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static void register_smtp_symbols(int module_number)
{

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "smtp_send", sizeof("smtp_send") - 1), 0, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);
}

static zend_class_entry *register_class_Smtp_Encryption(void)
{
	zend_class_entry *class_entry = zend_register_internal_enum("Smtp\\Encryption", IS_STRING, NULL);

	zval enum_case_None_value;
	zend_string *enum_case_None_value_str = zend_string_init("none", strlen("none"), 1);
	ZVAL_STR(&enum_case_None_value, enum_case_None_value_str);
	zend_enum_add_case_cstr(class_entry, "None", &enum_case_None_value);

	zval enum_case_Ssl_value;
	zend_string *enum_case_Ssl_value_str = zend_string_init("ssl", strlen("ssl"), 1);
	ZVAL_STR(&enum_case_Ssl_value, enum_case_Ssl_value_str);
	zend_enum_add_case_cstr(class_entry, "Ssl", &enum_case_Ssl_value);

	zval enum_case_StartTls_value;
	zend_string *enum_case_StartTls_value_str = zend_string_init("starttls", strlen("starttls"), 1);
	ZVAL_STR(&enum_case_StartTls_value, enum_case_StartTls_value_str);
	zend_enum_add_case_cstr(class_entry, "StartTls", &enum_case_StartTls_value);

	return class_entry;
}

static zend_class_entry *register_class_Smtp_Config(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "Config", class_Smtp_Config_methods);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, NULL, ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE);
#else
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
#endif

	zval property_host_default_value;
	ZVAL_UNDEF(&property_host_default_value);
	zend_declare_typed_property(class_entry, ZSTR_KNOWN(ZEND_STR_HOST), &property_host_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));

	zval property_port_default_value;
	ZVAL_UNDEF(&property_port_default_value);
	zend_declare_typed_property(class_entry, ZSTR_KNOWN(ZEND_STR_PORT), &property_port_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));

	zval property_encryption_default_value;
	ZVAL_UNDEF(&property_encryption_default_value);
	zend_string *property_encryption_name = zend_string_init("encryption", sizeof("encryption") - 1, 1);
	zend_string *property_encryption_class_Smtp_Encryption = zend_string_init("Smtp\\Encryption", sizeof("Smtp\\Encryption")-1, 1);
	zend_declare_typed_property(class_entry, property_encryption_name, &property_encryption_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_CLASS(property_encryption_class_Smtp_Encryption, 0, 0));
	zend_string_release(property_encryption_name);

	zval property_username_default_value;
	ZVAL_UNDEF(&property_username_default_value);
	zend_string *property_username_name = zend_string_init("username", sizeof("username") - 1, 1);
	zend_declare_typed_property(class_entry, property_username_name, &property_username_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_username_name);

	zval property_fromAddress_default_value;
	ZVAL_UNDEF(&property_fromAddress_default_value);
	zend_string *property_fromAddress_name = zend_string_init("fromAddress", sizeof("fromAddress") - 1, 1);
	zend_declare_typed_property(class_entry, property_fromAddress_name, &property_fromAddress_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_fromAddress_name);

	zval property_fromName_default_value;
	ZVAL_UNDEF(&property_fromName_default_value);
	zend_string *property_fromName_name = zend_string_init("fromName", sizeof("fromName") - 1, 1);
	zend_declare_typed_property(class_entry, property_fromName_name, &property_fromName_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_fromName_name);

	zval property_timeout_default_value;
	ZVAL_UNDEF(&property_timeout_default_value);
	zend_string *property_timeout_name = zend_string_init("timeout", sizeof("timeout") - 1, 1);
	zend_declare_typed_property(class_entry, property_timeout_name, &property_timeout_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_DOUBLE));
	zend_string_release(property_timeout_name);

	zval property_dataTimeout_default_value;
	ZVAL_UNDEF(&property_dataTimeout_default_value);
	zend_string *property_dataTimeout_name = zend_string_init("dataTimeout", sizeof("dataTimeout") - 1, 1);
	zend_declare_typed_property(class_entry, property_dataTimeout_name, &property_dataTimeout_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_DOUBLE));
	zend_string_release(property_dataTimeout_name);

	zval property_totalTimeout_default_value;
	ZVAL_UNDEF(&property_totalTimeout_default_value);
	zend_string *property_totalTimeout_name = zend_string_init("totalTimeout", sizeof("totalTimeout") - 1, 1);
	zend_declare_typed_property(class_entry, property_totalTimeout_name, &property_totalTimeout_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_DOUBLE|MAY_BE_NULL));
	zend_string_release(property_totalTimeout_name);

	zval property_verifyPeer_default_value;
	ZVAL_UNDEF(&property_verifyPeer_default_value);
	zend_string *property_verifyPeer_name = zend_string_init("verifyPeer", sizeof("verifyPeer") - 1, 1);
	zend_declare_typed_property(class_entry, property_verifyPeer_name, &property_verifyPeer_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_BOOL));
	zend_string_release(property_verifyPeer_name);

	zval property_caFile_default_value;
	ZVAL_UNDEF(&property_caFile_default_value);
	zend_string *property_caFile_name = zend_string_init("caFile", sizeof("caFile") - 1, 1);
	zend_declare_typed_property(class_entry, property_caFile_name, &property_caFile_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_caFile_name);

	zval property_heloName_default_value;
	ZVAL_UNDEF(&property_heloName_default_value);
	zend_string *property_heloName_name = zend_string_init("heloName", sizeof("heloName") - 1, 1);
	zend_declare_typed_property(class_entry, property_heloName_name, &property_heloName_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_heloName_name);

	zval property_authMechanism_default_value;
	ZVAL_UNDEF(&property_authMechanism_default_value);
	zend_string *property_authMechanism_name = zend_string_init("authMechanism", sizeof("authMechanism") - 1, 1);
	zend_declare_typed_property(class_entry, property_authMechanism_name, &property_authMechanism_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_authMechanism_name);


	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "__construct", sizeof("__construct") - 1), 4, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "fromarray", sizeof("fromarray") - 1), 0, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "preset", sizeof("preset") - 1), 2, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "preset", sizeof("preset") - 1), 3, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	return class_entry;
}

static zend_class_entry *register_class_Smtp_Message(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "Message", class_Smtp_Message_methods);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, NULL, ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE);
#else
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
#endif

	zval property_from_default_value;
	ZVAL_EMPTY_STRING(&property_from_default_value);
	zend_declare_typed_property(class_entry, ZSTR_KNOWN(ZEND_STR_FROM), &property_from_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));

	zval property_fromName_default_value;
	ZVAL_EMPTY_STRING(&property_fromName_default_value);
	zend_string *property_fromName_name = zend_string_init("fromName", sizeof("fromName") - 1, 1);
	zend_declare_typed_property(class_entry, property_fromName_name, &property_fromName_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_fromName_name);

	zval property_sender_default_value;
	ZVAL_EMPTY_STRING(&property_sender_default_value);
	zend_string *property_sender_name = zend_string_init("sender", sizeof("sender") - 1, 1);
	zend_declare_typed_property(class_entry, property_sender_name, &property_sender_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_sender_name);

	zval property_to_default_value;
	ZVAL_EMPTY_ARRAY(&property_to_default_value);
	zend_string *property_to_name = zend_string_init("to", sizeof("to") - 1, 1);
	zend_declare_typed_property(class_entry, property_to_name, &property_to_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_ARRAY));
	zend_string_release(property_to_name);

	zval property_cc_default_value;
	ZVAL_EMPTY_ARRAY(&property_cc_default_value);
	zend_string *property_cc_name = zend_string_init("cc", sizeof("cc") - 1, 1);
	zend_declare_typed_property(class_entry, property_cc_name, &property_cc_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_ARRAY));
	zend_string_release(property_cc_name);

	zval property_bcc_default_value;
	ZVAL_EMPTY_ARRAY(&property_bcc_default_value);
	zend_string *property_bcc_name = zend_string_init("bcc", sizeof("bcc") - 1, 1);
	zend_declare_typed_property(class_entry, property_bcc_name, &property_bcc_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_ARRAY));
	zend_string_release(property_bcc_name);

	zval property_replyTo_default_value;
	ZVAL_EMPTY_ARRAY(&property_replyTo_default_value);
	zend_string *property_replyTo_name = zend_string_init("replyTo", sizeof("replyTo") - 1, 1);
	zend_declare_typed_property(class_entry, property_replyTo_name, &property_replyTo_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_ARRAY));
	zend_string_release(property_replyTo_name);

	zval property_subject_default_value;
	ZVAL_EMPTY_STRING(&property_subject_default_value);
	zend_string *property_subject_name = zend_string_init("subject", sizeof("subject") - 1, 1);
	zend_declare_typed_property(class_entry, property_subject_name, &property_subject_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_subject_name);

	zval property_text_default_value;
	ZVAL_EMPTY_STRING(&property_text_default_value);
	zend_string *property_text_name = zend_string_init("text", sizeof("text") - 1, 1);
	zend_declare_typed_property(class_entry, property_text_name, &property_text_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_text_name);

	zval property_html_default_value;
	ZVAL_EMPTY_STRING(&property_html_default_value);
	zend_string *property_html_name = zend_string_init("html", sizeof("html") - 1, 1);
	zend_declare_typed_property(class_entry, property_html_name, &property_html_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_html_name);

	zval property_attachments_default_value;
	ZVAL_EMPTY_ARRAY(&property_attachments_default_value);
	zend_string *property_attachments_name = zend_string_init("attachments", sizeof("attachments") - 1, 1);
	zend_declare_typed_property(class_entry, property_attachments_name, &property_attachments_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_attachments_name);

	zval property_inline_default_value;
	ZVAL_EMPTY_ARRAY(&property_inline_default_value);
	zend_string *property_inline_name = zend_string_init("inline", sizeof("inline") - 1, 1);
	zend_declare_typed_property(class_entry, property_inline_name, &property_inline_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_inline_name);

	zval property_headers_default_value;
	ZVAL_EMPTY_ARRAY(&property_headers_default_value);
	zend_string *property_headers_name = zend_string_init("headers", sizeof("headers") - 1, 1);
	zend_declare_typed_property(class_entry, property_headers_name, &property_headers_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_headers_name);

	zval property_messageId_default_value;
	ZVAL_EMPTY_STRING(&property_messageId_default_value);
	zend_string *property_messageId_name = zend_string_init("messageId", sizeof("messageId") - 1, 1);
	zend_declare_typed_property(class_entry, property_messageId_name, &property_messageId_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_messageId_name);

	zval property_date_default_value;
	ZVAL_EMPTY_STRING(&property_date_default_value);
	zend_string *property_date_name = zend_string_init("date", sizeof("date") - 1, 1);
	zend_declare_typed_property(class_entry, property_date_name, &property_date_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_date_name);

	zval property_raw_default_value;
	ZVAL_EMPTY_STRING(&property_raw_default_value);
	zend_string *property_raw_name = zend_string_init("raw", sizeof("raw") - 1, 1);
	zend_declare_typed_property(class_entry, property_raw_name, &property_raw_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_raw_name);

	zval property_recipients_default_value;
	ZVAL_EMPTY_ARRAY(&property_recipients_default_value);
	zend_string *property_recipients_name = zend_string_init("recipients", sizeof("recipients") - 1, 1);
	zend_declare_typed_property(class_entry, property_recipients_name, &property_recipients_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_ARRAY));
	zend_string_release(property_recipients_name);

	return class_entry;
}

static zend_class_entry *register_class_Smtp_Result(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "Result", class_Smtp_Result_methods);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, NULL, ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE);
#else
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
#endif

	zval property_messageId_default_value;
	ZVAL_UNDEF(&property_messageId_default_value);
	zend_string *property_messageId_name = zend_string_init("messageId", sizeof("messageId") - 1, 1);
	zend_declare_typed_property(class_entry, property_messageId_name, &property_messageId_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_messageId_name);

	zval property_accepted_default_value;
	ZVAL_UNDEF(&property_accepted_default_value);
	zend_string *property_accepted_name = zend_string_init("accepted", sizeof("accepted") - 1, 1);
	zend_declare_typed_property(class_entry, property_accepted_name, &property_accepted_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_accepted_name);

	zval property_rejected_default_value;
	ZVAL_UNDEF(&property_rejected_default_value);
	zend_string *property_rejected_name = zend_string_init("rejected", sizeof("rejected") - 1, 1);
	zend_declare_typed_property(class_entry, property_rejected_name, &property_rejected_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_rejected_name);

	zval property_smtpCode_default_value;
	ZVAL_UNDEF(&property_smtpCode_default_value);
	zend_string *property_smtpCode_name = zend_string_init("smtpCode", sizeof("smtpCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_smtpCode_name, &property_smtpCode_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_smtpCode_name);

	zval property_serverReply_default_value;
	ZVAL_UNDEF(&property_serverReply_default_value);
	zend_string *property_serverReply_name = zend_string_init("serverReply", sizeof("serverReply") - 1, 1);
	zend_declare_typed_property(class_entry, property_serverReply_name, &property_serverReply_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_serverReply_name);

	zval property_elapsed_default_value;
	ZVAL_UNDEF(&property_elapsed_default_value);
	zend_string *property_elapsed_name = zend_string_init("elapsed", sizeof("elapsed") - 1, 1);
	zend_declare_typed_property(class_entry, property_elapsed_name, &property_elapsed_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_DOUBLE));
	zend_string_release(property_elapsed_name);

	return class_entry;
}

static zend_class_entry *register_class_Smtp_Mailer(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "Mailer", class_Smtp_Mailer_methods);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, NULL, ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE);
#else
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
#endif

	return class_entry;
}

static zend_class_entry *register_class_Smtp_VerificationResult(void)
{
	zend_class_entry *class_entry = zend_register_internal_enum("Smtp\\VerificationResult", IS_STRING, NULL);

	zval enum_case_Valid_value;
	zend_string *enum_case_Valid_value_str = zend_string_init("valid", strlen("valid"), 1);
	ZVAL_STR(&enum_case_Valid_value, enum_case_Valid_value_str);
	zend_enum_add_case_cstr(class_entry, "Valid", &enum_case_Valid_value);

	zval enum_case_Invalid_value;
	zend_string *enum_case_Invalid_value_str = zend_string_init("invalid", strlen("invalid"), 1);
	ZVAL_STR(&enum_case_Invalid_value, enum_case_Invalid_value_str);
	zend_enum_add_case_cstr(class_entry, "Invalid", &enum_case_Invalid_value);

	zval enum_case_Expired_value;
	zend_string *enum_case_Expired_value_str = zend_string_init("expired", strlen("expired"), 1);
	ZVAL_STR(&enum_case_Expired_value, enum_case_Expired_value_str);
	zend_enum_add_case_cstr(class_entry, "Expired", &enum_case_Expired_value);

	zval enum_case_TooManyAttempts_value;
	zend_string *enum_case_TooManyAttempts_value_str = zend_string_init("too_many_attempts", strlen("too_many_attempts"), 1);
	ZVAL_STR(&enum_case_TooManyAttempts_value, enum_case_TooManyAttempts_value_str);
	zend_enum_add_case_cstr(class_entry, "TooManyAttempts", &enum_case_TooManyAttempts_value);

	zval enum_case_Malformed_value;
	zend_string *enum_case_Malformed_value_str = zend_string_init("malformed", strlen("malformed"), 1);
	ZVAL_STR(&enum_case_Malformed_value, enum_case_Malformed_value_str);
	zend_enum_add_case_cstr(class_entry, "Malformed", &enum_case_Malformed_value);

	return class_entry;
}

static zend_class_entry *register_class_Smtp_VerificationCode(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "VerificationCode", class_Smtp_VerificationCode_methods);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, NULL, ZEND_ACC_FINAL);
#else
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;
#endif


	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "issue", sizeof("issue") - 1), 0, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "verify", sizeof("verify") - 1), 0, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(&class_entry->function_table, "verify", sizeof("verify") - 1), 3, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	return class_entry;
}

static zend_class_entry *register_class_Smtp_Exception(zend_class_entry *class_entry_RuntimeException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "Exception", class_Smtp_Exception_methods);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, class_entry_RuntimeException, 0);
#else
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);
#endif

	zval property_category_default_value;
	ZVAL_EMPTY_STRING(&property_category_default_value);
	zend_string *property_category_name = zend_string_init("category", sizeof("category") - 1, 1);
	zend_declare_typed_property(class_entry, property_category_name, &property_category_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_category_name);

	zval property_smtpCode_default_value;
	ZVAL_LONG(&property_smtpCode_default_value, 0);
	zend_string *property_smtpCode_name = zend_string_init("smtpCode", sizeof("smtpCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_smtpCode_name, &property_smtpCode_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_smtpCode_name);

	zval property_enhancedCode_default_value;
	ZVAL_EMPTY_STRING(&property_enhancedCode_default_value);
	zend_string *property_enhancedCode_name = zend_string_init("enhancedCode", sizeof("enhancedCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_enhancedCode_name, &property_enhancedCode_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_enhancedCode_name);

	zval property_serverReply_default_value;
	ZVAL_EMPTY_STRING(&property_serverReply_default_value);
	zend_string *property_serverReply_name = zend_string_init("serverReply", sizeof("serverReply") - 1, 1);
	zend_declare_typed_property(class_entry, property_serverReply_name, &property_serverReply_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_serverReply_name);

	zval property_hint_default_value;
	ZVAL_EMPTY_STRING(&property_hint_default_value);
	zend_string *property_hint_name = zend_string_init("hint", sizeof("hint") - 1, 1);
	zend_declare_typed_property(class_entry, property_hint_name, &property_hint_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_hint_name);

	zval property_transient_default_value;
	ZVAL_FALSE(&property_transient_default_value);
	zend_string *property_transient_name = zend_string_init("transient", sizeof("transient") - 1, 1);
	zend_declare_typed_property(class_entry, property_transient_name, &property_transient_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_BOOL));
	zend_string_release(property_transient_name);

	return class_entry;
}

static zend_class_entry *register_class_Smtp_InvalidArgumentException(zend_class_entry *class_entry_Smtp_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "InvalidArgumentException", NULL);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, class_entry_Smtp_Exception, 0);
#else
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Smtp_Exception);
#endif

	return class_entry;
}

static zend_class_entry *register_class_Smtp_ConnectionException(zend_class_entry *class_entry_Smtp_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "ConnectionException", NULL);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, class_entry_Smtp_Exception, 0);
#else
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Smtp_Exception);
#endif

	return class_entry;
}

static zend_class_entry *register_class_Smtp_TlsException(zend_class_entry *class_entry_Smtp_ConnectionException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "TlsException", NULL);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, class_entry_Smtp_ConnectionException, 0);
#else
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Smtp_ConnectionException);
#endif

	return class_entry;
}

static zend_class_entry *register_class_Smtp_AuthenticationException(zend_class_entry *class_entry_Smtp_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "AuthenticationException", NULL);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, class_entry_Smtp_Exception, 0);
#else
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Smtp_Exception);
#endif

	return class_entry;
}

static zend_class_entry *register_class_Smtp_SenderException(zend_class_entry *class_entry_Smtp_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "SenderException", NULL);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, class_entry_Smtp_Exception, 0);
#else
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Smtp_Exception);
#endif

	return class_entry;
}

static zend_class_entry *register_class_Smtp_RecipientException(zend_class_entry *class_entry_Smtp_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "RecipientException", NULL);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, class_entry_Smtp_Exception, 0);
#else
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Smtp_Exception);
#endif

	return class_entry;
}

static zend_class_entry *register_class_Smtp_MessageException(zend_class_entry *class_entry_Smtp_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "MessageException", NULL);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, class_entry_Smtp_Exception, 0);
#else
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Smtp_Exception);
#endif

	return class_entry;
}

static zend_class_entry *register_class_Smtp_ProtocolException(zend_class_entry *class_entry_Smtp_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "ProtocolException", NULL);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, class_entry_Smtp_Exception, 0);
#else
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Smtp_Exception);
#endif

	return class_entry;
}

static zend_class_entry *register_class_Smtp_AttachmentChangedException(zend_class_entry *class_entry_Smtp_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Smtp", "AttachmentChangedException", NULL);
#if (PHP_VERSION_ID >= 80400)
	class_entry = zend_register_internal_class_with_flags(&ce, class_entry_Smtp_Exception, 0);
#else
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Smtp_Exception);
#endif

	return class_entry;
}
