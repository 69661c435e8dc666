#include "run_env.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace {

std::map<std::string, std::string> load(const std::string& file) {
    std::map<std::string, std::string> env;
    const char* dir = std::getenv("SMTP_TEST_RUN_DIR");
    std::ifstream in(std::string(dir ? dir : ".run") + "/" + file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("export ", 0) == 0) line.erase(0, 7);
        auto eq = line.find('=');
        if (eq == std::string::npos || line[0] == '#') continue;
        std::string value = line.substr(eq + 1);
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) value = value.substr(1, value.size() - 2);
        env[line.substr(0, eq)] = value;
    }
    return env;
}

} // namespace

std::string run_setting(const std::string& file, const std::string& key, const std::string& starter) {
    static std::map<std::string, std::map<std::string, std::string>> files;
    auto loaded = files.find(file);
    if (loaded == files.end()) loaded = files.emplace(file, load(file)).first;
    if (loaded->second.empty()) FAIL(file << " not found: start the servers with " << starter);
    auto it = loaded->second.find(key);
    if (it == loaded->second.end()) FAIL("missing " << key << " in " << file);
    return it->second;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
