#include "smtp/presets.h"

namespace smtp {

// The table itself, presets(), is generated from the data file the plugin
// shares: src/data_tables.cpp (scripts/gen-data.py).

const Preset* find_preset(std::string_view id) {
    for (const auto& p : presets())
        if (p.id == id) return &p;
    return nullptr;
}

std::uint16_t preset_port(const Preset& p, Encryption e) {
    switch (e) {
    case Encryption::Ssl: return p.ssl_port;
    case Encryption::StartTls: return p.starttls_port;
    case Encryption::None: return p.plain_port;
    }
    return 0;
}

} // namespace smtp
