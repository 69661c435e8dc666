// Smtp\Message (a plain data class with typed properties) and its
// conversion into the core's smtp::Message. Only Zend APIs that cannot call
// user code are used while C++ objects are alive.
#include "glue.h"

#include "mime/address.h"


namespace {

const char* const kMessageKeys = "from, fromName, sender, to, cc, bcc, replyTo, subject, text, html, attachments, inline, "
                                  "headers, messageId, date, raw, recipients";

std::string to_std(zval* v) { return std::string(Z_STRVAL_P(v), Z_STRLEN_P(v)); }

[[noreturn]] void bad(const std::string& what) { smtp::throw_invalid_argument(what); }

// Smtp\Message's properties read by the conversion, in kPropNames' order.
enum Prop { From, FromName, Raw, Sender, Recipients, MessageId, Date, To, Cc, Bcc, ReplyTo, Subject, Text, Html,
            Attachments, Inline, Headers, kProps };
const char* const kPropNames[kProps] = {"from", "fromName", "raw", "sender", "recipients", "messageId", "date", "to",
                                        "cc", "bcc", "replyTo", "subject", "text", "html", "attachments", "inline",
                                        "headers"};

// A property of the message, read from its slot: no handler and no user code
// runs. unset() leaves a typed property uninitialized: refused.
zval* prop(zend_object* obj, Prop p) {
    static const auto offsets = smtp_prop_offsets(smtp_ce_message, kPropNames);
    zval* v = OBJ_PROP(obj, offsets[p]);
    if (Z_ISUNDEF_P(v)) bad(std::string("Smtp\\Message::$") + kPropNames[p] + " is not initialized; do not unset() it, assign an empty value");
    ZVAL_DEREF(v);
    return v;
}

// "a@b, Name <c@d>" or a list of such strings.
std::vector<smtp::Mailbox> mailboxes(zval* v, const char* field) {
    ZVAL_DEREF(v);
    if (Z_TYPE_P(v) == IS_STRING) return smtp::parse_mailbox_list(std::string_view(Z_STRVAL_P(v), Z_STRLEN_P(v)));
    std::vector<smtp::Mailbox> out;
    zval* item;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(v), item) {
        ZVAL_DEREF(item);
        if (Z_TYPE_P(item) != IS_STRING) bad(std::string(field) + " must hold address strings, found " + zend_zval_type_name(item));
        for (auto& m : smtp::parse_mailbox_list(std::string_view(Z_STRVAL_P(item), Z_STRLEN_P(item)))) out.push_back(std::move(m));
    } ZEND_HASH_FOREACH_END();
    return out;
}

std::string string_key(HashTable* ht, const char* key, const char* field) {
    zval* v = zend_hash_str_find_deref(ht, key, strlen(key));
    if (!v) return {};
    if (Z_TYPE_P(v) != IS_STRING) bad(std::string(field) + " key \"" + key + "\" must be a string");
    return to_std(v);
}

smtp::Attachment attachment(zval* v, bool is_inline) {
    const char* field = is_inline ? "inline" : "attachments";
    ZVAL_DEREF(v);
    smtp::Attachment a;
    if (Z_TYPE_P(v) == IS_STRING && !is_inline) {
        a.path = smtp_local_path(to_std(v), "the attachment");
        return a;
    }
    if (Z_TYPE_P(v) != IS_ARRAY) bad(std::string(field) + " entries must be arrays" + (is_inline ? "" : " or file paths"));
    HashTable* ht = Z_ARRVAL_P(v);
    zend_string* key;
    ZEND_HASH_FOREACH_STR_KEY(ht, key) {
        std::string k = key ? std::string(ZSTR_VAL(key), ZSTR_LEN(key)) : "";
        if (k != "path" && k != "data" && k != "name" && k != "type" && k != "cid")
            bad(std::string("unknown ") + field + " key \"" + k + "\"; use path or data, name, type" + (is_inline ? ", cid" : ""));
    } ZEND_HASH_FOREACH_END();
    a.path = string_key(ht, "path", field);
    if (!a.path.empty()) a.path = smtp_local_path(a.path, is_inline ? "the inline file" : "the attachment");
    a.data = string_key(ht, "data", field);
    a.filename = string_key(ht, "name", field);
    a.content_type = string_key(ht, "type", field);
    a.content_id = string_key(ht, "cid", field);
    if (a.path.empty() == !zend_hash_str_exists(ht, "data", 4))
        bad(std::string(field) + " entries need exactly one of \"path\" or \"data\"");
    if (is_inline && a.content_id.empty()) bad("inline entries need a \"cid\" (referenced as cid:... in the HTML)");
    if (!is_inline && !a.content_id.empty()) bad("attachments cannot have a \"cid\"; put images referenced from the HTML in inline");
    return a;
}

void headers(zval* v, std::vector<smtp::Header>& out) {
    zend_string* key;
    zval* item;
    ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(v), key, item) {
        ZVAL_DEREF(item);
        if (Z_TYPE_P(item) != IS_STRING) bad("header values must be strings");
        if (key) {
            out.push_back({std::string(ZSTR_VAL(key), ZSTR_LEN(key)), to_std(item)});
            continue;
        }
        std::string line = to_std(item);  // "Name: value"
        auto colon = line.find(':');
        if (colon == std::string::npos) bad("header \"" + line + "\" has no ':'; use \"Name: value\" or name => value");
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        out.push_back({line.substr(0, colon), value});
    } ZEND_HASH_FOREACH_END();
}

// Writes array entries onto a new Message object; the engine checks types.
bool fill_from_array(zend_object* obj, HashTable* ht) {
    zend_string* key;
    zval* v;
    ZEND_HASH_FOREACH_STR_KEY_VAL(ht, key, v) {
        if (!key || !zend_hash_exists(&smtp_ce_message->properties_info, key)) {
            std::string k = key ? std::string(ZSTR_VAL(key), ZSTR_LEN(key)) : "(integer key)";
            smtp_throw(smtp::Error(smtp::ErrorCategory::InvalidArgument,
                                   "unknown Smtp\\Message key \"" + k + "\"; valid keys: " + kMessageKeys));
            return false;
        }
        zend_update_property_ex(smtp_ce_message, obj, key, v);
        if (EG(exception)) return false;
    } ZEND_HASH_FOREACH_END();
    return true;
}

} // namespace

SMTP_METHOD(Smtp_Message, __construct) {
    zend_string *from = nullptr, *subject = nullptr, *text = nullptr, *html = nullptr;
    zval* to = nullptr;
    ZEND_PARSE_PARAMETERS_START(0, 5)
        Z_PARAM_OPTIONAL
        Z_PARAM_STR(from)
        Z_PARAM_ZVAL(to)
        Z_PARAM_STR(subject)
        Z_PARAM_STR(text)
        Z_PARAM_STR(html)
    ZEND_PARSE_PARAMETERS_END();
    zend_object* obj = Z_OBJ_P(ZEND_THIS);
    if (from) zend_update_property_str(smtp_ce_message, obj, "from", 4, from);
    if (to) zend_update_property(smtp_ce_message, obj, "to", 2, to);
    if (subject) zend_update_property_str(smtp_ce_message, obj, "subject", 7, subject);
    if (text) zend_update_property_str(smtp_ce_message, obj, "text", 4, text);
    if (html) zend_update_property_str(smtp_ce_message, obj, "html", 4, html);
}

SMTP_METHOD(Smtp_Message, fromArray) {
    HashTable* ht;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ARRAY_HT(ht)
    ZEND_PARSE_PARAMETERS_END();
    object_init_ex(return_value, smtp_ce_message);
    if (!fill_from_array(Z_OBJ_P(return_value), ht)) {
        zval_ptr_dtor(return_value);
        RETURN_THROWS();
    }
}

bool smtp_message_from_zval(zval* value, const ConfigData& defaults, smtp::Message& out) {
    zval holder;
    ZVAL_UNDEF(&holder);
    ZVAL_DEREF(value);
    if (Z_TYPE_P(value) == IS_ARRAY) {
        object_init_ex(&holder, smtp_ce_message);
        if (!fill_from_array(Z_OBJ(holder), Z_ARRVAL_P(value))) {
            zval_ptr_dtor(&holder);
            return false;
        }
        value = &holder;
    } else if (Z_TYPE_P(value) != IS_OBJECT || Z_OBJCE_P(value) != smtp_ce_message) {
        zend_type_error("a message must be an Smtp\\Message or an array, %s given", zend_zval_type_name(value));
        return false;
    }
    zend_object* obj = Z_OBJ_P(value);
    bool ok = smtp_guard([&] {
        std::string from = to_std(prop(obj, From));
        std::string from_name = to_std(prop(obj, FromName));
        out.raw = to_std(prop(obj, Raw));
        out.envelope_from = to_std(prop(obj, Sender));
        for (const auto& box : mailboxes(prop(obj, Recipients), "recipients")) {
            if (!box.name.empty()) bad("recipients takes bare addresses (a@example.com), not \"" + box.name + " <...>\"");
            out.envelope_to.push_back(box.address);
        }
        if (from.empty()) {
            out.from = {defaults.from_name, defaults.from_address};
        } else {
            out.from = smtp::parse_mailbox(from);
        }
        if (!from_name.empty()) out.from.name = from_name;
        if (out.from.address.empty() && (out.raw.empty() || out.envelope_from.empty()))
            bad("the message has no sender: set from on the message or fromAddress on the Smtp\\Config");
        out.message_id = to_std(prop(obj, MessageId));
        out.date = to_std(prop(obj, Date));
        out.to = mailboxes(prop(obj, To), "to");
        out.cc = mailboxes(prop(obj, Cc), "cc");
        out.bcc = mailboxes(prop(obj, Bcc), "bcc");
        out.reply_to = mailboxes(prop(obj, ReplyTo), "replyTo");
        out.subject = to_std(prop(obj, Subject));
        out.text = to_std(prop(obj, Text));
        out.html = to_std(prop(obj, Html));
        zval* item;
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(prop(obj, Attachments)), item) {
            out.attachments.push_back(attachment(item, false));
        } ZEND_HASH_FOREACH_END();
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(prop(obj, Inline)), item) {
            out.attachments.push_back(attachment(item, true));
        } ZEND_HASH_FOREACH_END();
        headers(prop(obj, Headers), out.headers);
    });
    zval_ptr_dtor(&holder);
    return ok;
}
