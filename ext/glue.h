// Shared declarations of the Zend glue: class entries (set once in MINIT),
// the objects that hold the C++ core's state, and the conversions between
// PHP values and the core's types. No SMTP logic lives here.
#pragma once

extern "C" {
#include "php.h"
#include "zend_enum.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
}
#include "php_glue.h"

#include "error.h"
#include "mime/message.h"
#include "smtp/session.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <new>
#include <string>

// Smtp\Config: the PHP properties mirror these settings; the password lives
// only here, so no dump, cast or serialization of the object can show it.
struct ConfigData {
    smtp::SessionOptions session;
    std::string from_address, from_name;
};

struct smtp_config_object {
    ConfigData* data;
    zend_object std;
};

struct smtp_mailer_object {
    struct MailerData* data;
    zend_object std;
};

// create_object for the classes above: the standard object with our pointer still empty.
template <class T>
zend_object* smtp_object_create(zend_class_entry* ce, const zend_object_handlers* handlers) {
    auto* obj = static_cast<T*>(zend_object_alloc(sizeof(T), ce));
    obj->data = nullptr;
    zend_object_std_init(&obj->std, ce);
    object_properties_init(&obj->std, ce);
    obj->std.handlers = handlers;
    return &obj->std;
}

inline smtp_config_object* config_from_obj(zend_object* obj) {
    return reinterpret_cast<smtp_config_object*>(reinterpret_cast<char*>(obj) - offsetof(smtp_config_object, std));
}
inline smtp_mailer_object* mailer_from_obj(zend_object* obj) {
    return reinterpret_cast<smtp_mailer_object*>(reinterpret_cast<char*>(obj) - offsetof(smtp_mailer_object, std));
}

// The slots of a final class's declared properties, in the order of `names`:
// read or written there, no handler runs. They never move, so hot paths look
// them up once.
template <std::size_t N>
std::array<uint32_t, N> smtp_prop_offsets(zend_class_entry* ce, const char* const (&names)[N]) {
    std::array<uint32_t, N> offsets;
    for (std::size_t i = 0; i < N; ++i) {
        auto* info = static_cast<zend_property_info*>(zend_hash_str_find_ptr(&ce->properties_info, names[i], strlen(names[i])));
        ZEND_ASSERT(info && !(info->flags & ZEND_ACC_STATIC));
        offsets[i] = info->offset;
    }
    return offsets;
}

// exceptions.cpp
void smtp_error_to_zval(zval* out, const smtp::Error& e);  // the exception object, not thrown
void smtp_throw(const smtp::Error& e);

// Runs core code: C++ exceptions become PHP exceptions here and never
// unwind into the engine. Returns false when an exception was thrown.
template <class F>
bool smtp_guard(F&& f) {
    try {
        f();
        return true;
    } catch (const smtp::Error& e) {
        smtp_throw(e);
    } catch (const std::bad_alloc&) {
        zend_throw_error(nullptr, "Out of memory in the SMTP extension");
    } catch (const std::exception& e) {
        zend_throw_error(nullptr, "Internal error in the SMTP extension: %s", e.what());
    } catch (...) {
        zend_throw_error(nullptr, "Internal error in the SMTP extension");
    }
    return false;
}

// The body of every method and function (SMTP_METHOD, SMTP_FUNCTION): a C++
// exception that nothing inside caught becomes a PHP exception here, and the
// half-built return value is dropped.
inline void smtp_entry(void (*impl)(INTERNAL_FUNCTION_PARAMETERS), INTERNAL_FUNCTION_PARAMETERS) {
    if (!smtp_guard([&] { impl(INTERNAL_FUNCTION_PARAM_PASSTHRU); })) {
        zval_ptr_dtor(return_value);
        ZVAL_NULL(return_value);
    }
}

// local_path.cpp
// A file path given by PHP code, checked by PHP's rules (no NUL byte,
// open_basedir) and made absolute against PHP's working directory. Throws
// an InvalidArgument error naming `what` ("the attachment", "the CA file").
std::string smtp_local_path(const std::string& path, const char* what);

// config_object.cpp
// Accepts a Config or an array for it; returns the Config's data, or nullptr with an exception thrown.
ConfigData* smtp_config_arg(zval* arg, zval* holder);

// message_object.cpp
// Fills `out` from a Smtp\Message or an array; false with an exception thrown on bad input.
bool smtp_message_from_zval(zval* value, const ConfigData& defaults, smtp::Message& out);

// mailer_object.cpp
void smtp_result_to_zval(zval* out, const smtp::SendResult& r);
// Used by smtp_send(): one message, a fresh connection, closed afterwards.
void smtp_send_once(const ConfigData& config, zval* message, zval* return_value);

// persistent_sessions.cpp: sessions kept across requests by this process.
// The one kept for this whole configuration (a new one when there is none,
// it was idle longer than max_idle, or another process made it).
std::shared_ptr<smtp::Session> smtp_persistent_session(const ConfigData& config, std::chrono::milliseconds max_idle);
void smtp_persistent_used(const smtp::Session& session);    // restarts its idle clock
void smtp_persistent_forget(const smtp::Session& session);  // Mailer::close(): no longer kept
