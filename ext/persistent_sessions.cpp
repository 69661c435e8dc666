// Sessions kept across requests by one worker process (php-fpm, Apache
// prefork): Smtp\Mailer(persistent: true) takes the one kept for its whole
// configuration, so a later request skips connect, TLS and AUTH. Rules:
// - the key is a SHA-256 of every setting, the password included, so the
//   password never sits in the key in clear and other credentials never
//   reuse a session logged in with these;
// - a session idle longer than its Mailer's maximum is closed (QUIT) and
//   replaced, before a server's own idle timeout can bite;
// - a session made by another process (a fork's parent) is abandoned without
//   a byte written: the parent still talks on that connection;
// - a kept connection the server closed meanwhile is noticed by the core
//   without a round trip (Session::send), and its first send resets any
//   transaction left open with an RSET pipelined with the envelope.
#include "glue.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

struct Kept {
    std::shared_ptr<smtp::Session> session;
    pid_t pid;
    Clock::time_point last_used;
};

std::mutex registry_mutex;  // ZTS: one map, each thread's sessions under keys of their own
std::map<std::string, Kept>* registry;  // allocated on first use; freed in MSHUTDOWN

// The text holds the password: a Secret, wiped as it goes.
void append_field(smtp::Secret& out, std::string_view value) {
    out += std::to_string(value.size());
    out += ':';
    out += value;
}

// SHA-256 (hex) of every setting, length-prefixed so no two configurations serialize alike.
std::string config_key(const ConfigData& c) {
    const auto& s = c.session;
    smtp::Secret text;
    for (std::string_view f : {std::string_view(s.host), std::string_view(s.username), s.password.view(), std::string_view(s.helo_name),
                               std::string_view(s.ca_file), std::string_view(c.from_address), std::string_view(c.from_name)})
        append_field(text, f);
    for (long long n : {static_cast<long long>(s.port), static_cast<long long>(s.encryption), static_cast<long long>(s.auth),
                        static_cast<long long>(s.connect_timeout.count()), static_cast<long long>(s.command_timeout.count()),
                        static_cast<long long>(s.data_timeout.count()), static_cast<long long>(s.total_timeout.count()),
                        static_cast<long long>(s.verify_peer), static_cast<long long>(s.keep_transcript)})
        append_field(text, std::to_string(n));
#ifdef ZTS
    append_field(text, std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())));
#endif
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    bool ok = EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) == 1;
    if (!ok) throw std::runtime_error("SHA-256 failed");
    static const char hex[] = "0123456789abcdef";
    std::string key;
    for (unsigned int i = 0; i < length; ++i) {
        key += hex[digest[i] >> 4];
        key += hex[digest[i] & 15];
    }
    return key;
}

// Sessions another process made are dropped without a word.
void forget_inherited(pid_t self) {
    for (auto it = registry->begin(); it != registry->end();) {
        if (it->second.pid == self) {
            ++it;
            continue;
        }
        it->second.session->abandon();
        it = registry->erase(it);
    }
}

} // namespace

std::shared_ptr<smtp::Session> smtp_persistent_session(const ConfigData& config, std::chrono::milliseconds max_idle) {
    std::string key = config_key(config);
    std::lock_guard<std::mutex> lock(registry_mutex);
    if (!registry) registry = new std::map<std::string, Kept>;
    const pid_t self = getpid();
    forget_inherited(self);
    const auto now = Clock::now();
    auto it = registry->find(key);
    if (it != registry->end() && now - it->second.last_used > max_idle) {
        it->second.session->close();  // QUIT: past its age, before the server's own timeout
        registry->erase(it);
        it = registry->end();
    }
    if (it == registry->end())
        it = registry->emplace(key, Kept{std::make_shared<smtp::Session>(config.session), self, now}).first;
    it->second.last_used = now;
    it->second.session->reset_before_next_send();
    return it->second.session;
}

void smtp_persistent_used(const smtp::Session& session) {
    std::lock_guard<std::mutex> lock(registry_mutex);
    if (!registry) return;
    for (auto& [key, kept] : *registry)
        if (kept.session.get() == &session) kept.last_used = Clock::now();
}

void smtp_persistent_forget(const smtp::Session& session) {
    std::lock_guard<std::mutex> lock(registry_mutex);
    if (!registry) return;
    for (auto it = registry->begin(); it != registry->end(); ++it)
        if (it->second.session.get() == &session) {
            registry->erase(it);
            return;
        }
}

extern "C" void smtp_persistent_shutdown(void) {
    std::lock_guard<std::mutex> lock(registry_mutex);
    if (!registry) return;
    forget_inherited(getpid());
    delete registry;  // each ~Session says QUIT
    registry = nullptr;
}
