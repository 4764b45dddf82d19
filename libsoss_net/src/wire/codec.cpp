// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/codec.hpp"

#include <exception>
#include <istream>
#include <ostream>
#include <streambuf>

#include <cereal/archives/binary.hpp>
#include <fmt/format.h>

#include "wire/wire_types.hpp"

namespace soss::net {
namespace {

// An ostream buffer that appends to a std::string (no copy through a stringstream).
class AppendBuf final : public std::streambuf {
 public:
  void target(std::string* out) { out_ = out; }

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    out_->append(s, static_cast<std::size_t>(n));
    return n;
  }
  int_type overflow(int_type ch) override {
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *out_ += traits_type::to_char_type(ch);
    }
    return ch;
  }

 private:
  std::string* out_ = nullptr;
};

// An istream buffer over a byte range, which also tells decoders how many bytes remain.
class ViewBuf final : public std::streambuf, public detail::DecodeContext {
 public:
  void view(std::string_view body) {
    char* p = const_cast<char*>(body.data());  // read-only: no put area is set
    setg(p, p, p + body.size());
  }
  std::size_t remaining() const override { return static_cast<std::size_t>(egptr() - gptr()); }
};

using OutArchive = cereal::BinaryOutputArchive;
using InArchive = detail::WireInArchive;

}  // namespace

struct FrameEncoder::Impl {
  AppendBuf buf;
  std::ostream os{&buf};
  OutArchive ar{os};

  template <typename T>
  void frame(std::uint64_t request_id, std::uint16_t opcode, std::uint8_t flags, const T& body,
             std::string& out) {
    std::size_t start = out.size();
    FrameHeader h;
    h.flags = flags;
    h.opcode = opcode;
    h.request_id = request_id;
    append_header(h, out);
    buf.target(&out);
    ar(body);
    buf.target(nullptr);
    auto length = static_cast<std::uint32_t>(out.size() - start - kFrameHeaderBytes);
    for (std::size_t i = 0; i < 4; ++i) {
      out[start + 16 + i] = static_cast<char>(static_cast<std::uint8_t>(length >> (8 * i)));
    }
  }
};

struct FrameDecoder::Impl {
  ViewBuf buf;
  std::istream is{&buf};
  InArchive ar{is, buf};

  template <typename T>
  Result<T> body(std::string_view bytes, const char* what) {
    buf.view(bytes);
    is.clear();
    T value{};
    try {
      ar(value);
    } catch (const std::exception& e) {
      return Status(StatusCode::kProtocolError,
                    fmt::format("malformed {} body: {}", what, e.what()));
    }
    if (buf.remaining() != 0) {
      return Status(StatusCode::kProtocolError,
                    fmt::format("{} trailing bytes after the {} body", buf.remaining(), what));
    }
    return value;
  }
};

FrameEncoder::FrameEncoder() : impl_(std::make_unique<Impl>()) {}
FrameEncoder::~FrameEncoder() = default;

void FrameEncoder::request(std::uint64_t request_id, const core::Request& request,
                           std::string& out) {
  impl_->frame(request_id, static_cast<std::uint16_t>(request.op), 0, request, out);
}

void FrameEncoder::response(std::uint64_t request_id, core::OpCode op,
                            const core::Response& response, std::string& out) {
  impl_->frame(request_id, static_cast<std::uint16_t>(op), kFlagResponse, response, out);
}

FrameDecoder::FrameDecoder() : impl_(std::make_unique<Impl>()) {}
FrameDecoder::~FrameDecoder() = default;

Result<core::Request> FrameDecoder::request(const FrameHeader& header, std::string_view body) {
  auto op = static_cast<core::OpCode>(header.opcode);
  if (op != core::OpCode::kPing && op != core::OpCode::kAuth && op != core::OpCode::kGetRouting &&
      !core::is_object_op(op) && !core::is_management_op(op)) {
    return Status(StatusCode::kProtocolError, fmt::format("unknown opcode {}", header.opcode));
  }
  auto r = impl_->body<core::Request>(body, "request");
  if (r) {
    r->op = op;
  }
  return r;
}

Result<core::Response> FrameDecoder::response(std::string_view body) {
  return impl_->body<core::Response>(body, "response");
}

void encode_request(std::uint64_t request_id, const core::Request& request, std::string& out) {
  FrameEncoder().request(request_id, request, out);
}

void encode_response(std::uint64_t request_id, core::OpCode op, const core::Response& response,
                     std::string& out) {
  FrameEncoder().response(request_id, op, response, out);
}

Result<core::Request> decode_request(const FrameHeader& header, std::string_view body) {
  return FrameDecoder().request(header, body);
}

Result<core::Response> decode_response(std::string_view body) {
  return FrameDecoder().response(body);
}

}  // namespace soss::net
