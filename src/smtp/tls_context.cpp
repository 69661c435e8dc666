#include "smtp/tls_context.h"

#include "error.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace smtp {

namespace {

struct CtxFree { void operator()(SSL_CTX* c) const { SSL_CTX_free(c); } };
struct SessionFree { void operator()(SSL_SESSION* s) const { SSL_SESSION_free(s); } };

using Key = std::pair<bool, std::string>;

std::mutex& lock() {
    static std::mutex m;
    return m;
}
std::map<Key, std::unique_ptr<SSL_CTX, CtxFree>>& contexts() {
    static std::map<Key, std::unique_ptr<SSL_CTX, CtxFree>> m;
    return m;
}
// (trust settings, "host:port") -> session
std::map<std::pair<Key, std::string>, std::unique_ptr<SSL_SESSION, SessionFree>>& sessions() {
    static std::map<std::pair<Key, std::string>, std::unique_ptr<SSL_SESSION, SessionFree>> m;
    return m;
}

// Where a connection's session belongs; attached to the SSL before the handshake.
struct SessionSlot {
    Key key;
    std::string server;
};

void store(const SessionSlot& slot, SSL_SESSION* s) {
    std::lock_guard<std::mutex> g(lock());
    sessions()[{slot.key, slot.server}].reset(s);
}

void free_slot(void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) { delete static_cast<SessionSlot*>(ptr); }

// The SSL owns its SessionSlot through this index; it is freed with the SSL.
int slot_index() {
    static int idx = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, free_slot);
    return idx;
}

// Receives TLS 1.2 sessions and TLS 1.3 tickets (which arrive after the handshake).
int on_new_session(SSL* ssl, SSL_SESSION* session) {
    auto* slot = static_cast<SessionSlot*>(SSL_get_ex_data(ssl, slot_index()));
    if (!slot) return 0;
    store(*slot, session);
    return 1;  // we keep the reference
}

} // namespace

SSL_CTX* tls_context(const TlsContextKey& k) {
    Key key{k.verify_peer, k.ca_file};
    std::lock_guard<std::mutex> g(lock());
    auto& slot = contexts()[key];
    if (slot) return slot.get();

    std::unique_ptr<SSL_CTX, CtxFree> ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx) throw Error(ErrorCategory::TlsHandshake, "cannot create a TLS context");
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_mode(ctx.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (k.verify_peer) {
        int ok = k.ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx.get())
                                   : SSL_CTX_load_verify_locations(ctx.get(), k.ca_file.c_str(), nullptr);
        if (ok != 1) {
            ERR_clear_error();
            throw Error(ErrorCategory::TlsCertificate,
                        k.ca_file.empty() ? "cannot load the system CA certificates"
                                          : "cannot load the CA file \"" + k.ca_file + "\"",
                        0, {}, {}, "Give a readable PEM file with the certificate authority that signed the server's certificate.");
        }
    }
    SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx.get(), on_new_session);
    slot = std::move(ctx);
    return slot.get();
}

void tls_session_resume(SSL* ssl, const TlsContextKey& k, const std::string& server) {
    auto* slot = new SessionSlot{{k.verify_peer, k.ca_file}, server};
    SSL_set_ex_data(ssl, slot_index(), slot);
    std::lock_guard<std::mutex> g(lock());
    auto it = sessions().find({slot->key, server});
    if (it != sessions().end() && it->second) SSL_set_session(ssl, it->second.get());
}

} // namespace smtp
