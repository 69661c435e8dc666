// Secret: a string for passwords, OAuth tokens and what is derived from them
// (SASL messages, their base64, AUTH lines). Its storage is wiped with
// OPENSSL_cleanse when it is cleared, reassigned or destroyed, and it never
// grows by letting std::string reallocate (which would free the old copy
// unwiped): growth copies into a new buffer and wipes the old one first.
#pragma once

#include <openssl/crypto.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

namespace smtp {

class Secret {
public:
    Secret() = default;
    Secret(std::string_view text) { assign(text); }  // NOLINT: implicit, as std::string from literals
    Secret(const char* text) : Secret(std::string_view(text)) {}
    Secret(const std::string& text) : Secret(std::string_view(text)) {}
    Secret(const Secret& other) { assign(other.view()); }
    // A moved std::string may leave bytes in the source's inline buffer: wiped.
    Secret(Secret&& other) noexcept : s_(std::move(other.s_)) { other.wipe(); }
    Secret& operator=(const Secret& other) {
        if (this != &other) assign(other.view());
        return *this;
    }
    Secret& operator=(Secret&& other) noexcept {
        if (this != &other) {
            wipe();
            s_ = std::move(other.s_);
            other.wipe();
        }
        return *this;
    }
    ~Secret() { wipe(); }

    void assign(std::string_view text) {
        wipe();
        reserve(text.size());
        s_.append(text.data(), text.size());
    }
    void append(std::string_view text) {
        if (s_.size() + text.size() > s_.capacity()) reserve(std::max(s_.size() + text.size(), 2 * s_.capacity()));
        s_.append(text.data(), text.size());
    }
    Secret& operator+=(std::string_view text) {
        append(text);
        return *this;
    }
    Secret& operator+=(char c) {
        append(std::string_view(&c, 1));
        return *this;
    }
    // Room for `n` bytes without any later reallocation.
    void reserve(std::size_t n) {
        if (n <= s_.capacity()) return;
        std::string bigger;
        bigger.reserve(n);
        bigger.append(s_);
        wipe();
        s_.swap(bigger);  // `bigger` now holds the wiped old storage
    }
    // Sets the size to `n` (reallocating safely) and returns the bytes to fill in.
    char* resize(std::size_t n) {
        reserve(n);
        s_.resize(n);
        return &s_[0];
    }
    // Zeroes every byte of the storage (not only up to size()) and empties it.
    void wipe() noexcept {
        OPENSSL_cleanse(&s_[0], s_.capacity());
        s_.clear();
    }

    std::string_view view() const noexcept { return s_; }
    operator std::string_view() const noexcept { return s_; }
    const std::string& str() const noexcept { return s_; }
    const char* data() const noexcept { return s_.data(); }
    std::size_t size() const noexcept { return s_.size(); }
    std::size_t capacity() const noexcept { return s_.capacity(); }
    bool empty() const noexcept { return s_.empty(); }
    friend bool operator==(const Secret& a, std::string_view b) noexcept { return a.view() == b; }

private:
    std::string s_;
};

} // namespace smtp
