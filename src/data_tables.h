// Tables generated from the data the core shares with the WordPress plugin
// (wordpress-plugin/data/smtp-data.json -> src/data_tables.cpp, by
// scripts/gen-data.py). presets() and default_hint() are declared in
// smtp/presets.h and error.h.
#pragma once

namespace smtp::data {

// Lower-case phrases providers put in a refusal, each list ending with nullptr.
extern const char* const app_password_phrases[];     // an app password / authorization code is wanted
extern const char* const sender_mismatch_phrases[];  // the sender must be the logged-in account
extern const char* const rate_limit_phrases[];       // the account is throttled
extern const char* const basic_auth_off_phrases[];   // password logins are off: OAuth 2.0 only (Microsoft 365)

} // namespace smtp::data
