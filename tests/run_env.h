// The settings the server scripts write under SMTP_TEST_RUN_DIR (default
// .run): servers.env (scripts/servers.sh), postfix.env
// (scripts/postfix-private.sh). KEY=value lines.
#pragma once

#include <string>

// The value of key in that file; the test FAILs, naming starter (the script
// that writes the file), when either is missing.
std::string run_setting(const std::string& file, const std::string& key, const std::string& starter);

// A whole file, bytes as they are.
std::string read_file(const std::string& path);
