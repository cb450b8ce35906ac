#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace flotilla {

// Error carried by Result: a human-readable message plus an optional machine code. The code's
// meaning belongs to the layer that set it (an HTTP status at the protocol edge, a FUMO result
// code in the agent, 0 when nothing more specific applies).
struct Error
{
    QString message;
    int code = 0;

    Error() = default;
    explicit Error(QString text, int errorCode = 0)
        : message(std::move(text))
        , code(errorCode)
    {}
};

// Value-or-error, in the spirit of C++23 std::expected (not available in GCC 12's C++20 mode).
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_state(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_state); }
    const T &value() const & { return std::get<0>(m_state); }
    T &&value() && { return std::get<0>(std::move(m_state)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<1>(m_state); }
    QString errorString() const { return ok() ? QString() : error().message; }

    T valueOr(T fallback) const { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, Error> m_state;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }
    QString errorString() const { return ok() ? QString() : m_error->message; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace flotilla
