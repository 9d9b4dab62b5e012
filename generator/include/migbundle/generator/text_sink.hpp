// Where rendered text goes, a piece at a time, so a renderer need not build a
// whole file in memory first.
#pragma once

#include <string>
#include <string_view>

namespace migbundle::gen {

class TextSink {
 public:
  virtual ~TextSink() = default;
  virtual void append(std::string_view text) = 0;
};

/// Collects everything into a string: for tests and for small outputs.
class StringSink final : public TextSink {
 public:
  explicit StringSink(std::string& out) : out_(out) {}
  void append(std::string_view text) override { out_ += text; }

 private:
  std::string& out_;
};

}  // namespace migbundle::gen
