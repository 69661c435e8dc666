#include "smtp/dot_stuffer.h"

#include "mime/encoding.h"

namespace smtp {

void DotStuffer::feed(std::string_view in, std::string& out) {
    if (in.empty()) return;  // keeps a pending CR waiting for its LF
    out.reserve(out.size() + in.size() + 16);
    std::size_t i = 0;
    if (after_cr_ && !in.empty() && in[0] == '\n') ++i;  // the LF of a CRLF split across chunks
    after_cr_ = false;
    while (i < in.size()) {
        if (stuff_dots_ && line_start_ && in[i] == '.') out += '.';
        // Copy the run up to the next CR or LF in one go.
        std::size_t end = static_cast<std::size_t>(find_line_break(in.data() + i, in.data() + in.size()) - in.data());
        out.append(in.data() + i, end - i);
        if (end == in.size()) {
            line_start_ = end == i ? line_start_ : false;
            return;
        }
        out += "\r\n";
        line_start_ = true;
        if (in[end] == '\r') {
            if (end + 1 < in.size() && in[end + 1] == '\n') ++end;
            else if (end + 1 == in.size()) after_cr_ = true;
        }
        i = end + 1;
    }
}

void DotStuffer::finish(std::string& out) {
    end_line(out);
    out += ".\r\n";
}

void DotStuffer::end_line(std::string& out) {
    if (!line_start_) out += "\r\n";
    line_start_ = true;
    after_cr_ = false;
}

} // namespace smtp
