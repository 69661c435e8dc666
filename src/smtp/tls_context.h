// Process-wide TLS client state shared by every connection: one SSL_CTX per
// trust setting (loading the CA store costs milliseconds) and the last TLS
// session per server, so the next connection resumes instead of a full
// handshake. Both are guarded by a mutex (PHP may run threaded).
#pragma once

#include <string>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace smtp {

struct TlsContextKey {
    bool verify_peer;
    std::string ca_file;
};

// Borrowed pointer, valid for the life of the process. Throws Error(TlsHandshake).
SSL_CTX* tls_context(const TlsContextKey& key);

// Offers the remembered session for this server to a new connection, and
// marks the connection so that the sessions it receives are remembered.
void tls_session_resume(SSL* ssl, const TlsContextKey& key, const std::string& server);

} // namespace smtp
