// Smtp\Config: validated, read-only connection settings. The readonly PHP
// properties are written once, in the class's scope; the password is kept
// only in the C++ ConfigData.
#include "glue.h"

#include "mime/address.h"
#include "smtp/auth.h"
#include "smtp/presets.h"

#include <cmath>
#include <unistd.h>

static zend_object_handlers config_handlers;

static zend_object* config_create(zend_class_entry* ce) { return smtp_object_create<smtp_config_object>(ce, &config_handlers); }

static void config_free(zend_object* object) {
    smtp_config_object* obj = config_from_obj(object);
    delete obj->data;  // the password is a smtp::Secret: wiped as it goes
    zend_object_std_dtor(object);
}

void smtp_register_config() {
    smtp_ce_config->create_object = config_create;
    memcpy(&config_handlers, zend_get_std_object_handlers(), sizeof config_handlers);
    config_handlers.offset = offsetof(smtp_config_object, std);
    config_handlers.free_obj = config_free;
    config_handlers.clone_obj = nullptr;  // immutable: share it instead
}

static void set_prop(zend_object* obj, const char* name, zval* value) {
    zend_update_property(obj->ce, obj, name, strlen(name), value);
}

static void set_string(zend_object* obj, const char* name, const std::string& value) {
    zend_update_property_stringl(obj->ce, obj, name, strlen(name), value.data(), value.size());
}

static smtp::Encryption encryption_from_string(const std::string& s) {
    if (s == "none") return smtp::Encryption::None;
    if (s == "ssl" || s == "tls" || s == "smtps") return smtp::Encryption::Ssl;
    if (s == "starttls") return smtp::Encryption::StartTls;
    smtp::throw_invalid_argument("unknown encryption \"" + s + "\"; use none, ssl or starttls");
}

// Checks the settings and writes them to a fresh Config object.
static void config_init(zend_object* object, ConfigData data) {
    auto& s = data.session;
    if (s.host.empty()) smtp::throw_invalid_argument("the SMTP host is empty");
    smtp::reject_line_breaks(s.host, "SMTP host");
    if (s.host.find_first_of(" \t/\\") != std::string::npos)
        smtp::throw_invalid_argument("the SMTP host \"" + s.host + "\" contains spaces or slashes; give only a host name such as smtp.qq.com");
    smtp::reject_line_breaks(s.username, "user name");
    smtp::reject_line_breaks(s.password, "password");
    smtp::reject_line_breaks(s.helo_name, "HELO name");
    smtp::reject_line_breaks(data.from_name, "sender name");
    if (!data.from_address.empty()) smtp::validate_address(data.from_address);
    if (!s.ca_file.empty()) {
        s.ca_file = smtp_local_path(s.ca_file, "the CA file");
        if (s.verify_peer && access(s.ca_file.c_str(), R_OK) != 0)
            smtp::throw_invalid_argument("cannot read the CA file \"" + s.ca_file + "\"");
    }
    s.keep_transcript = true;

    set_string(object, "host", s.host);
    zend_update_property_long(object->ce, object, "port", 4, s.port);
    zval enc;
    ZVAL_OBJ_COPY(&enc, zend_enum_get_case_cstr(smtp_ce_encryption,
                                                 s.encryption == smtp::Encryption::None ? "None"
                                                 : s.encryption == smtp::Encryption::Ssl ? "Ssl" : "StartTls"));
    set_prop(object, "encryption", &enc);
    zval_ptr_dtor(&enc);
    set_string(object, "username", s.username);
    set_string(object, "fromAddress", data.from_address);
    set_string(object, "fromName", data.from_name);
    zend_update_property_double(object->ce, object, "timeout", 7, static_cast<double>(s.command_timeout.count()) / 1000.0);
    zend_update_property_double(object->ce, object, "dataTimeout", 11, static_cast<double>(s.data_timeout.count()) / 1000.0);
    if (s.total_timeout.count() == 0)
        zend_update_property_null(object->ce, object, "totalTimeout", 12);
    else
        zend_update_property_double(object->ce, object, "totalTimeout", 12, static_cast<double>(s.total_timeout.count()) / 1000.0);
    zend_update_property_bool(object->ce, object, "verifyPeer", 10, s.verify_peer);
    set_string(object, "caFile", s.ca_file);
    set_string(object, "heloName", s.helo_name);
    set_string(object, "authMechanism", smtp::auth_mechanism_name(s.auth));
    config_from_obj(object)->data = new ConfigData(std::move(data));
}

static void set_port(ConfigData& d, zend_long port) {
    if (port < 0 || port > 65535) smtp::throw_invalid_argument("the port must be between 0 and 65535, got " + std::to_string(port));
    d.session.port = static_cast<std::uint16_t>(port);
}

// Seconds as given in PHP to the core's milliseconds; `what` names the option in the error.
static std::chrono::milliseconds timeout_ms(double seconds, const char* what) {
    // Checked before the conversion: 1e300 seconds does not fit in the milliseconds type.
    const double max = std::chrono::duration<double>(smtp::kMaxTimeout).count();
    if (!(seconds > 0) || !(seconds <= max))
        smtp::throw_invalid_argument(std::string("the ") + what + " must be more than 0 and at most " +
                                     std::to_string(static_cast<long>(max)) + " seconds");
    return std::chrono::milliseconds(static_cast<long long>(std::ceil(seconds * 1000)));
}

static void set_timeout(ConfigData& d, double seconds) {
    d.session.connect_timeout = d.session.command_timeout = timeout_ms(seconds, "timeout");
}

static void set_data_timeout(ConfigData& d, double seconds) { d.session.data_timeout = timeout_ms(seconds, "dataTimeout"); }

// null: no overall limit.
static void set_total_timeout(ConfigData& d, const double* seconds) {
    d.session.total_timeout = seconds ? timeout_ms(*seconds, "totalTimeout") : std::chrono::milliseconds(0);
}

SMTP_METHOD(Smtp_Config, __construct) {
    zend_string *host, *username = nullptr, *password = nullptr, *from_address = nullptr, *from_name = nullptr,
                       *ca_file = nullptr, *helo = nullptr, *mech = nullptr;
    zend_long port = 0;
    zend_object* encryption = nullptr;
    double timeout = 30.0, data_timeout = 600.0, total_timeout = 0;
    bool total_null = true;
    bool verify = true;
    ZEND_PARSE_PARAMETERS_START(1, 14)
        Z_PARAM_STR(host)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(port)
        Z_PARAM_OBJ_OF_CLASS(encryption, smtp_ce_encryption)
        Z_PARAM_STR(username)
        Z_PARAM_STR(password)
        Z_PARAM_STR(from_address)
        Z_PARAM_STR(from_name)
        Z_PARAM_DOUBLE(timeout)
        Z_PARAM_BOOL(verify)
        Z_PARAM_STR(ca_file)
        Z_PARAM_STR(helo)
        Z_PARAM_STR(mech)
        Z_PARAM_DOUBLE(data_timeout)
        Z_PARAM_DOUBLE_OR_NULL(total_timeout, total_null)
    ZEND_PARSE_PARAMETERS_END();
    if (config_from_obj(Z_OBJ_P(ZEND_THIS))->data) {
        zend_throw_error(nullptr, "Cannot modify readonly object Smtp\\Config");
        RETURN_THROWS();
    }
    auto str = [](zend_string* s) { return s ? std::string(ZSTR_VAL(s), ZSTR_LEN(s)) : std::string(); };
    smtp_guard([&] {
        ConfigData d;
        d.session.host = str(host);
        set_port(d, port);
        if (encryption) d.session.encryption = encryption_from_string(Z_STRVAL_P(zend_enum_fetch_case_value(encryption)));
        d.session.username = str(username);
        if (password) d.session.password.assign(std::string_view(ZSTR_VAL(password), ZSTR_LEN(password)));
        d.from_address = str(from_address);
        d.from_name = str(from_name);
        set_timeout(d, timeout);
        set_data_timeout(d, data_timeout);
        set_total_timeout(d, total_null ? nullptr : &total_timeout);
        d.session.verify_peer = verify;
        d.session.ca_file = str(ca_file);
        d.session.helo_name = str(helo);
        if (mech) d.session.auth = smtp::parse_auth_mechanism(str(mech));
        config_init(Z_OBJ_P(ZEND_THIS), std::move(d));
    });
}

namespace {

const char* const kConfigKeys =
    "host, port, encryption, username, password, fromAddress, fromName, timeout, verifyPeer, caFile, heloName, authMechanism, "
    "dataTimeout, totalTimeout";

// Reads one array value of the expected PHP type; false (TypeError thrown) otherwise.
bool expect(zval* v, const char* key, int type, const char* type_name) {
    bool ok = Z_TYPE_P(v) == type || (type == _IS_BOOL && (Z_TYPE_P(v) == IS_TRUE || Z_TYPE_P(v) == IS_FALSE)) ||
              (type == IS_DOUBLE && Z_TYPE_P(v) == IS_LONG);
    if (!ok) zend_type_error("Smtp\\Config key \"%s\" must be of type %s, %s given", key, type_name, zend_zval_type_name(v));
    return ok;
}

// Applies array settings on top of `d`. False with an exception thrown on a bad key or type.
bool apply_array(HashTable* ht, ConfigData& d) {
    zend_string* key;
    zval* v;
    bool ok = true;
    ZEND_HASH_FOREACH_STR_KEY_VAL(ht, key, v) {
        ZVAL_DEREF(v);
        if (!key) {
            smtp_throw(smtp::Error(smtp::ErrorCategory::InvalidArgument, std::string("Smtp\\Config keys must be strings; valid keys: ") + kConfigKeys));
            return false;
        }
        std::string k(ZSTR_VAL(key), ZSTR_LEN(key));
        auto str = [&](std::string& out) {
            if (!expect(v, k.c_str(), IS_STRING, "string")) return false;
            out.assign(Z_STRVAL_P(v), Z_STRLEN_P(v));
            return true;
        };
        ok = smtp_guard([&] {
            if (k == "host") ok = str(d.session.host);
            else if (k == "port") { if ((ok = expect(v, "port", IS_LONG, "int"))) set_port(d, Z_LVAL_P(v)); }
            else if (k == "encryption") {
                if (Z_TYPE_P(v) == IS_OBJECT && Z_OBJCE_P(v) == smtp_ce_encryption)
                    d.session.encryption = encryption_from_string(Z_STRVAL_P(zend_enum_fetch_case_value(Z_OBJ_P(v))));
                else if ((ok = expect(v, "encryption", IS_STRING, "Smtp\\Encryption|string")))
                    d.session.encryption = encryption_from_string(Z_STRVAL_P(v));
            }
            else if (k == "username") ok = str(d.session.username);
            else if (k == "password") {
                if ((ok = expect(v, "password", IS_STRING, "string"))) d.session.password.assign(std::string_view(Z_STRVAL_P(v), Z_STRLEN_P(v)));
            }
            else if (k == "fromAddress") ok = str(d.from_address);
            else if (k == "fromName") ok = str(d.from_name);
            else if (k == "timeout") { if ((ok = expect(v, "timeout", IS_DOUBLE, "float"))) set_timeout(d, zval_get_double(v)); }
            else if (k == "dataTimeout") { if ((ok = expect(v, "dataTimeout", IS_DOUBLE, "float"))) set_data_timeout(d, zval_get_double(v)); }
            else if (k == "totalTimeout") {
                if (Z_TYPE_P(v) == IS_NULL) set_total_timeout(d, nullptr);
                else if ((ok = expect(v, "totalTimeout", IS_DOUBLE, "?float"))) {
                    double seconds = zval_get_double(v);
                    set_total_timeout(d, &seconds);
                }
            }
            else if (k == "verifyPeer") { if ((ok = expect(v, "verifyPeer", _IS_BOOL, "bool"))) d.session.verify_peer = Z_TYPE_P(v) == IS_TRUE; }
            else if (k == "caFile") ok = str(d.session.ca_file);
            else if (k == "heloName") ok = str(d.session.helo_name);
            else if (k == "authMechanism") {
                std::string m;
                if ((ok = str(m))) d.session.auth = smtp::parse_auth_mechanism(m);
            } else
                smtp::throw_invalid_argument("unknown Smtp\\Config key \"" + k + "\"; valid keys: " + kConfigKeys);
        }) && ok;
        if (!ok) return false;
    } ZEND_HASH_FOREACH_END();
    return true;
}

void new_config(zval* out, ConfigData d) {
    object_init_ex(out, smtp_ce_config);
    if (!smtp_guard([&] { config_init(Z_OBJ_P(out), std::move(d)); })) {
        zval_ptr_dtor(out);
        ZVAL_UNDEF(out);
    }
}

} // namespace

SMTP_METHOD(Smtp_Config, fromArray) {
    HashTable* ht;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ARRAY_HT(ht)
    ZEND_PARSE_PARAMETERS_END();
    ConfigData d;
    if (!apply_array(ht, d)) RETURN_THROWS();
    if (d.session.host.empty()) {
        smtp_throw(smtp::Error(smtp::ErrorCategory::InvalidArgument, "Smtp\\Config::fromArray(): the \"host\" key is required"));
        RETURN_THROWS();
    }
    new_config(return_value, std::move(d));
}

SMTP_METHOD(Smtp_Config, preset) {
    zend_string *id, *user, *pass;
    HashTable* overrides = nullptr;
    ZEND_PARSE_PARAMETERS_START(3, 4)
        Z_PARAM_STR(id)
        Z_PARAM_STR(user)
        Z_PARAM_STR(pass)
        Z_PARAM_OPTIONAL
        Z_PARAM_ARRAY_HT(overrides)
    ZEND_PARSE_PARAMETERS_END();
    const smtp::Preset* p = smtp::find_preset(std::string_view(ZSTR_VAL(id), ZSTR_LEN(id)));
    if (!p) {
        std::string ids;
        for (const auto& each : smtp::presets()) ids += (ids.empty() ? "" : ", ") + each.id;
        smtp_throw(smtp::Error(smtp::ErrorCategory::InvalidArgument,
                               "unknown provider \"" + std::string(ZSTR_VAL(id)) + "\"; known providers: " + ids));
        RETURN_THROWS();
    }
    ConfigData d;
    d.session.host = p->host;
    d.session.encryption = p->recommended;
    d.session.port = smtp::preset_port(*p, p->recommended);
    d.session.username.assign(ZSTR_VAL(user), ZSTR_LEN(user));
    d.session.password.assign(std::string_view(ZSTR_VAL(pass), ZSTR_LEN(pass)));
    if (d.session.username.find('@') != std::string::npos) d.from_address = d.session.username;
    if (overrides) {
        zval* enc = zend_hash_str_find_deref(overrides, "encryption", sizeof("encryption") - 1);
        if (!apply_array(overrides, d)) RETURN_THROWS();
        // A different encryption without a port takes the provider's port for it.
        if (enc && !zend_hash_str_exists(overrides, "port", 4)) d.session.port = smtp::preset_port(*p, d.session.encryption);
    }
    new_config(return_value, std::move(d));
}

SMTP_METHOD(Smtp_Config, presets) {
    ZEND_PARSE_PARAMETERS_NONE();
    array_init(return_value);
    for (const auto& p : smtp::presets()) {
        zval entry, ports;
        array_init(&entry);
        add_assoc_stringl(&entry, "name", p.name.data(), p.name.size());
        add_assoc_stringl(&entry, "host", p.host.data(), p.host.size());
        add_assoc_long(&entry, "port", smtp::preset_port(p, p.recommended));
        add_assoc_string(&entry, "encryption", smtp::encryption_name(p.recommended));
        array_init(&ports);
        add_assoc_long(&ports, "ssl", p.ssl_port);
        add_assoc_long(&ports, "starttls", p.starttls_port);
        add_assoc_long(&ports, "none", p.plain_port);
        add_assoc_zval(&entry, "ports", &ports);
        add_assoc_bool(&entry, "appPassword", p.app_password);
        add_assoc_bool(&entry, "senderMustMatchAccount", p.sender_must_match);
        add_assoc_stringl(&entry, "usernameHint", p.username_hint.data(), p.username_hint.size());
        add_assoc_stringl(&entry, "help", p.help.data(), p.help.size());
        add_assoc_zval_ex(return_value, p.id.data(), p.id.size(), &entry);
    }
}

static ConfigData* this_config(zval* self) {
    ConfigData* d = config_from_obj(Z_OBJ_P(self))->data;
    if (!d) zend_throw_error(nullptr, "Smtp\\Config object is not initialized");
    return d;
}

SMTP_METHOD(Smtp_Config, effectivePort) {
    ZEND_PARSE_PARAMETERS_NONE();
    ConfigData* d = this_config(ZEND_THIS);
    if (!d) RETURN_THROWS();
    RETURN_LONG(d->session.port ? d->session.port : smtp::default_port(d->session.encryption));
}

SMTP_METHOD(Smtp_Config, hasPassword) {
    ZEND_PARSE_PARAMETERS_NONE();
    ConfigData* d = this_config(ZEND_THIS);
    if (!d) RETURN_THROWS();
    RETURN_BOOL(!d->session.password.empty());
}

ConfigData* smtp_config_arg(zval* arg, zval* holder) {
    ZVAL_UNDEF(holder);
    if (Z_TYPE_P(arg) == IS_OBJECT) return this_config(arg);
    ConfigData d;
    if (!apply_array(Z_ARRVAL_P(arg), d)) return nullptr;
    new_config(holder, std::move(d));
    return Z_ISUNDEF_P(holder) ? nullptr : config_from_obj(Z_OBJ_P(holder))->data;
}
