// Provider presets as data: where each well-known mail service takes SMTP
// submissions, which encryption to pick, and what the password field means
// there (an app password or "authorization code" more often than not).
#pragma once

#include "smtp/session.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smtp {

struct Preset {
    std::string id;               // "qq", "gmail", ... (stable: settings store it)
    std::string name;             // "QQ Mail"
    std::string host;
    std::uint16_t ssl_port;       // implicit TLS, 0 = not offered
    std::uint16_t starttls_port;  // 0 = not offered
    std::uint16_t plain_port;     // 0 = not offered
    Encryption recommended;       // pre-selected; always has a port
    // The password field takes something other than the login password: an
    // app password, authorization code, API/SMTP key or SMTP credential.
    bool app_password;
    bool sender_must_match;       // From must equal the account (others get 553/501)
    std::string username_hint;    // what goes in the user name field
    std::string help;             // one English line for the settings page
};

// Fixed order, most used by this project's users first.
const std::vector<Preset>& presets();
const Preset* find_preset(std::string_view id);
// The preset's port for an encryption, 0 when the provider does not offer it.
std::uint16_t preset_port(const Preset& p, Encryption e);

} // namespace smtp
