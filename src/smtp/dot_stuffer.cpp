#include "smtp/dot_stuffer.h"

#include "mime/encoding.h"

namespace smtp {

void DotStuffer::feed(std::string_view in, std::string& out) {
    const char* p = in.data();
    const char* const end = p + in.size();
    if (p == end) return;  // keeps a pending CR waiting for its LF
    if (after_cr_ && *p == '\n') ++p;  // the LF of a CRLF split across chunks: written already
    after_cr_ = false;
    out.reserve(out.size() + in.size() + 16);
    // Copied in runs, cut only where the output differs from the input (a
    // dot doubled, a bare CR or LF made CRLF): a message laid out with CRLF
    // line ends goes in a few appends, not two a line.
    const char* run = p;
    LineBreaks breaks(end);
    while (p < end) {
        if (stuff_dots_ && line_start_ && *p == '.') {
            out.append(run, static_cast<std::size_t>(p - run));
            out += '.';
            run = p;
        }
        const char* brk = breaks.next(p);
        if (brk == end) {
            if (brk != p) line_start_ = false;
            break;
        }
        line_start_ = true;
        if (*brk == '\r' && brk + 1 < end && brk[1] == '\n') {
            p = brk + 2;
            continue;
        }
        out.append(run, static_cast<std::size_t>(brk - run));
        out += "\r\n";
        after_cr_ = *brk == '\r' && brk + 1 == end;
        p = run = brk + 1;
    }
    out.append(run, static_cast<std::size_t>(end - run));
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

bool DotStuffer::leaves_as_is(std::string_view text) noexcept {
    const char* p = text.data();
    const char* const end = p + text.size();
    LineBreaks breaks(end);
    while (p < end) {
        if (*p == '.') return false;
        const char* brk = breaks.next(p);
        if (brk == end || *brk != '\r' || brk + 1 == end || brk[1] != '\n') return false;
        p = brk + 2;
    }
    return true;
}

} // namespace smtp
