// Smtp\Mailer (one connection, kept open between sends; with persistent:
// true, kept across requests too), Smtp\Result and smtp_send().
#include "glue.h"

#include <cmath>
#include <memory>
#include <unistd.h>

static zend_object_handlers mailer_handlers;

struct MailerData {
    explicit MailerData(const ConfigData& c, std::shared_ptr<smtp::Session> kept = nullptr)
        : persistent(kept != nullptr), session(kept ? std::move(kept) : std::make_shared<smtp::Session>(c.session)),
          defaults(c) {
        defaults.session.password.wipe();
    }
    bool persistent;
    std::shared_ptr<smtp::Session> session;  // shared with persistent_sessions.cpp when kept across requests
    pid_t pid = getpid();  // a forked child never talks on its parent's connection
    ConfigData defaults;   // sender defaults; the password stays in the session only

    ~MailerData() {
        if (pid != getpid()) session->abandon();  // a forked child: no QUIT on the parent's connection
    }

    smtp::Session& use() {
        if (pid != getpid()) {
            session->abandon();  // the next send connects anew, for this process
            pid = getpid();
        }
        return *session;
    }
    void used() {
        if (persistent) smtp_persistent_used(*session);
    }
};

static zend_object* mailer_create(zend_class_entry* ce) { return smtp_object_create<smtp_mailer_object>(ce, &mailer_handlers); }

static void mailer_free(zend_object* object) {
    smtp_mailer_object* obj = mailer_from_obj(object);
    delete obj->data;  // ~Session says QUIT; never throws
    obj->data = nullptr;
    zend_object_std_dtor(object);
}

void smtp_register_mailer() {
    smtp_ce_mailer->create_object = mailer_create;
    memcpy(&mailer_handlers, zend_get_std_object_handlers(), sizeof mailer_handlers);
    mailer_handlers.offset = offsetof(smtp_mailer_object, std);
    mailer_handlers.free_obj = mailer_free;
    mailer_handlers.clone_obj = nullptr;  // a connection cannot be copied
}

static MailerData* this_mailer(zval* self) {
    MailerData* d = mailer_from_obj(Z_OBJ_P(self))->data;
    if (!d) zend_throw_error(nullptr, "Smtp\\Mailer object is not initialized");
    return d;
}

void smtp_result_to_zval(zval* out, const smtp::SendResult& r) {
    // Written straight into the readonly properties' slots of the new object,
    // as Zend does for an enum case's name: they are uninitialized until here.
    enum { MessageId, Accepted, Rejected, SmtpCode, ServerReply, Elapsed, kProps };
    static const char* const names[kProps] = {"messageId", "accepted", "rejected", "smtpCode", "serverReply", "elapsed"};
    static const auto slot = smtp_prop_offsets(smtp_ce_result, names);
    object_init_ex(out, smtp_ce_result);
    zend_object* obj = Z_OBJ_P(out);
    zval* accepted = OBJ_PROP(obj, slot[Accepted]);
    array_init_size(accepted, static_cast<uint32_t>(r.accepted.size()));
    for (const auto& a : r.accepted) add_next_index_stringl(accepted, a.data(), a.size());
    zval* rejected = OBJ_PROP(obj, slot[Rejected]);
    array_init(rejected);
    for (const auto& x : r.rejected) {
        std::string text = x.reply.text();
        add_assoc_stringl_ex(rejected, x.address.data(), x.address.size(), text.data(), text.size());
    }
    std::string reply = r.last_reply.text();
    ZVAL_STRINGL(OBJ_PROP(obj, slot[MessageId]), r.message_id.data(), r.message_id.size());
    ZVAL_LONG(OBJ_PROP(obj, slot[SmtpCode]), r.last_reply.code);
    ZVAL_STRINGL(OBJ_PROP(obj, slot[ServerReply]), reply.data(), reply.size());
    ZVAL_DOUBLE(OBJ_PROP(obj, slot[Elapsed]), r.elapsed_seconds);
}

SMTP_METHOD(Smtp_Result, __construct) { ZEND_PARSE_PARAMETERS_NONE(); }

SMTP_METHOD(Smtp_Mailer, __construct) {
    zval* config;
    bool persistent = false;
    double max_idle = 60.0;
    ZEND_PARSE_PARAMETERS_START(1, 3)
        Z_PARAM_OBJECT_OF_CLASS(config, smtp_ce_config)
        Z_PARAM_OPTIONAL
        Z_PARAM_BOOL(persistent)
        Z_PARAM_DOUBLE(max_idle)
    ZEND_PARSE_PARAMETERS_END();
    if (!(max_idle >= 0 && max_idle <= 86400)) {
        zend_argument_value_error(3, "must be between 0 and 86400");
        RETURN_THROWS();
    }
    smtp_mailer_object* obj = mailer_from_obj(Z_OBJ_P(ZEND_THIS));
    // A second call (even from a generator or __toString() running inside
    // send()/sendMany()) would free the state those calls are using.
    if (obj->data) {
        zend_throw_error(nullptr, "Smtp\\Mailer::__construct() cannot be called twice; create a new Mailer for other settings");
        RETURN_THROWS();
    }
    ConfigData* c = config_from_obj(Z_OBJ_P(config))->data;
    if (!c) {
        zend_argument_value_error(1, "must be an initialized Smtp\\Config");
        RETURN_THROWS();
    }
    if (persistent) {
        auto idle = std::chrono::milliseconds(static_cast<long long>(std::ceil(max_idle * 1000)));
        obj->data = new MailerData(*c, smtp_persistent_session(*c, idle));
    } else {
        obj->data = new MailerData(*c);
    }
}

// Sends one message: converted first, then handed to the core.
static void send_one(MailerData& m, zval* message, zval* return_value) {
    smtp::Message msg;
    if (!smtp_message_from_zval(message, m.defaults, msg)) return;
    smtp::SendResult result;
    bool ok = smtp_guard([&] { result = m.use().send(msg); });
    m.used();
    if (ok) smtp_result_to_zval(return_value, result);
}

SMTP_METHOD(Smtp_Mailer, send) {
    zval* message;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(message)
    ZEND_PARSE_PARAMETERS_END();
    MailerData* m = this_mailer(ZEND_THIS);
    if (!m) RETURN_THROWS();
    send_one(*m, message, return_value);
}

SMTP_METHOD(Smtp_Mailer, sendMany) {
    zval* messages;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ITERABLE(messages)
    ZEND_PARSE_PARAMETERS_END();
    MailerData* m = this_mailer(ZEND_THIS);
    if (!m) RETURN_THROWS();

    // A Traversable runs user code: collect it into an array first, while no
    // C++ object is alive on this stack.
    zval list;
    if (Z_TYPE_P(messages) == IS_ARRAY) {
        ZVAL_COPY(&list, messages);
    } else {
        zval fn, args[1];
        ZVAL_STRING(&fn, "iterator_to_array");
        ZVAL_COPY_VALUE(&args[0], messages);
        bool ok = call_user_function(nullptr, nullptr, &fn, &list, 1, args) == SUCCESS && !EG(exception);
        zval_ptr_dtor(&fn);
        if (!ok) RETURN_THROWS();
    }

    HashTable* ht = Z_ARRVAL(list);
    const std::size_t count = zend_hash_num_elements(ht);
    std::vector<zval*> items;
    std::vector<zval> refused(count);  // a message's own exception, else UNDEF
    std::vector<std::pair<std::size_t, smtp::Message>> arrays;  // messages given as arrays, by index
    auto release = [&] {
        for (zval& z : refused) zval_ptr_dtor(&z);
        zval_ptr_dtor(&list);
    };
    // Up front: every entry's type (a wrong one is the caller's bug: nothing
    // is sent) and the arrays, which become objects first. An Smtp\Message is
    // converted as its turn comes (below), while the server answers the one
    // before: its properties are read as they are, and no user code runs.
    items.reserve(count);
    std::size_t index = 0;
    zval* item;
    ZEND_HASH_FOREACH_VAL(ht, item) {
        ZVAL_UNDEF(&refused[index]);
        ZVAL_DEREF(item);
        items.push_back(item);
        if (Z_TYPE_P(item) != IS_OBJECT || Z_OBJCE_P(item) != smtp_ce_message) {
            smtp::Message msg;
            if (smtp_message_from_zval(item, m->defaults, msg)) {
                arrays.emplace_back(index, std::move(msg));
            } else if (instanceof_function(EG(exception)->ce, smtp_ce_exception)) {
                ZVAL_OBJ_COPY(&refused[index], EG(exception));
                zend_clear_exception();
            } else {
                release();  // a TypeError is the caller's bug, not one message's outcome
                RETURN_THROWS();
            }
        }
        ++index;
    } ZEND_HASH_FOREACH_END();
    std::size_t next_array = 0;
    auto source = [&](std::size_t i, smtp::Message& storage) -> const smtp::Message* {
        if (!Z_ISUNDEF(refused[i])) return nullptr;
        if (next_array < arrays.size() && arrays[next_array].first == i) return &arrays[next_array++].second;
        if (smtp_message_from_zval(items[i], m->defaults, storage)) return &storage;
        if (EG(exception)) {  // its own fault (an address, an attachment path): the others go on
            ZVAL_OBJ_COPY(&refused[i], EG(exception));
            zend_clear_exception();
        }
        return nullptr;
    };
    std::vector<smtp::BatchOutcome> outcomes;
    bool ok = smtp_guard([&] { outcomes = m->use().send_many(count, source); });
    m->used();
    if (!ok) {
        release();
        RETURN_THROWS();
    }

    array_init_size(return_value, count);
    index = 0;
    zend_ulong num;
    zend_string* key;
    ZEND_HASH_FOREACH_KEY(ht, num, key) {
        zval entry;
        if (!Z_ISUNDEF(refused[index])) {
            ZVAL_COPY_VALUE(&entry, &refused[index]);
            ZVAL_UNDEF(&refused[index]);
        } else if (const auto& o = outcomes[index]; o.result) {
            smtp_result_to_zval(&entry, *o.result);
        } else {
            smtp_error_to_zval(&entry, *o.error);
        }
        ++index;
        if (key) zend_hash_update(Z_ARRVAL_P(return_value), key, &entry);
        else zend_hash_index_update(Z_ARRVAL_P(return_value), num, &entry);
    } ZEND_HASH_FOREACH_END();
    release();
}

SMTP_METHOD(Smtp_Mailer, close) {
    ZEND_PARSE_PARAMETERS_NONE();
    MailerData* m = this_mailer(ZEND_THIS);
    if (!m) RETURN_THROWS();
    if (m->persistent) smtp_persistent_forget(*m->session);  // closed for good, not kept
    m->use().close();
}

SMTP_METHOD(Smtp_Mailer, isConnected) {
    ZEND_PARSE_PARAMETERS_NONE();
    MailerData* m = this_mailer(ZEND_THIS);
    if (!m) RETURN_THROWS();
    RETURN_BOOL(m->use().is_open());
}

SMTP_METHOD(Smtp_Mailer, transcript) {
    ZEND_PARSE_PARAMETERS_NONE();
    MailerData* m = this_mailer(ZEND_THIS);
    if (!m) RETURN_THROWS();
    const std::string& t = m->session->transcript();
    RETURN_STRINGL(t.data(), t.size());
}

void smtp_send_once(const ConfigData& config, zval* message, zval* return_value) {
    std::unique_ptr<MailerData> m;
    if (!smtp_guard([&] { m = std::make_unique<MailerData>(config); })) return;
    send_one(*m, message, return_value);
    m->session->close();
}

SMTP_FUNCTION(smtp_send) {
    zval *config, *message;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_ZVAL(config)
        Z_PARAM_ZVAL(message)
    ZEND_PARSE_PARAMETERS_END();
    if (!(Z_TYPE_P(config) == IS_ARRAY || (Z_TYPE_P(config) == IS_OBJECT && Z_OBJCE_P(config) == smtp_ce_config))) {
        zend_argument_type_error(1, "must be of type Smtp\\Config|array, %s given", zend_zval_type_name(config));
        RETURN_THROWS();
    }
    zval holder;
    ConfigData* c = smtp_config_arg(config, &holder);
    if (c) smtp_send_once(*c, message, return_value);
    zval_ptr_dtor(&holder);
}
