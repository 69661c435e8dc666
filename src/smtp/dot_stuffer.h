// The DATA stream's transparency (RFC 5321 4.5.2) and line endings: every
// line ends in CRLF (a bare CR or LF becomes CRLF, so no "\n.\n" can end the
// message early: SMTP smuggling) and a line starting with '.' gets another.
// BDAT (RFC 3030) carries a length instead: line endings only, no dots.
#pragma once

#include <string>
#include <string_view>

namespace smtp {

class DotStuffer {
public:
    explicit DotStuffer(bool stuff_dots = true) : stuff_dots_(stuff_dots) {}
    // Appends the stuffed form of the next chunk; state carries across calls.
    void feed(std::string_view in, std::string& out);
    // Ends the last line if needed, then appends the ".\r\n" terminator; resets.
    void finish(std::string& out);
    // Ends the last line if needed, without a terminator (BDAT); resets.
    void end_line(std::string& out);
    // True when stuffing `text` whole changes nothing but the terminator
    // added: every line ends in CRLF, none starts with '.'.
    static bool leaves_as_is(std::string_view text) noexcept;

private:
    bool stuff_dots_;
    bool line_start_ = true;  // the next byte starts a line
    bool after_cr_ = false;   // the previous chunk ended in CR (its LF may follow)
};

} // namespace smtp
